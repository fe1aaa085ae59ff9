"""Test configuration: kernel results are checked against op rules; hypothesis profiles."""
import os

import numpy as np
import pytest
from hypothesis import settings, HealthCheck

import graphflow as tf
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


EXECUTORS = ["interpreter", "codegen", "parallel"]


@pytest.fixture(params=[e for e in EXECUTORS])
def executor(request):
    """Run the test under each executor (skipped where an executor does not exist yet)."""
    try:
        config.set_executor(request.param)
        from graphflow.runtime.executor import compile_graph
        compile_graph(tf.Graph() if hasattr(tf, "Graph") else _empty_graph())
    except ValueError as e:
        pytest.skip(str(e))
    yield request.param
    config.set_executor("auto")


def _empty_graph():
    from graphflow.graph.graph import Graph
    return Graph("empty")
