"""The code-generating executor: visible source, caching, tracebacks, executor choice."""
import linecache
import traceback

import numpy as np
import pytest

import graphflow as tf
from graphflow import config, errors
from graphflow.runtime import executor as executor_mod
from graphflow.runtime import parallel


def _concrete(fn, *args):
    return tf.function(fn, autograph=False).get_concrete_function(*args)


def test_lowered_code_has_one_statement_per_node_and_python_control_flow():
    config.set_executor("codegen")
    def fn(x):
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x - 1.0)
        return tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v + y),
                             [tf.constant(0), y])[1]

    cf = _concrete(fn, tf.constant([1.0, 2.0]))
    code = cf.lowered_code
    assert code.startswith("def graphflow_fn(")
    assert "\n            if " in code or "\n        if " in code
    assert "while True:" in code
    assert "Placeholder" not in code
    assert cf.lowered_code is cf.lowered_code          # cached, not regenerated
    np.testing.assert_array_equal(cf(tf.constant([1.0, 2.0])).numpy(), [8.0, 16.0])


def test_source_is_registered_for_tracebacks():
    config.set_executor("codegen")
    cf = _concrete(lambda x: tf.math.floordiv(x, tf.constant(0)), tf.constant(3))
    with pytest.raises(errors.InvalidArgumentError) as info:
        cf(tf.constant(3))
    frames = traceback.extract_tb(info.value.__cause__.__traceback__)
    generated = [f for f in frames if f.filename.startswith("<graphflow-codegen")]
    assert generated and "FloorDiv" in generated[0].line
    assert linecache.getline(generated[0].filename, generated[0].lineno).strip()


def test_scalar_constants_and_integer_division_keep_tf_semantics(executor):
    @tf.function(autograph=False)
    def fn(a, b):
        return a // b, a % b, a * 3 - 1, a < b

    for a, b in [(7, 2), (-7, 2), (7, -2)]:
        q, r, lin, lt = fn(tf.constant(a), tf.constant(b))
        assert (int(q), int(r), int(lin), bool(lt)) == (a // b, a % b, a * 3 - 1, a < b)
        assert q.dtype == tf.int32 and lt.dtype == tf.bool
    with pytest.raises(errors.InvalidArgumentError, match="division by zero"):
        fn(tf.constant(1), tf.constant(0))


def test_executor_names_are_checked():
    with pytest.raises(ValueError, match="executor must be one of"):
        config.set_executor("turbo")
    for name in ("auto", "codegen", "parallel", "interpreter"):
        config.set_executor(name)
        assert config.get_executor() == name


def test_auto_picks_parallel_only_for_wide_heavy_graphs():
    def wide(x, y):
        return tf.reduce_sum(x, axis=0), tf.reduce_max(y, axis=1)

    def matmuls(x, y):   # BLAS uses every core already: no inter-op parallelism
        return tf.matmul(x, x), tf.matmul(y, y)

    def small(x):
        return x * 2.0 + 1.0

    big = tf.constant(np.ones((512, 512), np.float32))
    wide_graph = _concrete(wide, big, big + 1.0).graph
    assert executor_mod.resolve(wide_graph, "auto") == "parallel"
    assert executor_mod.resolve(_concrete(matmuls, big, big + 1.0).graph, "auto") == "codegen"
    assert executor_mod.resolve(_concrete(small, tf.constant([1.0])).graph, "auto") == "codegen"


def test_inter_op_threads_setting_sizes_the_pool():
    before = config.threading.get_inter_op_parallelism_threads()
    try:
        config.threading.set_inter_op_parallelism_threads(3)
        assert parallel.pool_size() == 3
        config.threading.set_inter_op_parallelism_threads(0)
        assert parallel.pool_size() >= 1
        with pytest.raises(ValueError):
            config.threading.set_inter_op_parallelism_threads(-1)
    finally:
        config.threading.set_inter_op_parallelism_threads(before)


def test_intra_op_threads_setting_splits_fused_blocks():
    before = config.threading.get_intra_op_parallelism_threads()
    try:
        config.threading.set_intra_op_parallelism_threads(1)
        assert parallel.block_threads() == 1
        calls = []
        parallel.run_blocks(lambda lo, hi: calls.append((lo, hi)), 10 * 64, 64)
        assert calls == [(0, 640)]                  # one thread: one call over everything
        config.threading.set_intra_op_parallelism_threads(2)
        calls.clear()
        parallel.run_blocks(lambda lo, hi: calls.append((lo, hi)), 10 * 64 + 5, 64)
        covered = sorted(calls)
        assert covered[0][0] == 0 and covered[-1][1] == 10 * 64 + 5
        assert all(a[1] == b[0] for a, b in zip(covered, covered[1:]))   # no gaps, no overlap
    finally:
        config.threading.set_intra_op_parallelism_threads(before)


def test_one_thread_runs_everything_inline(executor):
    before = config.threading.get_inter_op_parallelism_threads()
    config.threading.set_inter_op_parallelism_threads(1)
    try:
        f = tf.function(lambda x: tf.reduce_sum(tf.exp(x) * x), autograph=False)
        x = np.linspace(-1, 1, 100000).astype(np.float32)
        np.testing.assert_allclose(f(tf.constant(x)).numpy(), np.sum(np.exp(x) * x),
                                   rtol=1e-4)
    finally:
        config.threading.set_inter_op_parallelism_threads(before)


def test_deeply_nested_control_flow_compiles(executor):
    def nest(x, depth):
        if depth == 0:
            return x + 1.0
        return tf.cond(x > 0, lambda: nest(x - 1.0, depth - 1), lambda: x * 2.0)

    @tf.function(autograph=False)
    def fn(x):
        return tf.while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, nest(v, 25)),
                             [tf.constant(0), x])[1]

    def reference(v):
        for _ in range(2):
            w = v
            for _ in range(25):
                if w <= 0:
                    w = w * 2.0
                    break
                w = w - 1.0
            else:
                w = w + 1.0
            v = w
        return v

    for start in (30.0, 3.0):
        assert float(fn(tf.constant(start))) == reference(start)
