"""Every math/nn op on every dtype it accepts: the kernel's result dtype and shape match the
op's rule (conftest turns on debug checks), eagerly and compiled."""
import numpy as np
import pytest

import graphflow as tf
from graphflow.testing import assert_eager_graph_equal

FLOATS = [np.float16, np.float32, np.float64]
INTS = [np.int8, np.int16, np.int32, np.int64, np.uint8]

UNARY_FLOAT = [tf.sqrt, tf.math.rsqrt, tf.exp, tf.math.log, tf.math.log1p, tf.math.expm1,
               tf.sin, tf.cos, tf.tan, tf.tanh, tf.sigmoid, tf.math.erf, tf.floor,
               tf.math.ceil, tf.round, tf.math.reciprocal, tf.abs, tf.sign, tf.square,
               tf.negative, tf.math.sinh, tf.math.atan, tf.nn.relu, tf.nn.relu6, tf.nn.elu,
               tf.nn.selu, tf.nn.leaky_relu, tf.nn.softplus, tf.nn.softsign, tf.nn.softmax,
               tf.nn.log_softmax, tf.nn.l2_loss, tf.math.is_nan, tf.math.is_finite,
               lambda x: tf.reduce_mean(x, axis=0), lambda x: tf.reduce_prod(x, axis=1),
               lambda x: tf.math.reduce_std(x), lambda x: tf.math.reduce_logsumexp(x, 1),
               lambda x: tf.cumsum(x, 1), lambda x: tf.norm(x), lambda x: tf.norm(x, 2, [0, 1]),
               lambda x: tf.matmul(x, x), lambda x: tf.einsum("ij,jk->ik", x, x),
               lambda x: tf.sort(x), lambda x: tf.math.top_k(x, 2), lambda x: tf.argmax(x, 1)]
UNARY_INT = [tf.abs, tf.sign, tf.square, tf.negative, tf.round, tf.nn.relu,
             lambda x: tf.reduce_sum(x, axis=0), lambda x: tf.reduce_max(x),
             lambda x: tf.reduce_mean(x, 1), lambda x: tf.reduce_prod(x),
             lambda x: tf.cumsum(x, 1, exclusive=True), lambda x: tf.argmin(x),
             lambda x: tf.sort(x, direction="DESCENDING"), lambda x: tf.math.top_k(x, 1)]
BINARY = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum, tf.math.floordiv,
          tf.math.floormod, tf.truncatediv, tf.truncatemod, tf.squared_difference, tf.pow,
          tf.less, tf.equal, tf.divide, lambda x, y: tf.add_n([x, x * y, x])]


def _signed(dtype):
    return np.dtype(dtype).kind != "u"


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("op", UNARY_FLOAT)
def test_float_ops_keep_float_widths(op, dtype):
    x = np.array([[0.5, 1.5, 2.0], [0.25, 3.0, 1.0], [2.5, 0.75, 1.25]], dtype)
    assert_eager_graph_equal(op, x, rtol=1e-2, atol=1e-2)


@pytest.mark.parametrize("dtype", INTS)
@pytest.mark.parametrize("op", UNARY_INT)
def test_integer_ops(op, dtype):
    x = np.array([[1, 5, 2], [4, 3, 6]], dtype)
    if op in (tf.abs, tf.sign, tf.negative) and not _signed(dtype):
        return  # TF has no kernels for these on unsigned types
    assert_eager_graph_equal(op, x)


@pytest.mark.parametrize("dtype", FLOATS + INTS)
@pytest.mark.parametrize("op", BINARY)
def test_binary_ops(op, dtype):
    x = np.array([[7, 3], [6, 1]], dtype)
    y = np.array([2, 3], dtype)
    out = assert_eager_graph_equal(op, x, y, rtol=1e-2)
    if op is tf.divide:
        expected = {1: tf.float32, 2: tf.float32}.get(np.dtype(dtype).itemsize, tf.float64)
        assert out.dtype == (expected if np.dtype(dtype).kind in "iu" else
                             tf.as_dtype(dtype))
    elif op in (tf.less, tf.equal):
        assert out.dtype == tf.bool
    else:
        assert out.dtype == tf.as_dtype(dtype)
