"""Indexing as TF: ints, negative ints, slices with steps, `...`, newaxis, tensor indices."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import graphflow as tf
from array_helpers import check_modes, check_grad

SHAPE = (3, 4, 2)
X = np.arange(24, dtype=np.float32).reshape(SHAPE)


def _index_item(draw, size):
    kind = draw(st.sampled_from(["int", "slice", "new"]))
    if kind == "int":
        return draw(st.integers(-size, size - 1)), True
    if kind == "new":
        return None, False
    bound = st.one_of(st.none(), st.integers(-size - 2, size + 2))
    step = draw(st.one_of(st.none(), st.integers(-3, 3).filter(bool)))
    return slice(draw(bound), draw(bound), step), True


def _items_for(draw, dims):
    """Index items consuming exactly `dims` (newaxis items may be mixed in)."""
    items, k = [], 0
    while k < len(dims):
        item, consumes = _index_item(draw, dims[k])
        items.append(item)
        k += consumes
    return items


@st.composite
def index_keys(draw):
    before = draw(st.integers(0, len(SHAPE)))
    if not draw(st.booleans()):
        return tuple(_items_for(draw, SHAPE[:before]))
    after = draw(st.integers(0, len(SHAPE) - before))
    tail = SHAPE[len(SHAPE) - after:] if after else ()
    return tuple(_items_for(draw, SHAPE[:before]) + [Ellipsis] + _items_for(draw, tail))


@given(index_keys())
def test_indexing_matches_numpy(key):
    expected = X[key]
    check_modes(lambda t: t[key], [tf.constant(X)], expected, np.float32)


@given(st.integers(-3, 2), st.integers(-2, 1))
def test_scalar_tensor_indices_eager_and_in_graphs(i, j):
    check_modes(lambda t, a, b: t[a, 1:, b], [tf.constant(X), tf.constant(i), tf.constant(j)],
                X[i, 1:, j])
    check_modes(lambda t, a: t[a:, ::-1], [tf.constant(X), tf.constant(i)], X[i:, ::-1])


def test_single_index_and_python_int_types():
    t = tf.constant(X)
    np.testing.assert_array_equal(t[np.int64(1)], X[1])
    np.testing.assert_array_equal(t[-1, -1, -1], X[-1, -1, -1])
    np.testing.assert_array_equal(t[..., tf.newaxis].shape, (3, 4, 2, 1))


def test_out_of_range_index_raises():
    t = tf.constant(X)
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
        t[3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
        t[0, -5]
    with pytest.raises(tf.errors.InvalidArgumentError):
        t[tf.constant(7)]

    @tf.function
    def static(a):
        return a[5]
    with pytest.raises(ValueError, match="out of bounds"):
        static(t)

    @tf.function
    def dynamic(a, i):
        return a[i]
    with pytest.raises(tf.errors.InvalidArgumentError):
        dynamic(t, tf.constant(9))


def test_bad_index_types():
    t = tf.constant(X)
    with pytest.raises(TypeError, match="Only integers"):
        t[[0, 1]]
    with pytest.raises(TypeError, match="Only integers"):
        t[1.5]
    with pytest.raises(TypeError, match="Only integers"):
        t[tf.constant(1.)]
    with pytest.raises(tf.errors.InvalidArgumentError, match="strides\\[0\\] must be non-zero"):
        t[::0]
    with pytest.raises(ValueError, match="ellips"):
        t[..., ...]


def test_slicing_in_graph_has_static_shapes():
    @tf.function(input_signature=[tf.TensorSpec([None, 4, 2])])
    def f(t):
        s = t[:, 1::2, 0]
        assert s.shape.as_list() == [None, 2]
        return s
    np.testing.assert_array_equal(f(tf.constant(X)), X[:, 1::2, 0])


def test_slicing_gradients():
    x = np.random.RandomState(0).randn(3, 4)
    check_grad(lambda t: t[1:, ::-2], x)
    check_grad(lambda t: t[-1], x)
    check_grad(lambda t: t[..., 2, tf.newaxis], x)
    check_grad(lambda t: t[tf.constant(1), 1:3], x)
