"""range, linspace, eye, fill/zeros/ones(_like), shape/size/rank, pad, identity."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from array_helpers import check_modes, check_grad


def test_range_dtype_inference_as_tf():
    assert tf.range(5).dtype is tf.int32
    assert tf.range(1, 5, 2).dtype is tf.int32
    assert tf.range(0., 1., 0.25).dtype is tf.float32
    assert tf.range(0, 1, 0.25).dtype is tf.float32
    assert tf.range(tf.constant(3, tf.int64)).dtype is tf.int64
    assert tf.range(tf.constant(3., tf.float64)).dtype is tf.float64
    assert tf.range(3, dtype=tf.float64).dtype is tf.float64
    np.testing.assert_array_equal(tf.range(3, dtype=tf.float32), [0., 1., 2.])


@given(st.integers(-20, 20), st.integers(-20, 20), st.integers(-5, 5).filter(bool))
def test_range_matches_numpy_arange(start, limit, delta):
    if (delta > 0 and start > limit) or (delta < 0 and start < limit):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Requires start"):
            tf.range(start, limit, delta)
        return
    check_modes(lambda: tf.range(start, limit, delta), [], np.arange(start, limit, delta),
                np.int32)


def test_range_float_and_tensor_limits():
    np.testing.assert_allclose(tf.range(1., 2., 0.3), [1., 1.3, 1.6, 1.9], rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError, match="delta != 0"):
        tf.range(0, 5, 0)

    @tf.function
    def f(n):
        r = tf.range(n)
        assert r.shape.as_list() == [None]
        return r
    np.testing.assert_array_equal(f(tf.constant(4)), [0, 1, 2, 3])
    assert tf.function(lambda: tf.range(2, 9, 3))().shape == (3,)


def test_linspace_and_eye():
    check_modes(lambda: tf.linspace(0., 1., 5), [], np.linspace(0, 1, 5), np.float32)
    out = tf.linspace(tf.constant([0., 10.]), tf.constant([1., 20.]), 3, axis=1)
    np.testing.assert_allclose(out, [[0., .5, 1.], [10., 15., 20.]])
    assert tf.linspace(tf.constant(0., tf.float64), 1., 3).dtype is tf.float64
    check_modes(lambda: tf.eye(3), [], np.eye(3), np.float32)
    check_modes(lambda: tf.eye(2, 3, dtype=tf.int32), [], np.eye(2, 3), np.int32)
    e = tf.eye(2, batch_shape=[3])
    assert e.shape == (3, 2, 2)
    np.testing.assert_array_equal(e[1], np.eye(2))


def test_fills_and_likes():
    check_modes(lambda: tf.zeros([2, 3]), [], np.zeros((2, 3)), np.float32)
    check_modes(lambda: tf.ones((2,), dtype=tf.int64), [], np.ones(2), np.int64)
    check_modes(lambda: tf.fill([2, 2], 7), [], np.full((2, 2), 7), np.int32)
    x = tf.constant([[1, 2], [3, 4]])
    check_modes(lambda t: tf.zeros_like(t), [x], np.zeros((2, 2)), np.int32)
    check_modes(lambda t: tf.ones_like(t, dtype=tf.float32), [x], np.ones((2, 2)), np.float32)
    assert tf.zeros(tf.TensorShape([3])).shape == (3,)
    assert tf.zeros(tf.shape(x)).shape == (2, 2)


def test_shape_size_rank_out_types():
    x = tf.zeros([2, 3, 4])
    check_modes(lambda t: tf.shape(t), [x], [2, 3, 4], np.int32)
    check_modes(lambda t: tf.shape(t, out_type=tf.int64), [x], [2, 3, 4], np.int64)
    check_modes(lambda t: tf.size(t), [x], 24, np.int32)
    check_modes(lambda t: tf.rank(t), [x], 3, np.int32)

    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def f(t):
        return tf.shape(t)[0] * 10 + tf.size(t)
    assert int(f(tf.zeros([2, 3]))) == 26


@pytest.mark.parametrize("mode", ["CONSTANT", "REFLECT", "SYMMETRIC", "reflect"])
def test_pad_modes_match_numpy(mode):
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    pads = [[1, 2], [2, 1]]
    np_mode = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}[
        mode.upper()]
    check_modes(lambda t: tf.pad(t, pads, mode), [tf.constant(x)], np.pad(x, pads, np_mode))
    check_grad(lambda t: tf.pad(t, pads, mode), x.astype(np.float64))


@given(hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=3),
                  elements=st.integers(-9, 9)), st.data())
def test_pad_constant_values(x, data):
    pads = data.draw(st.lists(st.lists(st.integers(0, 2), min_size=2, max_size=2),
                              min_size=x.ndim, max_size=x.ndim))
    check_modes(lambda t: tf.pad(t, pads, constant_values=7), [tf.constant(x)],
                np.pad(x, pads, constant_values=7), np.int32)


def test_pad_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="less than"):
        tf.pad(tf.zeros([2, 2]), [[2, 0], [0, 0]], "REFLECT")
    with pytest.raises(tf.errors.InvalidArgumentError, match="rank"):
        tf.pad(tf.zeros([2, 2]), [[1, 1]])
    with pytest.raises(ValueError, match="mode"):
        tf.pad(tf.zeros([2]), [[1, 1]], "WRAP")


def test_identity_and_its_gradient():
    check_modes(lambda t: tf.identity(t), [tf.constant([1, 2])], [1, 2], np.int32)
    check_grad(lambda t: tf.identity(t) * 2., np.array([1., 2.]))


def test_newaxis_is_none():
    assert tf.newaxis is None


def test_pad_default_value_is_the_dtype_zero():
    np.testing.assert_array_equal(tf.pad(tf.constant([True]), [[1, 0]]), [False, True])
    assert tf.pad(tf.constant(["a"]), [[0, 1]]).numpy().tolist() == [b"a", b""]
    padded = tf.function(lambda t: tf.pad(t, [[1, 1]], constant_values=-1))(tf.constant([5]))
    np.testing.assert_array_equal(padded, [-1, 5, -1])


def test_empty_edge_cases():
    assert tf.range(0).shape == (0,) and tf.range(5, 0, -2).numpy().tolist() == [5, 3, 1]
    assert tf.linspace(0., 1., 0).shape == (0,) and tf.eye(0).shape == (0, 0)
    assert tf.one_hot([1], 0).shape == (1, 0)
    assert tf.gather(tf.zeros([0, 3]), tf.zeros([0, 2], tf.int32), axis=1,
                     batch_dims=1).shape == (0, 2)
    assert tf.boolean_mask(tf.constant([1, 2]), [False, False]).shape == (0,)
    assert tf.concat([tf.zeros([0, 2]), tf.ones([1, 2])], 0).shape == (1, 2)


def test_string_zeros_are_empty_strings():
    assert tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    assert tf.zeros_like(tf.constant(["a"])).numpy().tolist() == [b""]
    assert tf.zeros_like(tf.constant([True])).numpy().tolist() == [False]
