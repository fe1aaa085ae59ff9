"""Test configuration: kernel results are checked against op rules; hypothesis profiles."""
import os

import numpy as np
import pytest
from hypothesis import settings, HealthCheck

from graphflow import config

settings.register_profile("ci", max_examples=25, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=10, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

config.set_debug(True)


# GRAPHFLOW_EXECUTOR=<name> runs the whole suite under one executor.
DEFAULT_EXECUTOR = os.environ.get("GRAPHFLOW_EXECUTOR", "auto")


@pytest.fixture(autouse=True)
def _seed():
    from graphflow.runtime import parallel
    np.random.seed(0)
    config.set_executor(DEFAULT_EXECUTOR)
    parallel.FORCE_POOL = DEFAULT_EXECUTOR == "parallel"   # exercise the scheduler fully
    yield
    config.set_executor(DEFAULT_EXECUTOR)
    parallel.FORCE_POOL = DEFAULT_EXECUTOR == "parallel"
    config.run_functions_eagerly(False)


EXECUTORS = ["interpreter", "codegen", "parallel", "auto"]


@pytest.fixture(params=EXECUTORS)
def executor(request):
    """Run the test under each executor. Under "parallel" every node goes through the
    thread pool (not only the ones the cost model calls heavy), so the scheduler itself
    is exercised even by small graphs."""
    from graphflow.runtime import parallel
    config.set_executor(request.param)
    parallel.FORCE_POOL = request.param == "parallel"
    try:
        yield request.param
    finally:
        parallel.FORCE_POOL = DEFAULT_EXECUTOR == "parallel"
        config.set_executor(DEFAULT_EXECUTOR)
