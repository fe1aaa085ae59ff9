"""Gradients through TensorArrays: writes, reads, stack/unstack, gather/scatter, loops."""
import numpy as np
import pytest

import graphflow as tf


def agree(fn, *args):
    """fn eagerly and compiled give the same results; returns the eager ones."""
    eager = fn(*args)
    compiled = tf.function(fn)(*args)
    for e, c in zip(tf.nest.flatten(eager), tf.nest.flatten(compiled)):
        np.testing.assert_allclose(c.numpy(), e.numpy(), rtol=1e-6)
    return eager


def test_write_then_stack():
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=3)
            for i in range(3):
                ta = ta.write(i, x * float(i + 1))
            y = tf.reduce_sum(ta.stack() * tf.constant([[1.0], [10.0], [100.0]]))
        return tape.gradient(y, x)
    g = agree(run, tf.constant([1.0, 2.0]))
    np.testing.assert_allclose(g.numpy(), [321.0, 321.0])


def test_unstack_then_read_and_gather():
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
            y = ta.read(0) * 2.0 + ta.read(2) * ta.read(2) + tf.reduce_sum(ta.gather([1, 1]))
        return tape.gradient(y, x)
    g = agree(run, tf.constant([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(g.numpy(), [2.0, 2.0, 6.0])


def test_scatter_gradient():
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=4).scatter([3, 0], x)
            y = tf.reduce_sum(ta.stack() * tf.constant([[1.0], [2.0], [3.0], [4.0]]))
        return tape.gradient(y, x)
    g = agree(run, tf.constant([[1.0], [2.0]]))
    np.testing.assert_allclose(g.numpy(), [[4.0], [1.0]])


def _autograph_converts():
    from graphflow.autograph import api

    def probe(x):
        return x
    return api.convert_for_tracing(probe) is not probe


needs_autograph = pytest.mark.skipif(not _autograph_converts(),
                                     reason="AutoGraph conversion not wired yet")


@needs_autograph
def test_tensor_array_written_in_loop():
    """ta[i] = x ** (i + 1) by a loop; d/dx sum(ta) = sum((i + 1) x ** i)."""
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=4)
            p = tf.constant(1.0)
            for i in tf.range(4):
                p = p * x
                ta = ta.write(i, p)
            y = tf.reduce_sum(ta.stack())
        return y, tape.gradient(y, x)
    x0 = 1.5
    y, g = agree(run, tf.constant(x0))
    np.testing.assert_allclose(y.numpy(), sum(x0 ** k for k in range(1, 5)), rtol=1e-6)
    np.testing.assert_allclose(g.numpy(), sum(k * x0 ** (k - 1) for k in range(1, 5)),
                               rtol=1e-6)


def test_tensor_array_read_in_while_loop():
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)

            def body(i, acc):
                return i + 1, acc + ta.read(i) * ta.read(i)
            _, y = tf.while_loop(lambda i, acc: i < 3, body, [tf.constant(0), tf.constant(0.0)])
        return y, tape.gradient(y, x)
    y, g = agree(run, tf.constant([1.0, -2.0, 3.0]))
    assert float(y) == pytest.approx(14.0)
    np.testing.assert_allclose(g.numpy(), [2.0, -4.0, 6.0])


def test_concat_gradient_splits_by_item_length():
    def run(a, b):
        with tf.GradientTape() as tape:
            tape.watch([a, b])
            ta = tf.TensorArray(tf.float32, size=2, infer_shape=False)
            ta = ta.write(0, a).write(1, b)
            y = tf.reduce_sum(ta.concat() * tf.constant([1.0, 2.0, 3.0]))
        return tape.gradient(y, [a, b])
    ga, gb = agree(run, tf.constant([5.0]), tf.constant([6.0, 7.0]))
    np.testing.assert_allclose(ga.numpy(), [1.0])
    np.testing.assert_allclose(gb.numpy(), [2.0, 3.0])
