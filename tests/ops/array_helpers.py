"""Helpers shared by the array-op tests: run eagerly and compiled, check gradients."""
import numpy as np

import graphflow as tf


def eager_and_compiled(fn, *args):
    """`fn(*args)` eagerly and through `graphflow.function`, both as numpy structures."""
    eager = fn(*args)
    compiled = tf.function(fn)(*args)
    return tf.nest.map_structure(np.asarray, eager), tf.nest.map_structure(np.asarray, compiled)


def check_modes(fn, args, expected, dtype=None):
    """Eager and compiled results both equal `expected` (and have `dtype` if given)."""
    eager, compiled = eager_and_compiled(fn, *args)
    for got in (eager, compiled):
        pairs = zip(got, expected) if isinstance(got, (list, tuple)) else [(got, expected)]
        for g, e in pairs:
            e = np.asarray(e)
            np.testing.assert_allclose(g, e, rtol=1e-6)
            assert g.shape == e.shape
            if dtype is not None:
                assert g.dtype == np.dtype(dtype)
    return eager


def tape_grad(fn, x, weights):
    """d/dx sum(fn(x) * weights) with a GradientTape."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(fn(x) * tf.constant(weights))
    return np.asarray(tape.gradient(y, x))


def check_grad(fn, x, eps=1e-6, compiled=True):
    """Compare the tape gradient of a random projection of fn(x) with finite differences."""
    x = np.asarray(x, dtype=np.float64)
    out = np.asarray(fn(tf.constant(x)))
    weights = np.random.RandomState(1).uniform(-1, 1, out.shape)

    def proj(v):
        return float(np.sum(np.asarray(fn(tf.constant(v))) * weights))
    numeric = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (proj(up) - proj(down)) / (2 * eps)
    np.testing.assert_allclose(tape_grad(fn, x, weights), numeric, rtol=1e-5, atol=1e-6)
    if compiled:
        graph_grad = tf.function(lambda v: tape_grad_symbolic(fn, v, weights))(tf.constant(x))
        np.testing.assert_allclose(np.asarray(graph_grad), numeric, rtol=1e-5, atol=1e-6)


def tape_grad_symbolic(fn, x, weights):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(fn(x) * tf.constant(weights))
    return tape.gradient(y, x)
