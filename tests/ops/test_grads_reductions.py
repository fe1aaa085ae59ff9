"""Gradient rules of reductions, scans, linalg and sorting ops, eager and compiled."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow.testing import check_grads

FEW = settings(max_examples=8)


@st.composite
def distinct_array_and_axis(draw):
    """Arrays with distinct entries (max/min/prod are smooth there) and an axis choice."""
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    n = int(np.prod(shape))
    perm = draw(st.permutations(list(range(n))))
    x = (np.array(perm, np.float64).reshape(shape) - n / 2) / n + 0.05
    x = np.where(np.abs(x) < 0.05, x + 0.1, x)
    rank = len(shape)
    axis = draw(st.one_of(st.none(), st.integers(-rank, rank - 1),
                          st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank,
                                   unique=True)))
    return x, axis


REDUCTIONS = [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min, tf.reduce_prod,
              tf.math.reduce_logsumexp, tf.math.reduce_variance, tf.math.reduce_std,
              tf.math.reduce_euclidean_norm]


@pytest.mark.parametrize("op", REDUCTIONS, ids=lambda v: v.__name__)
@FEW
@given(data=distinct_array_and_axis(), keepdims=st.booleans())
def test_reduction_grads(op, data, keepdims):
    x, axis = data
    axes = range(x.ndim) if axis is None else [axis] if isinstance(axis, int) else axis
    if op is tf.math.reduce_std and np.prod([x.shape[a] for a in axes]) == 1:
        return  # the std of one value is 0, where sqrt has no derivative
    check_grads(lambda t: op(t, axis=axis, keepdims=keepdims), [x])


def test_max_grad_splits_between_ties_as_tf():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_max(x, axis=1)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[0, 0.5, 0.5], [1, 0, 0]])


def test_prod_grad_with_a_zero_is_exact_on_one_axis():
    x = tf.constant([[2.0, 0.0, 3.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_prod(x, axis=1)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[0.0, 6.0, 0.0]])


def test_reduction_grads_with_unknown_dims_in_a_compiled_function():
    def grads(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.reduce_mean(x, axis=0) * tf.reduce_max(x, axis=1, keepdims=True)
            y = tf.reduce_sum(y * tf.reduce_prod(x, axis=[0, 1]))
        return tape.gradient(y, x)
    compiled = tf.function(grads, input_signature=[tf.TensorSpec([None, 3], tf.float64)])
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 7.0]], tf.float64)
    np.testing.assert_allclose(compiled(x).numpy(), grads(x).numpy())
    mean = x.numpy().mean(0)
    peak = x.numpy().max(1, keepdims=True)
    prod = x.numpy().prod()
    expected = prod / x.numpy() * (mean * peak).sum() + prod * (peak.sum() / 2)
    expected[:, 2] += prod * mean.sum() * np.array([1, 1])
    np.testing.assert_allclose(grads(x).numpy(), expected)


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("axis", [0, -1])
def test_scan_grads(exclusive, reverse, axis):
    x = np.random.uniform(0.5, 2, (3, 4))
    check_grads(lambda t: tf.cumsum(t, axis, exclusive, reverse), [x])
    check_grads(lambda t: tf.math.cumprod(t, axis, exclusive, reverse), [x])


@FEW
@given(ta=st.booleans(), tb=st.booleans(),
       batch=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=2))
def test_matmul_grads(ta, tb, batch):
    (ba, bb), _ = batch
    a = np.random.rand(*(ba + ((3, 2) if ta else (2, 3))))
    b = np.random.rand(*(bb + ((4, 3) if tb else (3, 4))))
    check_grads(lambda x, y: tf.matmul(x, y, transpose_a=ta, transpose_b=tb), [a, b])


@pytest.mark.parametrize("equation,shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("i,i->", [(3,), (3,)]), ("i,j->ij", [(2,), (3,)]), ("ij->ji", [(2, 3)]),
    ("ij->", [(2, 3)]), ("ij,k->i", [(2, 3), (4,)]),
    ("...ij,...jk->...ik", [(2, 2, 3), (3, 4)]), ("...ij,...jk->...ik", [(1, 2, 3), (2, 3, 4)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]),
    ("iij,jk->ik", [(2, 2, 3), (3, 4)]), ("bii->b", [(2, 3, 3)]),
])
def test_einsum_grads(equation, shapes):
    check_grads(lambda *xs: tf.einsum(equation, *xs), [np.random.rand(*s) for s in shapes])


@pytest.mark.parametrize("axes,sa,sb", [(1, (2, 3, 4), (4, 5)), ([[0, 2], [1, 0]],
                                                                 (2, 3, 4), (4, 2, 5)),
                                        (0, (2,), (3,))])
def test_tensordot_grads(axes, sa, sb):
    check_grads(lambda a, b: tf.tensordot(a, b, axes), [np.random.rand(*sa),
                                                        np.random.rand(*sb)])


@pytest.mark.parametrize("ord_,axis", [("euclidean", None), (1, 0), (np.inf, -1), (3, 1),
                                       (2, None), ("fro", [0, 1]), (1, [0, 1]),
                                       (np.inf, [1, 0]), (2, [0, 1]), ("euclidean", [0, 1])])
@pytest.mark.parametrize("keepdims", [False, True])
def test_norm_grads(ord_, axis, keepdims):
    x = np.random.uniform(0.2, 1, (3, 4)) * np.where(np.random.rand(3, 4) > 0.5, 1, -1)
    check_grads(lambda t: tf.norm(t, ord=ord_, axis=axis, keepdims=keepdims), [x])


@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
@pytest.mark.parametrize("axis", [0, -1])
def test_sort_and_top_k_grads(direction, axis):
    x = np.random.permutation(12).reshape(3, 4) / 12.0
    check_grads(lambda t: tf.sort(t, axis=axis, direction=direction), [x])
    check_grads(lambda t: tf.math.top_k(t, k=2).values, [x])
    check_grads(lambda t: tf.math.top_k(t, k=2), [x])


def test_argmax_and_argsort_give_none():
    x = tf.constant([[1.0, 2.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        a = tf.cast(tf.argsort(x), tf.float32)
        b = tf.cast(tf.math.top_k(x).indices, tf.float32)
    assert tape.gradient(a, x) is None and tape.gradient(b, x) is None


@pytest.mark.parametrize("axis", [None, [0, 2], [1], -1])
def test_prod_grad_with_zeros_over_any_axes(axis):
    x = np.array([[[2.0, 0.0], [3.0, 1.5]], [[0.0, 0.0], [4.0, -1.0]]])
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = tf.reduce_prod(xt, axis=axis)
    got = tape.gradient(y, xt).numpy()
    np_axis = tuple(range(3)) if axis is None else tuple(np.atleast_1d(axis) % 3)
    expected = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        bumped = x.copy()
        bumped[idx] = 1.0  # d/dx_i of a product linear in x_i: the product of the others
        others = np.prod(bumped, axis=np_axis, keepdims=True)
        expected[idx] = np.broadcast_to(others, x.shape)[idx]
    np.testing.assert_allclose(got, expected)


def test_trace_and_matvec_grads():
    check_grads(tf.linalg.trace, [np.random.rand(2, 3, 3)])
    check_grads(tf.linalg.matvec, [np.random.rand(2, 3, 4), np.random.rand(4)])


@pytest.mark.parametrize("op", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min,
                                tf.reduce_prod, tf.math.reduce_logsumexp])
@pytest.mark.parametrize("keepdims", [False, True])
def test_grads_over_an_axis_computed_in_the_graph(op, keepdims):
    x = np.random.permutation(24).reshape(2, 3, 4) / 24.0 + 0.1

    def f(t):
        return op(t, axis=tf.range(1, tf.rank(t)), keepdims=keepdims)
    check_grads(f, [x])
