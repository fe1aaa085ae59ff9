"""The eager fast paths (cached shape arguments, cached shape rules, int-list conversion,
unsigned-view gather) give the same values and errors as the general paths and as graphs."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from array_helpers import check_modes

X = np.arange(12, dtype=np.float32).reshape(3, 4)


@given(hnp.array_shapes(min_dims=0, max_dims=4, max_side=4), st.data())
def test_reshape_and_transpose_match_numpy_in_both_modes(shape, data):
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    target = list(data.draw(st.permutations(list(shape))))
    if target:
        target[data.draw(st.integers(0, len(target) - 1))] = -1
    for _ in range(2):  # second call goes through the caches
        check_modes(lambda t: tf.reshape(t, target), [tf.constant(x)], x.reshape(target))
    perm = data.draw(st.permutations(list(range(len(shape)))))
    for _ in range(2):
        check_modes(lambda t: tf.transpose(t, perm), [tf.constant(x)], x.transpose(perm))
        check_modes(lambda t: tf.transpose(t), [tf.constant(x)], x.T)


def test_cached_shape_argument_is_read_only_and_results_are_fresh():
    from graphflow.ops.array_ops import shape_arg
    a, b = shape_arg([4, 3]), shape_arg((4, 3))
    assert a is b and a.dtype is tf.int32 and a.numpy().tolist() == [4, 3]
    with pytest.raises(ValueError):
        a._value[0] = 1
    z1, z2 = tf.zeros([2, 2]), tf.zeros([2, 2])
    assert not np.shares_memory(z1._value, z2._value)
    assert z1._value.flags.writeable


def test_bool_and_out_of_range_shape_entries_still_refused_after_caching():
    tf.reshape(X, [1, 12])
    tf.zeros([1, 2])
    with pytest.raises(TypeError):
        tf.reshape(X, [True, 12])
    with pytest.raises(TypeError):
        tf.zeros([True, 2])
    assert tf.zeros([np.int64(1), 2]).shape == (1, 2)
    with pytest.raises(TypeError, match="Cannot convert"):  # as TF: no float dims
        tf.zeros([1, 2.0])
    assert tf.reshape(X, [tf.constant(2), -1]).shape == (2, 6)


def test_shape_errors_are_raised_every_time():
    for _ in range(2):
        with pytest.raises(errors.InvalidArgumentError, match="12 values"):
            tf.reshape(X, [5, -1])
        with pytest.raises(errors.InvalidArgumentError, match="12 values"):
            tf.reshape(X, [5, 2])
        with pytest.raises(errors.InvalidArgumentError, match="permutation"):
            tf.transpose(X, [0, 0])
        with pytest.raises(errors.InvalidArgumentError, match="vector of size 2"):
            tf.transpose(X, [0, 1, 2])
        with pytest.raises(errors.InvalidArgumentError, match="Dimension 1"):
            tf.concat([X, X[:, :2]], 0)
        with pytest.raises(errors.InvalidArgumentError, match="Ranks"):
            tf.concat([X, X[0]], 0)
        with pytest.raises(errors.InvalidArgumentError, match="range"):
            tf.concat([X, X], 2)


def test_concat_and_stack_with_partial_shapes_in_graphs():
    @tf.function(input_signature=[tf.TensorSpec([None, 4]), tf.TensorSpec([2, 4])])
    def f(a, b):
        c = tf.concat([a, b], 0)
        d = tf.concat([a, a], 1)
        assert c.shape.as_list() == [None, 4] and d.shape.as_list() == [None, 8]
        return c, d, tf.stack([b, b], axis=1)
    c, d, s = f(X, X[:2])
    np.testing.assert_array_equal(c, np.concatenate([X, X[:2]]))
    np.testing.assert_array_equal(d, np.concatenate([X, X], 1))
    np.testing.assert_array_equal(s, np.stack([X[:2], X[:2]], 1))


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
def test_gather_rejects_negative_and_large_indices(index_dtype):
    for bad, text in (([0, -1], r"indices\[1\] = -1 is not in \[0, 3\)"),
                      ([3], r"indices\[0\] = 3 is not in \[0, 3\)")):
        idx = tf.constant(np.array(bad, index_dtype))
        with pytest.raises(errors.InvalidArgumentError, match=text):
            tf.gather(X, idx)
        with pytest.raises(errors.InvalidArgumentError, match=text):
            tf.function(lambda i: tf.gather(X, i))(idx)
    check_modes(lambda i: tf.gather(X, i, axis=1), [tf.constant(np.array(3, index_dtype))],
                X[:, 3])


def test_int_lists_convert_as_before():
    cases = [([1, 2], {}, np.int32), ((7,), {}, np.int32), ([2 ** 31], {}, np.int64),
             ([], {}, np.float32), ([1, 2], {"dtype_hint": tf.float32}, np.float32),
             ([1, 2], {"dtype": tf.int64}, np.int64), ([1, 2.5], {}, np.float32),
             ([-2 ** 31, 2 ** 31 - 1], {"dtype_hint": tf.int32}, np.int32)]
    for value, kwargs, np_dtype in cases:
        t = tf.convert_to_tensor(value, **kwargs)
        assert t.numpy().dtype == np_dtype
        np.testing.assert_array_equal(t, np.array(value, np_dtype))
    nested = tf.convert_to_tensor([[1, 2], [3, 4]], dtype_hint=tf.int32)
    assert nested.dtype is tf.int32 and nested.shape == (2, 2)
    with pytest.raises(TypeError):
        tf.convert_to_tensor([1, True])
    with pytest.raises(TypeError):
        tf.convert_to_tensor([[1], [True]])
    with pytest.raises(ValueError, match="non-rectangular"):
        tf.convert_to_tensor([[1, 2], [3]])
    assert tf.gather(X, [2, 0]).shape == (2, 4)


def test_fills_of_every_dtype():
    for dtype in (tf.float16, tf.float32, tf.float64, tf.int32, tf.int64, tf.bool,
                  tf.complex64, tf.string):
        z, o = tf.zeros([2, 1], dtype), None
        assert z.dtype is dtype and z.shape == (2, 1)
        if dtype is tf.string:
            assert z.numpy().tolist() == [[b""], [b""]]
            continue
        o = tf.ones((2,), dtype)
        np.testing.assert_array_equal(z, np.zeros((2, 1), dtype.as_numpy_dtype))
        np.testing.assert_array_equal(o, np.ones(2, dtype.as_numpy_dtype))
    np.testing.assert_array_equal(tf.fill([2, 3], 7), np.full((2, 3), 7, np.int32))
    assert tf.fill([], 1.5).numpy() == np.float32(1.5)
    with pytest.raises(errors.InvalidArgumentError):
        tf.fill(tf.constant([-1, 2]), 1.0)


def test_eager_shape_is_a_tensor_shape_equal_to_numpy_shape():
    t = tf.constant(X)
    assert isinstance(t.shape, tf.TensorShape)
    assert t.shape == (3, 4) and t.shape.as_list() == [3, 4]
    assert tf.constant(1.0).shape.rank == 0


@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
def test_gather_nd_values_and_index_errors(index_dtype):
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    for idx in ([[1, 2]], [[1, 2, 3], [0, 0, 0]], [[[0], [1]]], np.zeros((0, 2))):
        idx = np.asarray(idx, index_dtype)
        check_modes(lambda a, i: tf.gather_nd(a, i), [tf.constant(p), tf.constant(idx)],
                    p[tuple(np.moveaxis(idx, -1, 0))])
    for bad, text in (([[2, 0]], r"indices\[:, 0\]\[0\] = 2 is not in \[0, 2\)"),
                      ([[0, -1]], r"indices\[:, 1\]\[0\] = -1 is not in \[0, 3\)")):
        with pytest.raises(errors.InvalidArgumentError, match=text):
            tf.gather_nd(p, np.array(bad, index_dtype))
