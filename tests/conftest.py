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


@pytest.fixture(autouse=True)
def _seed():
    np.random.seed(0)
    yield
    config.set_executor("auto")
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
        parallel.FORCE_POOL = False
        config.set_executor("auto")
