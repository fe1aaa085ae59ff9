"""matmul, tensordot, einsum, norm and eye: values, shapes, errors."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from graphflow.testing import assert_eager_graph_equal


def _rand(*shape):
    return np.random.uniform(-1, 1, shape).astype(np.float32)


@given(m=st.integers(1, 3), k=st.integers(1, 3), n=st.integers(1, 3),
       batch=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=2),
       ta=st.booleans(), tb=st.booleans())
def test_matmul_batched_and_transposed(m, k, n, batch, ta, tb):
    (ba, bb), _ = batch
    a = _rand(*(ba + ((k, m) if ta else (m, k))))
    b = _rand(*(bb + ((n, k) if tb else (k, n))))
    out = assert_eager_graph_equal(
        lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), a, b, rtol=1e-5)
    expected = np.matmul(np.swapaxes(a, -1, -2) if ta else a,
                         np.swapaxes(b, -1, -2) if tb else b)
    assert out.shape == expected.shape and out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-6)


def test_matmul_ints_aliases_and_operator():
    a = np.array([[1, 2], [3, 4]], np.int32)
    out = assert_eager_graph_equal(lambda x: tf.constant(x) @ x, a)
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), a @ a)
    np.testing.assert_array_equal(tf.linalg.matmul(a, a, transpose_b=True).numpy(), a @ a.T)


def test_matmul_incompatible_shapes_name_both():
    with pytest.raises(errors.InvalidArgumentError) as e:
        tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))
    assert "[2,3]" in str(e.value) and "In[1]: [2,3]" in str(e.value)
    with pytest.raises(errors.InvalidArgumentError, match=r"\[3\]"):
        tf.matmul(tf.ones([3]), tf.ones([3, 2]))
    with pytest.raises(errors.InvalidArgumentError, match="batch"):
        tf.matmul(tf.ones([2, 2, 3]), tf.ones([3, 3, 4]))
    with pytest.raises(errors.InvalidArgumentError, match="MatMul"):
        tf.matmul(tf.ones([2, 2]), tf.ones([2, 2], dtype=tf.float64))

    @tf.function
    def f(x, y):
        return tf.matmul(x, y)
    with pytest.raises(ValueError, match="Matrix size-incompatible"):
        f(tf.ones([2, 3]), tf.ones([2, 3]))


def test_matmul_partial_shapes():
    seen = {}

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def f(x):
        y = tf.matmul(x, tf.ones([3, 5]))
        seen["shape"] = y.shape.as_list()
        return y
    assert f(tf.ones([2, 3])).shape == (2, 5)
    assert seen["shape"] == [None, 5]


@pytest.mark.parametrize("axes,sa,sb", [
    (0, (2, 3), (4,)), (1, (2, 3, 4), (4, 5)), (2, (2, 3, 4), (3, 4, 2)),
    ([[1], [0]], (2, 3, 4), (3, 2)), ([[0, 2], [1, 0]], (2, 3, 4), (4, 2, 5)),
    (([2], [1]), (2, 3, 4), (5, 4)), ([1, 0], (2, 3), (3, 4))])
def test_tensordot(axes, sa, sb):
    a, b = _rand(*sa), _rand(*sb)
    out = assert_eager_graph_equal(lambda x, y: tf.tensordot(x, y, axes), a, b, rtol=1e-5)
    np.testing.assert_allclose(out.numpy(), np.tensordot(a, b, axes), rtol=1e-5, atol=1e-6)


def test_tensordot_errors():
    with pytest.raises(ValueError):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3]), axes=[[0, 1], [0]])
    with pytest.raises(errors.InvalidArgumentError):
        tf.tensordot(tf.ones([2, 3]), tf.ones([2, 3]), axes=1)


@pytest.mark.parametrize("equation,shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]), ("i,i->", [(3,), (3,)]),
    ("i,j->ij", [(2,), (3,)]), ("ij->ji", [(2, 3)]), ("ij->", [(2, 3)]),
    ("...ij,...jk->...ik", [(2, 2, 3), (3, 4)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("bi,bi->b", [(4, 3), (4, 3)]),
])
def test_einsum(equation, shapes):
    arrays = [_rand(*s) for s in shapes]
    out = assert_eager_graph_equal(lambda *xs: tf.einsum(equation, *xs), *arrays, rtol=1e-5)
    np.testing.assert_allclose(out.numpy(), np.einsum(equation, *arrays), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(tf.linalg.einsum(equation, *arrays).numpy(), out.numpy())


def test_einsum_errors():
    with pytest.raises(errors.InvalidArgumentError, match="Expected dimension"):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([4, 2]))
    with pytest.raises(errors.InvalidArgumentError, match="Expected dimension"):
        tf.einsum("ij,jk->ik", tf.ones([2, 1]), tf.ones([3, 2]))
    assert tf.einsum("...ij,...jk->...ik", tf.ones([1, 2, 3]), tf.ones([4, 3, 2])).shape == \
        (4, 2, 2)
    with pytest.raises(ValueError):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]))
    with pytest.raises(errors.InvalidArgumentError):
        tf.einsum("ij,jk->ik", tf.ones([2, 3]), tf.ones([3, 2], dtype=tf.float64))


@pytest.mark.parametrize("ord_", ["euclidean", 1, 2, np.inf, 3, 0.5])
@pytest.mark.parametrize("axis", [None, 0, -1, 1])
@pytest.mark.parametrize("keepdims", [False, True])
def test_vector_norms(ord_, axis, keepdims):
    x = _rand(3, 4)
    out = assert_eager_graph_equal(
        lambda t: tf.norm(t, ord=ord_, axis=axis, keepdims=keepdims), x, rtol=1e-5)
    np_ord = None if ord_ == "euclidean" else ord_
    if axis is None:
        expected = np.linalg.norm(x.ravel(), ord=np_ord)
        expected = np.reshape(expected, (1, 1)) if keepdims else expected
    else:
        expected = np.linalg.norm(x, ord=np_ord, axis=axis, keepdims=keepdims)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)


@pytest.mark.parametrize("ord_,np_ord", [("euclidean", "fro"), ("fro", "fro"), (1, 1),
                                         (np.inf, np.inf), (2, 2)])
@pytest.mark.parametrize("axis", [[0, 1], [-1, -2], [1, 2]])
def test_matrix_norms(ord_, np_ord, axis):
    x = _rand(2, 3, 4)
    out = assert_eager_graph_equal(lambda t: tf.linalg.norm(t, ord=ord_, axis=axis), x,
                                   rtol=1e-5)
    expected = np.linalg.norm(x, ord=np_ord, axis=tuple(axis))
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5)
    kept = tf.norm(x, ord=ord_, axis=axis, keepdims=True)
    assert kept.shape == np.linalg.norm(x, ord=np_ord, axis=tuple(axis), keepdims=True).shape


def test_norm_errors():
    with pytest.raises(ValueError):
        tf.norm(tf.ones([3]), ord="fro")
    with pytest.raises(ValueError):
        tf.norm(tf.ones([3, 3]), ord=-1)
    with pytest.raises(ValueError):
        tf.norm(tf.ones([3, 3]), axis=[0, 0])
    with pytest.raises(ValueError):
        tf.norm(tf.ones([3, 3]), ord=3, axis=[0, 1])


def test_book_norm_and_eye():
    np.testing.assert_allclose(tf.norm(tf.constant([3.0, 4.0])).numpy(), 5.0)
    np.testing.assert_array_equal(tf.linalg.eye(2).numpy(), np.eye(2))
    assert tf.linalg.eye(2, dtype=tf.int32).dtype == tf.int32


def test_trace_and_matvec():
    x = _rand(2, 3, 3)
    out = assert_eager_graph_equal(tf.linalg.trace, x)
    np.testing.assert_allclose(out.numpy(), np.trace(x, axis1=-2, axis2=-1), rtol=1e-6)
    a, v = _rand(2, 3, 4), _rand(4)
    mv = assert_eager_graph_equal(tf.linalg.matvec, a, v)
    np.testing.assert_allclose(mv.numpy(), a @ v, rtol=1e-5)
    mvt = tf.linalg.matvec(a, _rand(2, 3), transpose_a=True)
    assert mvt.shape == (2, 4)


def test_einsum_partial_shapes():
    seen = {}

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32),
                                  tf.TensorSpec([1, 3, 4], tf.float32)])
    def f(x, w):
        y = tf.einsum("...j,...jk->...k", x, w)
        seen["shape"] = y.shape.as_list()
        return y
    out = f(tf.ones([2, 3]), tf.ones([1, 3, 4]))
    assert out.shape == (2, 4)
    assert seen["shape"] == [None, 4]

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def g(x):
        y = tf.einsum("...j,jk->...k", x, tf.ones([3, 2]))
        seen["g"] = y.shape.as_list()
        return y
    assert g(tf.ones([5, 3])).shape == (5, 2)
    assert seen["g"] == [None, 2]
