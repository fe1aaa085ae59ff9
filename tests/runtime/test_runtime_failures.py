"""Errors inside executors: right class, message, node and user line; nothing hangs."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import config, errors
from graphflow.runtime import parallel


def _divide_by(d):
    return tf.math.floordiv(tf.constant(7), d)   # the failing line


@pytest.mark.timeout(20)
def test_kernel_error_names_node_and_line(executor):
    @tf.function
    def f(x, d):
        y = x * 2
        return y + _divide_by(d)

    with pytest.raises(errors.InvalidArgumentError) as info:
        f(tf.constant(1), tf.constant(0))
    msg = str(info.value)
    assert "Integer division by zero" in msg
    assert "FloorDiv" in msg
    assert "the failing line" in msg          # the user's source line is quoted
    assert int(f(tf.constant(1), tf.constant(7))) == 3   # the next call works


@pytest.mark.timeout(20)
def test_first_error_cancels_parallel_run_and_pool_survives():
    config.set_executor("parallel")
    parallel.FORCE_POOL = True
    try:
        @tf.function
        def wide(x, d):
            parts = [tf.tanh(x * float(i)) for i in range(6)]
            bad = tf.math.floordiv(tf.constant(1), d)
            return tf.add_n(parts) if hasattr(tf, "add_n") else parts[0] + parts[5], bad

        x = tf.constant(np.ones(4, np.float32))
        for _ in range(3):
            with pytest.raises(errors.InvalidArgumentError, match="division by zero"):
                wide(x, tf.constant(0))
        out, bad = wide(x, tf.constant(1))
        assert int(bad) == 1 and out.shape == (4,)
    finally:
        parallel.FORCE_POOL = False


@pytest.mark.timeout(20)
def test_error_inside_while_body_under_every_executor(executor):
    @tf.function
    def f(d):
        def body(i, acc):
            return i + 1, acc + tf.math.floordiv(10, d - i)
        return tf.while_loop(lambda i, acc: i < 5, body, [tf.constant(0), tf.constant(0)])

    with pytest.raises(errors.InvalidArgumentError, match="division by zero"):
        f(tf.constant(3))
    assert int(f(tf.constant(10))[1]) == sum(10 // (10 - i) for i in range(5))


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(getattr(tf, "debugging", None), "assert_non_negative"),
                    reason="graphflow.debugging.assert_non_negative not available")
def test_failing_assert_in_parallel_executor():
    config.set_executor("parallel")
    parallel.FORCE_POOL = True
    try:
        @tf.function
        def checked(x):
            tf.debugging.assert_non_negative(x, message="x must be non-negative")
            return x * 2

        for _ in range(2):
            with pytest.raises(errors.InvalidArgumentError, match="x must be non-negative"):
                checked(tf.constant([1.0, -1.0]))
        np.testing.assert_array_equal(checked(tf.constant([1.0, 2.0])).numpy(), [2.0, 4.0])
    finally:
        parallel.FORCE_POOL = False


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(tf, "py_function"), reason="graphflow.py_function not available")
def test_raising_py_function_in_parallel_executor():
    config.set_executor("parallel")
    parallel.FORCE_POOL = True
    try:
        def boom(x):
            if x.numpy() < 0:
                raise ValueError("negative input to boom")
            return x

        @tf.function
        def f(x):
            return tf.py_function(boom, [x], tf.float32) + 1.0

        with pytest.raises(Exception, match="negative input to boom") as in_parallel:
            f(tf.constant(-1.0))
        assert float(f(tf.constant(2.0))) == 3.0
        config.set_executor("interpreter")
        with pytest.raises(Exception, match="negative input to boom") as in_reference:
            tf.function(f.python_function)(tf.constant(-1.0))
        assert type(in_parallel.value) is type(in_reference.value)
    finally:
        parallel.FORCE_POOL = False


@pytest.mark.timeout(20)
def test_callers_numpy_error_state_applies_on_pool_threads():
    config.set_executor("parallel")
    parallel.FORCE_POOL = True
    try:
        f = tf.function(lambda x, y: x / y, autograph=False)
        with np.errstate(divide="raise"):
            with pytest.raises(errors.InvalidArgumentError, match="divide by zero"):
                f(tf.constant([1.0]), tf.constant([0.0]))
        with np.errstate(divide="ignore"):
            assert np.isinf(f(tf.constant([1.0]), tf.constant([0.0])).numpy()[0])
    finally:
        parallel.FORCE_POOL = False
