"""Errors found while tracing use TF's graph-mode classes; eager raises InvalidArgumentError."""
import pytest

import graphflow as tf


def test_dtype_mismatch_at_trace_time_is_type_error():
    @tf.function
    def f(x, y):
        return x + y
    with pytest.raises(TypeError) as info:
        f(tf.constant(1.0), tf.constant(1))
    msg = str(info.value)
    assert "AddV2" in msg and "float" in msg and "int32" in msg
    assert "test_trace_errors.py" in msg


def test_shape_mismatch_at_trace_time_is_value_error():
    @tf.function
    def f(a, b):
        return tf.matmul(a, b)
    with pytest.raises(ValueError, match=r"\[2, ?3\].*\[2, ?3\]"):
        f(tf.ones([2, 3]), tf.ones([2, 3]))


def test_eager_shape_mismatch_is_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))


def test_symbolic_tensor_as_bool_raises():
    @tf.function(autograph=False)
    def f(x):
        if x > 0:
            return x
        return -x
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="AutoGraph"):
        f(tf.constant(1.0))


def test_returning_python_scalars_gives_tensors():
    @tf.function
    def f():
        return 3
    out = f()
    assert isinstance(out, tf.Tensor) and out.dtype is tf.int32


def test_leaked_symbolic_tensor_used_eagerly_is_refused():
    leaked = []

    @tf.function
    def f(x):
        leaked.append(x * 2)
        return x
    f(tf.constant(1.0))
    with pytest.raises(TypeError, match="outside of the function"):
        leaked[0] + 1.0
