"""Reductions, arg-reductions and scans: axis forms, keepdims, dtypes, errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from graphflow.testing import assert_eager_graph_equal

REDUCTIONS = [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max),
              (tf.reduce_min, np.min), (tf.reduce_prod, np.prod),
              (tf.math.reduce_sum, np.sum), (tf.math.reduce_logsumexp,
                                             lambda x, axis, keepdims: np.log(np.sum(
                                                 np.exp(x), axis=axis, keepdims=keepdims))),
              (tf.math.reduce_variance, np.var), (tf.math.reduce_std, np.std),
              (tf.math.reduce_euclidean_norm,
               lambda x, axis, keepdims: np.sqrt(np.sum(x * x, axis=axis,
                                                        keepdims=keepdims)))]


@st.composite
def array_and_axis(draw, dtype=np.float32):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    if dtype == np.float32:
        x = draw(hnp.arrays(dtype, shape, elements=st.floats(-2, 2, width=32)))
    else:
        x = draw(hnp.arrays(dtype, shape, elements=st.integers(-50, 50)))
    rank = len(shape)
    axis = draw(st.one_of(
        st.none(), st.integers(-rank, rank - 1),
        st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank, unique=True)))
    return x, axis


@pytest.mark.parametrize("op,ref", REDUCTIONS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=array_and_axis(), keepdims=st.booleans())
def test_float_reductions_match_numpy(op, ref, data, keepdims):
    x, axis = data
    out = assert_eager_graph_equal(lambda t: op(t, axis=axis, keepdims=keepdims), x,
                                   rtol=1e-5)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = ref(x.astype(np.float64), axis=np_axis, keepdims=keepdims)
    assert out.dtype == tf.float32
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=2e-5, atol=2e-5)


@pytest.mark.parametrize("op,ref", [(tf.reduce_sum, np.sum), (tf.reduce_max, np.max),
                                    (tf.reduce_min, np.min), (tf.reduce_prod, np.prod)])
@given(data=array_and_axis(np.int32))
def test_integer_reductions_keep_int32(op, ref, data):
    x, axis = data
    x = np.clip(x, -3, 3) if op is tf.reduce_prod else x
    out = assert_eager_graph_equal(lambda t: op(t, axis=axis), x)
    assert out.dtype == tf.int32
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_array_equal(out.numpy(), ref(x, axis=np_axis).astype(np.int32))


@given(data=array_and_axis(np.int32))
def test_integer_mean_stays_int_and_truncates_toward_zero(data):
    x, axis = data
    out = assert_eager_graph_equal(lambda t: tf.reduce_mean(t, axis=axis), x)
    assert out.dtype == tf.int32
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    np.testing.assert_array_equal(out.numpy(), np.trunc(np.mean(x, axis=np_axis)))


def test_book_mean_of_ints():
    assert tf.reduce_mean(tf.constant([1, 2, 4])).numpy() == 2
    assert tf.reduce_mean(tf.constant([-3, 1, 1])).numpy() == 0


def test_axis_as_tensor_and_tuple():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    expected = x.sum(axis=(0, 2))
    for axis in (tf.constant([0, 2]), (0, -1), np.array([2, 0])):
        out = assert_eager_graph_equal(lambda t: tf.reduce_sum(t, axis=axis), x)
        np.testing.assert_allclose(out.numpy(), expected)


def test_bool_reductions():
    x = np.array([[True, False], [True, True]])
    np.testing.assert_array_equal(tf.reduce_all(x, axis=1).numpy(), [False, True])
    np.testing.assert_array_equal(tf.reduce_any(x, axis=0, keepdims=True).numpy(),
                                  [[True, True]])
    assert tf.reduce_any(tf.constant(x)).dtype == tf.bool
    with pytest.raises(errors.InvalidArgumentError):
        tf.reduce_any(tf.constant([1.0]))


def test_bad_axis_raises_invalid_argument_eagerly_and_value_error_traced():
    x = tf.ones([2, 3])
    with pytest.raises(errors.InvalidArgumentError, match="Invalid reduction dimension"):
        tf.reduce_sum(x, axis=2)
    with pytest.raises(errors.InvalidArgumentError):
        tf.reduce_mean(x, axis=-3)

    @tf.function
    def f(t):
        return tf.reduce_max(t, axis=5)
    with pytest.raises(ValueError, match="Invalid reduction dimension"):
        f(x)


def test_empty_reductions():
    e = tf.zeros([0, 2])
    np.testing.assert_array_equal(tf.reduce_sum(e, axis=0).numpy(), [0, 0])
    np.testing.assert_array_equal(tf.reduce_max(e, axis=0).numpy(), [-np.inf, -np.inf])
    np.testing.assert_array_equal(tf.reduce_prod(e, axis=0).numpy(), [1, 1])


def test_partial_shapes_while_tracing():
    seen = {}

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(t):
        seen["sum"] = tf.reduce_sum(t, axis=1, keepdims=True).shape.as_list()
        seen["arg"] = tf.argmax(t, axis=1).shape.as_list()
        return tf.reduce_mean(t, axis=0)
    out = f(tf.ones([4, 3]))
    np.testing.assert_allclose(out.numpy(), [1, 1, 1])
    assert seen == {"sum": [None, 1], "arg": [None]}


@given(data=array_and_axis())
def test_argmax_argmin(data):
    x, axis = data
    axis = axis[0] if isinstance(axis, list) else axis
    for op, ref in ((tf.argmax, np.argmax), (tf.math.argmin, np.argmin)):
        out = assert_eager_graph_equal(lambda t: op(t, axis=axis), x)
        assert out.dtype == tf.int64
        np.testing.assert_array_equal(out.numpy(), ref(x, axis=0 if axis is None else axis))


def test_argmax_output_type_and_errors():
    x = tf.constant([[1, 9, 9], [7, 2, 3]])
    out = tf.argmax(x, axis=1, output_type=tf.int32)
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), [1, 0])
    with pytest.raises(errors.InvalidArgumentError):
        tf.argmax(x, axis=2)
    with pytest.raises(errors.InvalidArgumentError):
        tf.argmax(tf.zeros([0]))


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_cumsum_and_cumprod(exclusive, reverse, axis):
    x = np.array([[1, 2, 3], [4, 5, 6]], np.float32)

    def ref(fn, identity):
        y = np.flip(x, axis) if reverse else x
        out = fn(y, axis=axis)
        if exclusive:
            out = np.concatenate([np.full_like(np.take(out, [0], axis), identity),
                                  np.delete(out, -1, axis)], axis)
        return np.flip(out, axis) if reverse else out
    s = assert_eager_graph_equal(lambda t: tf.cumsum(t, axis, exclusive, reverse), x)
    p = assert_eager_graph_equal(lambda t: tf.math.cumprod(t, axis, exclusive, reverse), x)
    np.testing.assert_allclose(s.numpy(), ref(np.cumsum, 0))
    np.testing.assert_allclose(p.numpy(), ref(np.cumprod, 1))
    assert tf.cumsum(tf.constant([1, 2, 3])).dtype == tf.int32


def test_count_nonzero():
    x = tf.constant([[0, 1, 2], [0, 0, 3]])
    out = tf.math.count_nonzero(x, axis=1)
    assert out.dtype == tf.int64
    np.testing.assert_array_equal(out.numpy(), [2, 1])


def test_logsumexp_is_stable():
    x = tf.constant([1000.0, 1000.0])
    np.testing.assert_allclose(tf.math.reduce_logsumexp(x).numpy(), 1000 + np.log(2))
    inf = tf.constant([-np.inf, -np.inf])
    assert tf.math.reduce_logsumexp(inf).numpy() == -np.inf


def test_half_precision_sums_accumulate_in_float32():
    x = np.full(4096, 0.1, np.float16)
    total = tf.reduce_sum(x)
    assert total.dtype == tf.float16
    np.testing.assert_allclose(float(total.numpy()), 4096 * float(np.float16(0.1)), rtol=1e-3)
    np.testing.assert_allclose(float(tf.reduce_mean(x).numpy()), float(np.float16(0.1)),
                               rtol=1e-3)


@pytest.mark.parametrize("op,ref", [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean),
                                    (tf.reduce_max, np.max), (tf.reduce_prod, np.prod)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_axis_computed_in_the_graph(op, ref, keepdims):
    x = np.arange(1, 25, dtype=np.float32).reshape(2, 3, 4) / 10

    @tf.function
    def f(t, axis):
        return op(t, axis=axis, keepdims=keepdims), op(t, axis=tf.rank(t) - 1)
    for axis in ([0, 2], [1], -1):
        got, last = f(x, tf.constant(axis))
        expected = ref(x, axis=tuple(np.atleast_1d(axis)), keepdims=keepdims)
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-6)
        np.testing.assert_allclose(last.numpy(), ref(x, axis=-1), rtol=1e-6)
    with pytest.raises(errors.InvalidArgumentError, match="reduction dimension"):
        f(x, tf.constant(3))
