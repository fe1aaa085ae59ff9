"""gather, gather_nd, scatter_nd, one_hot, boolean_mask, where: values, errors, gradients."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from array_helpers import check_modes, check_grad


@given(hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                  elements=st.floats(-10, 10, width=32)), st.data())
def test_gather_matches_numpy_take(params, data):
    axis = data.draw(st.integers(-params.ndim, params.ndim - 1))
    n = params.shape[axis]
    idx = np.array(data.draw(st.lists(st.integers(0, n - 1), min_size=0, max_size=5)),
                   dtype=np.int32).reshape(-1)
    check_modes(lambda p, i: tf.gather(p, i, axis=axis), [tf.constant(params), tf.constant(idx)],
                np.take(params, idx, axis=axis), np.float32)


def test_gather_2d_indices_and_int64():
    p = np.arange(12, dtype=np.int32).reshape(3, 4)
    idx = np.array([[2, 0], [1, 1]], dtype=np.int64)
    check_modes(lambda a, i: tf.gather(a, i), [tf.constant(p), tf.constant(idx)], p[idx])
    check_modes(lambda a, i: tf.gather(a, i, axis=1), [tf.constant(p), tf.constant(idx)],
                p[:, idx])


def test_gather_batch_dims():
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    idx = np.array([[0, 2], [3, 1]], dtype=np.int32)
    expected = np.stack([np.take(p[b], idx[b], axis=1) for b in range(2)])
    out = check_modes(lambda a, i: tf.gather(a, i, axis=2, batch_dims=1),
                      [tf.constant(p), tf.constant(idx)], expected)
    assert out.shape == (2, 3, 2)
    check_grad(lambda t: tf.gather(t, tf.constant(idx), axis=2, batch_dims=1),
               p.astype(np.float64))


def test_gather_out_of_range_is_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"indices\[1\] = 5 is not in \[0, 3\)"):
        tf.gather(tf.constant([1., 2., 3.]), [0, 5])

    @tf.function
    def f(i):
        return tf.gather(tf.constant([1., 2., 3.]), i)
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in \\[0, 3\\)"):
        f(tf.constant([-1]))


def test_gather_shape_errors_eager_and_traced():
    p = tf.zeros([2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.gather(p, [0], axis=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="params.shape\\[0\\]: 2 should be"):
        tf.gather(p, tf.zeros([3, 1], tf.int32), axis=1, batch_dims=1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32 or int64"):
        tf.gather(p, [0.5])

    @tf.function
    def f(a, i):
        return tf.gather(a, i, axis=1, batch_dims=1)
    with pytest.raises(ValueError, match="should be equal to indices.shape\\[0\\]: 3"):
        f(p, tf.zeros([3, 1], tf.int32))


def test_partial_shapes_of_gather_and_one_hot():
    @tf.function(input_signature=[tf.TensorSpec([None, 5]), tf.TensorSpec([None], tf.int32)])
    def f(p, i):
        g = tf.gather(p, i, axis=1)
        h = tf.one_hot(i, 4)
        assert g.shape.as_list() == [None, None] and h.shape.as_list() == [None, 4]
        return g, h
    g, h = f(tf.ones([2, 5]), tf.constant([4, 0, 1]))
    assert g.shape == (2, 3) and h.shape == (3, 4)


def test_gather_grad_accumulates_repeated_indices():
    x = tf.constant([1., 2., 3.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.gather(x, [0, 2, 0, 0]))
    np.testing.assert_array_equal(tape.gradient(y, x), [3., 0., 1.])
    check_grad(lambda t: tf.gather(t, [[1, 0], [1, 1]], axis=1),
               np.random.RandomState(0).randn(2, 3))


def test_gather_nd_and_scatter_nd():
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    idx = np.array([[0, 1], [1, 2], [0, 1]], dtype=np.int32)
    check_modes(lambda a, i: tf.gather_nd(a, i), [tf.constant(p), tf.constant(idx)],
                p[idx[:, 0], idx[:, 1]])
    full = np.array([[1, 2, 3], [0, 0, 0]], dtype=np.int32)
    check_modes(lambda a: tf.gather_nd(a, full), [tf.constant(p)],
                np.array([p[1, 2, 3], p[0, 0, 0]]))
    expected = np.zeros((4,), np.float32)
    expected[[1, 3]] = [5., 2.]
    expected[1] += 1.
    check_modes(lambda u: tf.scatter_nd([[1], [3], [1]], u, [4]),
                [tf.constant([5., 2., 1.])], expected)
    check_grad(lambda t: tf.gather_nd(t, idx), p.astype(np.float64))
    with pytest.raises(tf.errors.InvalidArgumentError, match="not in \\[0, 2\\)"):
        tf.gather_nd(tf.constant(p), [[2, 0]])


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_one_hot(axis):
    idx = np.array([0, 2, -1, 1], dtype=np.int32)
    base = (idx[:, None] == np.arange(3)).astype(np.float32)
    expected = base if axis in (-1, 1) else base.T
    check_modes(lambda i: tf.one_hot(i, 3, axis=axis), [tf.constant(idx)], expected,
                np.float32)
    out = tf.one_hot(idx, 3, on_value=5, off_value=-1)
    assert out.dtype is tf.int32
    np.testing.assert_array_equal(out, np.where(base == 1, 5, -1))
    assert tf.one_hot(idx, 3, dtype=tf.float64).dtype is tf.float64


def test_boolean_mask():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    mask = np.array([True, False, True])
    check_modes(lambda t, m: tf.boolean_mask(t, m), [tf.constant(x), tf.constant(mask)], x[mask])
    m2 = x > 4
    check_modes(lambda t, m: tf.boolean_mask(t, m), [tf.constant(x), tf.constant(m2)], x[m2])
    m3 = np.array([True, False, False, True])
    check_modes(lambda t, m: tf.boolean_mask(t, m, axis=1), [tf.constant(x), tf.constant(m3)],
                x[:, m3])
    check_grad(lambda t: tf.boolean_mask(t, tf.constant(mask)), x.astype(np.float64))
    with pytest.raises(ValueError, match="incompatible"):
        tf.boolean_mask(tf.constant(x), [True, False])

    @tf.function(input_signature=[tf.TensorSpec([None, 4]), tf.TensorSpec([None], tf.bool)])
    def f(t, m):
        return tf.boolean_mask(t, m)
    np.testing.assert_array_equal(f(tf.constant(x), tf.constant(mask)), x[mask])


@given(hnp.arrays(np.bool_, hnp.array_shapes(max_dims=3, max_side=4)))
def test_where_one_and_three_args(cond):
    x = np.arange(cond.size, dtype=np.float32).reshape(cond.shape)
    check_modes(lambda c: tf.where(c), [tf.constant(cond)], np.argwhere(cond), np.int64)
    check_modes(lambda c, a: tf.where(c, a, -a), [tf.constant(cond), tf.constant(x)],
                np.where(cond, x, -x), np.float32)


def test_where_broadcasts_and_grads():
    c = tf.constant([[True], [False]])
    np.testing.assert_array_equal(tf.where(c, tf.constant([1., 2.]), 0.), [[1., 2.], [0., 0.]])
    check_grad(lambda t: tf.where(t > 0, t * t, 3. * t), np.array([[-1., 2.], [0.5, -3.]]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.where(tf.constant([True, False]), tf.constant([1., 2.]), tf.constant([1, 2]))


@given(hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                  elements=st.integers(-9, 9)), st.data())
def test_gather_nd_and_boolean_mask_match_numpy(params, data):
    k = data.draw(st.integers(1, params.ndim))
    rows = data.draw(st.lists(st.tuples(*[st.integers(0, d - 1) for d in params.shape[:k]]),
                              min_size=1, max_size=4))
    idx = np.array(rows, dtype=np.int32)
    check_modes(lambda p, i: tf.gather_nd(p, i), [tf.constant(params), tf.constant(idx)],
                params[tuple(idx.T)], np.int32)
    mask = data.draw(hnp.arrays(np.bool_, params.shape[:k]))
    check_modes(lambda p, m: tf.boolean_mask(p, m), [tf.constant(params), tf.constant(mask)],
                params[mask], np.int32)


def test_gather_nd_batch_dims():
    p = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    idx = np.array([[[0, 1], [2, 3]], [[1, 0], [0, 0]]], dtype=np.int32)
    expected = np.array([[p[b][tuple(ix)] for ix in idx[b]] for b in range(2)])
    check_modes(lambda a, i: tf.gather_nd(a, i, batch_dims=1),
                [tf.constant(p), tf.constant(idx)], expected)
    rows = np.array([[1], [2]], dtype=np.int64)
    check_modes(lambda a, i: tf.gather_nd(a, i, batch_dims=1),
                [tf.constant(p), tf.constant(rows)], np.stack([p[0, 1], p[1, 2]]))
    check_grad(lambda t: tf.gather_nd(t, idx, batch_dims=1), p.astype(np.float64))
