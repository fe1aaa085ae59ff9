"""Many threads calling one compiled function: correct, one trace per signature, no deadlock."""
import threading

import numpy as np
import pytest

import graphflow as tf
from graphflow import config
from graphflow.runtime import parallel

THREADS = 8
CALLS = 1000


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", ["auto", "codegen", "parallel", "interpreter"])
def test_eight_threads_share_one_function(name):
    config.set_executor(name)
    parallel.FORCE_POOL = name == "parallel"   # every node through the shared pool
    try:
        _hammer(name)
    finally:
        parallel.FORCE_POOL = False


def _hammer(name):
    traces = []

    @tf.function(autograph=False)   # explicit tf.cond; this test is about the runtime
    def f(x, y):
        traces.append(1)
        return tf.reduce_sum(x * y) + tf.cond(tf.reduce_sum(x) > 0, lambda: 1.0, lambda: -1.0)

    start = threading.Barrier(THREADS)
    failures = []

    def worker(k):
        try:
            start.wait()
            for i in range(CALLS if name != "interpreter" else CALLS // 4):
                x = np.full(3, float(k + i % 5), np.float32)
                got = float(f(tf.constant(x), tf.constant(np.ones(3, np.float32))))
                want = 3.0 * (k + i % 5) + (1.0 if k + i % 5 > 0 else -1.0)
                if got != want:
                    failures.append((k, i, got, want))
                    return
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(50)
    assert not any(t.is_alive() for t in threads), "deadlock"
    assert failures == []
    assert len(traces) == 1
    assert f.experimental_get_tracing_count() == 1
