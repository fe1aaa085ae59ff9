"""Gradient rules of elementwise math ops: tape vs finite differences, eager and compiled."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow.testing import check_grads
from book_functions import my_softplus

FEW = settings(max_examples=8)


def values(data, shape, low, high, away_from_zero=0.0):
    """Float64 values in [low, high], optionally with |x| >= away_from_zero (kinks)."""
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(low, high)))
    if away_from_zero:
        x = np.where(np.abs(x) < away_from_zero, np.where(x < 0, -1, 1) * away_from_zero, x)
    return x


shapes = hnp.array_shapes(min_dims=0, max_dims=3, max_side=3)
pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3)

UNARY = [
    (tf.abs, -2, 2, 0.1), (tf.square, -2, 2, 0), (tf.sqrt, 0.2, 3, 0),
    (tf.math.rsqrt, 0.2, 3, 0), (tf.exp, -2, 2, 0), (tf.math.log, 0.2, 3, 0),
    (tf.math.log1p, -0.5, 2, 0), (tf.math.expm1, -2, 2, 0), (tf.sin, -3, 3, 0),
    (tf.cos, -3, 3, 0), (tf.tan, -1.2, 1.2, 0), (tf.tanh, -2, 2, 0),
    (tf.sigmoid, -4, 4, 0), (tf.negative, -2, 2, 0), (tf.math.reciprocal, 0.3, 3, 0),
    (tf.math.erf, -2, 2, 0), (tf.math.sinh, -2, 2, 0), (tf.math.cosh, -2, 2, 0),
    (tf.math.asin, -0.9, 0.9, 0), (tf.math.acos, -0.9, 0.9, 0), (tf.math.atan, -3, 3, 0),
    (tf.math.asinh, -3, 3, 0), (tf.math.acosh, 1.2, 3, 0), (tf.math.atanh, -0.9, 0.9, 0),
    (tf.nn.relu, -2, 2, 0.1), (tf.nn.relu6, -2, 8, 0.1),
    (tf.nn.elu, -2, 2, 0.1), (tf.nn.selu, -2, 2, 0.1), (tf.nn.leaky_relu, -2, 2, 0.1),
    (tf.nn.softplus, -5, 5, 0), (tf.nn.softsign, -3, 3, 0.05),
    (tf.identity, -2, 2, 0), (lambda x: tf.clip_by_value(x, -0.5, 0.5), -2, 2, 0),
]


@pytest.mark.parametrize("op,low,high,away", UNARY, ids=lambda v: getattr(v, "__name__", ""))
@FEW
@given(data=st.data(), shape=shapes)
def test_unary_grads(op, low, high, away, data, shape):
    x = values(data, shape, low, high, away)
    if op is tf.nn.relu6:
        x = np.where(np.abs(x - 6) < 0.1, 5.5, x)
    if op is UNARY[-1][0]:  # clip_by_value's corners at +-0.5
        x = np.where(np.abs(np.abs(x) - 0.5) < 0.05, 0.2, x)
    check_grads(op, [x], rtol=1e-4 if op is not tf.tan else 1e-3)


def _not_near_multiples(x, y):
    """Shift x so x / y stays away from integers (floormod's jumps)."""
    q = x / y
    frac = q - np.floor(q)
    return np.where(np.abs(frac - 0.5) > 0.4, x + 0.5 * y, x)


BINARY = [
    (tf.add, (-2, 2), (-2, 2)), (tf.subtract, (-2, 2), (-2, 2)),
    (tf.multiply, (-2, 2), (-2, 2)), (tf.divide, (-2, 2), (0.5, 2)),
    (tf.math.divide_no_nan, (-2, 2), (0.5, 2)),
    (tf.pow, (0.5, 2), (-2, 2)), (tf.squared_difference, (-2, 2), (-2, 2)),
    (tf.maximum, (-2, 2), (-2, 2)), (tf.minimum, (-2, 2), (-2, 2)),
    (tf.math.floormod, (-3, 3), (0.5, 2)), (tf.truncatemod, (-3, 3), (0.5, 2)),
    (tf.math.atan2, (-2, 2), (0.5, 2)),
    (lambda x, y: x * y + x / y - y ** 2, (-2, 2), (0.5, 2)),
]


@pytest.mark.parametrize("op,xr,yr", BINARY, ids=lambda v: getattr(v, "__name__", ""))
@FEW
@given(data=st.data(), shape_pair=pairs)
def test_binary_grads_with_broadcasting(op, xr, yr, data, shape_pair):
    (sx, sy), _ = shape_pair
    x, y = values(data, sx, *xr), values(data, sy, *yr)
    if op in (tf.maximum, tf.minimum):
        x, y = np.round(x) + 0.25, np.round(y) - 0.25  # never tied
    if op in (tf.math.floormod, tf.truncatemod):
        x = _not_near_multiples(*np.broadcast_arrays(x, y))
    check_grads(op, [x, y])


def test_cast_grads_between_float_types():
    x = np.random.rand(2, 3)
    check_grads(lambda t: tf.square(tf.cast(tf.cast(t, tf.float32), tf.float64)), [x],
                eps=1e-2, rtol=1e-3)


def test_add_n_grads():
    xs = [np.random.rand(2, 3) for _ in range(3)]
    check_grads(lambda a, b, c: tf.add_n([a, b, c]) * tf.add_n([a, a]), xs)


def test_pow_grad_at_zero_base_is_finite_for_the_exponent():
    x = tf.constant([0.0, 2.0], tf.float64)
    y = tf.constant([2.0, 3.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch([x, y])
        z = tf.pow(x, y)
    gx, gy = tape.gradient(z, [x, y])
    np.testing.assert_allclose(gx.numpy(), [0.0, 12.0])
    np.testing.assert_allclose(gy.numpy(), [0.0, 8 * np.log(2)])


@pytest.mark.parametrize("op", [
    lambda x: tf.round(x), lambda x: tf.floor(x), lambda x: tf.math.ceil(x),
    lambda x: tf.cast(tf.argmax(x), tf.float64), lambda x: tf.cast(x > 0.0, tf.float64),
    lambda x: tf.cast(tf.equal(x, x), tf.float64), lambda x: tf.cast(tf.cast(x, tf.int32),
                                                                        tf.float64),
    lambda x: tf.math.floordiv(x, 2.0)])
def test_non_differentiable_ops_give_none(op):
    x = tf.constant([0.3, 1.7], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = op(x)
    assert tape.gradient(y, x) is None


def test_sign_gradient_is_zero():
    x = tf.constant([-1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sign(x)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [0.0, 0.0])


def test_integer_sources_give_none():
    x = tf.constant([1, 2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x) is None


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_book_my_softplus_gradient_is_nan_at_100():
    x = tf.Variable([100.0])
    with tf.GradientTape() as tape:
        z = my_softplus(x)
    assert np.isnan(tape.gradient(z, [x])[0].numpy()[0])
    with tf.GradientTape() as tape:
        z = tf.nn.softplus(x)
    np.testing.assert_allclose(tape.gradient(z, [x])[0].numpy(), [1.0])


def test_book_l1_regularizer_gradient():
    w = tf.Variable([[1.0, -2.0], [3.0, 0.5]])
    with tf.GradientTape() as tape:
        reg = tf.reduce_sum(tf.abs(0.01 * w))
    np.testing.assert_allclose(tape.gradient(reg, w).numpy(), 0.01 * np.sign(w.numpy()))
