"""transpose, reshape, squeeze, expand_dims, concat, stack, split, tile, reverse:
eager vs compiled vs numpy, partial shapes while tracing, errors, gradients."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from array_helpers import check_modes, check_grad

small_shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4)
floats = st.floats(-100, 100, width=32)


@given(hnp.arrays(np.float32, small_shapes, elements=floats), st.data())
def test_transpose_matches_numpy(x, data):
    perm = data.draw(st.permutations(range(x.ndim)))
    check_modes(lambda t: tf.transpose(t, perm), [tf.constant(x)], np.transpose(x, perm),
                np.float32)
    check_modes(lambda t: tf.transpose(t), [tf.constant(x)], x.T)


def test_transpose_bad_perm():
    with pytest.raises(tf.errors.InvalidArgumentError, match="permutation"):
        tf.transpose(tf.zeros([2, 3]), [0, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="size 2"):
        tf.transpose(tf.zeros([2, 3]), [0, 1, 2])


@given(hnp.arrays(np.int32, small_shapes, elements=st.integers(-9, 9)))
def test_reshape_with_minus_one(x):
    check_modes(lambda t: tf.reshape(t, [-1]), [tf.constant(x)], x.reshape(-1), np.int32)
    check_modes(lambda t: tf.reshape(t, [1, -1, 1]), [tf.constant(x)], x.reshape(1, -1, 1))


def test_reshape_errors_name_the_sizes():
    with pytest.raises(tf.errors.InvalidArgumentError, match="6 values.*\\[4\\]|4"):
        tf.reshape(tf.zeros([2, 3]), [4])

    @tf.function
    def f(t):
        return tf.reshape(t, [5])
    with pytest.raises(ValueError, match="6 values"):
        f(tf.zeros([2, 3]))


def test_reshape_with_tensor_shape_and_partial_trace():
    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(t):
        r = tf.reshape(t, [-1])
        assert r.shape.as_list() == [None]
        return tf.reshape(r, tf.shape(t))
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_array_equal(f(tf.constant(x)), x)


@given(hnp.arrays(np.float32, small_shapes, elements=floats), st.data())
def test_squeeze_and_expand_dims(x, data):
    axis = data.draw(st.integers(-x.ndim - 1, x.ndim))
    e = check_modes(lambda t: tf.expand_dims(t, axis), [tf.constant(x)],
                    np.expand_dims(x, axis))
    check_modes(lambda t: tf.squeeze(t, [axis]), [tf.constant(e)], x)
    check_modes(lambda t: tf.squeeze(t), [tf.constant(x)], np.squeeze(x))


def test_squeeze_errors_and_unknown_dims():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Can not squeeze dim\\[1\\]"):
        tf.squeeze(tf.zeros([1, 3]), axis=1)

    @tf.function(input_signature=[tf.TensorSpec([None, 1, 3], tf.float32)])
    def f(t):
        s = tf.squeeze(t, axis=1)
        assert s.shape.as_list() == [None, 3]
        assert tf.squeeze(t).shape.rank is None
        return s
    assert f(tf.zeros([2, 1, 3])).shape == (2, 3)


@given(st.lists(hnp.arrays(np.float32, st.sampled_from([(2, 1), (2, 3), (2, 2)]),
                           elements=floats), min_size=1, max_size=4))
def test_concat_axis1(parts):
    tensors = [tf.constant(p) for p in parts]
    check_modes(lambda *ts: tf.concat(list(ts), axis=1), tensors, np.concatenate(parts, 1))
    check_modes(lambda *ts: tf.concat(list(ts), axis=-1), tensors, np.concatenate(parts, -1))


def test_concat_errors_name_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"\[2,3\] vs. shape\[1\] = \[3,3\]"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3, 3])], axis=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Ranks"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([3])], axis=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float"):
        tf.concat([tf.zeros([2]), tf.constant([1, 2])], axis=0)

    @tf.function
    def f(a, b):
        return tf.concat([a, b], 0)
    with pytest.raises(ValueError, match="Dimension 1 in both shapes must be equal"):
        f(tf.zeros([1, 2]), tf.zeros([1, 3]))


def test_concat_partial_shapes():
    @tf.function(input_signature=[tf.TensorSpec([None, 2]), tf.TensorSpec([3, None])])
    def f(a, b):
        c = tf.concat([a, b], 0)
        assert c.shape.as_list() == [None, 2]
        return c
    assert f(tf.zeros([1, 2]), tf.zeros([3, 2])).shape == (4, 2)


@given(hnp.arrays(np.float32, st.sampled_from([(6,), (6, 2), (2, 6)]), elements=floats),
       st.sampled_from([1, 2, 3, [1, 5], [2, -1, 1], [0, 6]]))
def test_split_matches_numpy(x, spec):
    axis = 0 if x.shape[0] == 6 else 1
    if isinstance(spec, int):
        expected = np.split(x, spec, axis)
    else:
        sizes = [s if s != -1 else 6 - sum(v for v in spec if v != -1) for s in spec]
        expected = np.split(x, np.cumsum(sizes)[:-1], axis)
    out = check_modes(lambda t: tf.split(t, spec, axis=axis), [tf.constant(x)], expected)
    assert isinstance(out, list) and len(out) == len(expected)


def test_split_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="evenly divide"):
        tf.split(tf.zeros([5]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Determined shape"):
        tf.split(tf.zeros([5]), [2, 2])


def test_stack_unstack():
    a, b = np.arange(3, dtype=np.float32), np.arange(3, 6, dtype=np.float32)
    check_modes(lambda x, y: tf.stack([x, y], axis=1), [tf.constant(a), tf.constant(b)],
                np.stack([a, b], 1))
    check_modes(lambda x: tf.unstack(x, axis=1), [tf.constant(np.stack([a, b], 1))], [a, b])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Shapes of all inputs must match"):
        tf.stack([tf.zeros([2]), tf.zeros([3])])


@given(hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=3),
                  elements=st.integers(-5, 5)), st.data())
def test_tile_matches_numpy(x, data):
    mult = data.draw(st.lists(st.integers(0, 3), min_size=x.ndim, max_size=x.ndim))
    check_modes(lambda t: tf.tile(t, mult), [tf.constant(x)], np.tile(x, mult), np.int32)


def test_tile_bad_multiples():
    with pytest.raises(tf.errors.InvalidArgumentError, match="length 2 but got length 3"):
        tf.tile(tf.zeros([2, 2]), [1, 2, 3])


def test_axis_given_as_tensor_and_partial_tile():
    x = tf.constant([[1, 2], [3, 4]])
    np.testing.assert_array_equal(tf.concat([x, x], tf.constant(1)).shape, (2, 4))
    np.testing.assert_array_equal(tf.expand_dims(x, tf.constant(0)).shape, (1, 2, 2))

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.int32), tf.TensorSpec([2], tf.int32)])
    def f(t, m):
        r = tf.tile(t, m)
        assert r.shape.as_list() == [None, None]
        assert tf.tile(t, [2, 3]).shape.as_list() == [None, 6]
        return r
    assert f(x, tf.constant([2, 1])).shape == (4, 2)


def test_reverse():
    x = np.arange(6).reshape(2, 3).astype(np.int32)
    check_modes(lambda t: tf.reverse(t, [1]), [tf.constant(x)], x[:, ::-1])
    check_modes(lambda t: tf.reverse(t, [0, -1]), [tf.constant(x)], x[::-1, ::-1])


def test_gradients_of_shape_ops():
    x = np.random.RandomState(0).randn(2, 3)
    check_grad(lambda t: tf.transpose(t), x)
    check_grad(lambda t: tf.reshape(t, [3, 2]), x)
    check_grad(lambda t: tf.expand_dims(t, 1), x)
    check_grad(lambda t: tf.squeeze(tf.expand_dims(t, 0)), x)
    check_grad(lambda t: tf.concat([t, 2 * t, t[:, :1]], axis=1), x)
    check_grad(lambda t: tf.split(t, [1, 2], axis=1)[1] * 3., x)
    check_grad(lambda t: tf.split(t, 3, axis=1)[0], x)
    check_grad(lambda t: tf.tile(t, [2, 3]), x)
    check_grad(lambda t: tf.reverse(t, [0]), x)
    check_grad(lambda t: tf.stack([t, t * t]), x)
    check_grad(lambda t: tf.unstack(t)[1], x)


def test_transpose_gradient_with_3d_perm():
    x = np.random.RandomState(2).randn(2, 3, 4)
    check_grad(lambda t: tf.transpose(t, [1, 2, 0]), x)


@given(hnp.arrays(np.float32, hnp.array_shapes(max_dims=3, max_side=3), elements=floats),
       st.data())
def test_broadcast_to_matches_numpy(x, data):
    other = data.draw(hnp.broadcastable_shapes(x.shape, min_dims=x.ndim, max_dims=4))
    target = tuple(np.broadcast_shapes(x.shape, other))
    check_modes(lambda t: tf.broadcast_to(t, target), [tf.constant(x)],
                np.broadcast_to(x, target), np.float32)


def test_broadcast_to_errors_and_gradient():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unable to broadcast"):
        tf.broadcast_to(tf.zeros([2, 3]), [3, 3])
    check_grad(lambda t: tf.broadcast_to(t, [4, 2, 3]), np.random.RandomState(3).randn(2, 1))
