"""Elementwise unary ops and activations: eager vs compiled vs numpy, dtypes, stability."""
import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from graphflow.testing import assert_eager_graph_equal
from book_functions import my_softplus


def _sigmoid(x):
    return 1 / (1 + np.exp(-x.astype(np.float64)))


def _softplus(x):
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


_SELU_A, _SELU_S = 1.6732632423543772, 1.0507009873554805

# (op, numpy reference, input range)
UNARY = [
    (tf.abs, np.abs, -5, 8), (tf.sign, np.sign, -5, 8), (tf.square, np.square, -5, 8),
    (tf.sqrt, np.sqrt, 0, 8), (tf.math.rsqrt, lambda x: 1 / np.sqrt(x), 0.1, 8),
    (tf.exp, np.exp, -5, 8), (tf.math.log, np.log, 0.1, 8), (tf.math.log1p, np.log1p, -0.9, 8),
    (tf.math.expm1, np.expm1, -5, 8), (tf.sin, np.sin, -5, 8), (tf.cos, np.cos, -5, 8),
    (tf.tan, np.tan, -1.2, 1.2), (tf.tanh, np.tanh, -5, 8), (tf.sigmoid, _sigmoid, -5, 8),
    (tf.math.sigmoid, _sigmoid, -5, 8), (tf.negative, np.negative, -5, 8),
    (tf.math.reciprocal, np.reciprocal, 0.1, 8), (tf.round, np.round, -5, 8),
    (tf.floor, np.floor, -5, 8), (tf.math.ceil, np.ceil, -5, 8),
    (tf.math.erf, np.vectorize(math.erf), -3, 3),
    (tf.math.sinh, np.sinh, -3, 3), (tf.math.cosh, np.cosh, -3, 3),
    (tf.math.asinh, np.arcsinh, -5, 8), (tf.math.atan, np.arctan, -5, 8),
    (tf.math.acosh, np.arccosh, 1, 8), (tf.math.asin, np.arcsin, -1, 1),
    (tf.math.acos, np.arccos, -1, 1), (tf.math.atanh, np.arctanh, -0.9, 0.9),
    (tf.nn.relu, lambda x: np.maximum(x, 0), -5, 8),
    (tf.nn.relu6, lambda x: np.clip(x, 0, 6), -8, 8),
    (tf.nn.elu, lambda x: np.where(x > 0, x, np.expm1(x)), -5, 8),
    (tf.nn.selu, lambda x: _SELU_S * np.where(x > 0, x, _SELU_A * np.expm1(x)), -5, 8),
    (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x), -5, 8),
    (tf.nn.softplus, _softplus, -5, 8), (tf.math.softplus, _softplus, -5, 8),
    (tf.nn.softsign, lambda x: x / (1 + np.abs(x)), -5, 8),
    (tf.nn.sigmoid, _sigmoid, -5, 8), (tf.nn.tanh, np.tanh, -5, 8),
]


@pytest.mark.parametrize("op,ref,low,high", UNARY, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_unary_matches_numpy(op, ref, low, high, data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=3))
    x = data.draw(hnp.arrays(np.float32, shape, elements=st.floats(
        float(np.float32(low)), float(np.float32(high)), width=32)))
    out = assert_eager_graph_equal(op, x)
    assert out.dtype == tf.float32 and out.shape == x.shape
    np.testing.assert_allclose(out.numpy(), ref(x).astype(np.float32), rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("op", [tf.abs, tf.sign, tf.square, tf.negative, tf.round,
                                tf.nn.relu])
def test_integer_inputs_keep_their_dtype(op):
    x = np.array([-3, 0, 4], np.int32)
    out = assert_eager_graph_equal(op, x)
    assert out.dtype == tf.int32


def test_integer_reciprocal_truncates():
    out = tf.math.reciprocal(tf.constant([1, -1, 2, -2]))
    np.testing.assert_array_equal(out.numpy(), [1, -1, 0, 0])


@pytest.mark.parametrize("op", [tf.sqrt, tf.exp, tf.math.log, tf.sin, tf.floor,
                                tf.nn.softplus, tf.nn.elu])
def test_float_only_ops_refuse_integers(op):
    with pytest.raises(errors.InvalidArgumentError, match="int32"):
        op(tf.constant([1, 2]))


def test_round_is_half_to_even():
    np.testing.assert_array_equal(tf.round([0.5, 1.5, 2.5, -0.5]).numpy(), [0, 2, 2, -0])


@pytest.mark.parametrize("op", [tf.math.is_nan, tf.math.is_inf, tf.math.is_finite])
def test_predicates(op):
    x = np.array([1.0, np.nan, np.inf, -np.inf], np.float32)
    out = assert_eager_graph_equal(op, x)
    ref = {"is_nan": np.isnan, "is_inf": np.isinf, "is_finite": np.isfinite}[op.__name__]
    assert out.dtype == tf.bool
    np.testing.assert_array_equal(out.numpy(), ref(x))


def test_log_is_only_under_math_as_in_tf():
    assert not hasattr(tf, "log")
    assert tf.math.log(tf.constant(1.0)).numpy() == 0.0


def test_stable_kernels_at_extremes():
    big = np.array([100.0, -100.0, 1000.0, -1000.0], np.float32)
    np.testing.assert_allclose(tf.nn.softplus(big).numpy(), [100.0, 0.0, 1000.0, 0.0],
                               atol=1e-30)
    np.testing.assert_allclose(tf.sigmoid(big).numpy(), [1.0, 0.0, 1.0, 0.0], atol=1e-30)
    assert np.all(np.isfinite(tf.nn.elu(big).numpy()))
    assert np.all(np.isfinite(tf.nn.selu(big).numpy()))


def test_leaky_relu_alpha():
    out = tf.nn.leaky_relu(tf.constant([-2.0, 3.0]), alpha=0.5)
    np.testing.assert_allclose(out.numpy(), [-1.0, 3.0])
    np.testing.assert_allclose(tf.nn.leaky_relu(tf.constant([-1.0])).numpy(), [-0.2])


def test_book_my_softplus_and_l1_regularizer():
    def my_l1_regularizer(weights):
        return tf.reduce_sum(tf.abs(0.01 * weights))

    z = np.array([-1.0, 0.0, 2.0], np.float32)
    out = assert_eager_graph_equal(my_softplus, z)
    np.testing.assert_allclose(out.numpy(), np.log(np.exp(z) + 1), rtol=1e-6)
    np.testing.assert_allclose(out.numpy(), tf.nn.softplus(z).numpy(), rtol=1e-6)
    w = np.array([[1.0, -2.0], [3.0, -4.0]], np.float32)
    reg = assert_eager_graph_equal(my_l1_regularizer, w)
    assert reg.dtype == tf.float32 and reg.shape == ()
    np.testing.assert_allclose(reg.numpy(), 0.1, rtol=1e-6)
    # The book's point: my_softplus overflows at 100 (inf), tf.nn.softplus does not.
    assert np.isinf(my_softplus(tf.constant(1000.0)).numpy())
    assert tf.nn.softplus(tf.constant(1000.0)).numpy() == 1000.0
