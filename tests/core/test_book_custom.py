"""The book's custom loss / activation / initializer / regularizer / constraint functions,
eager and compiled, with values worked out by hand."""
import numpy as np
import pytest

import graphflow as tf
from book_functions import create_huber, huber_fn, my_softplus


def my_glorot_initializer(shape, dtype=tf.float32):
    stddev = tf.sqrt(2. / (shape[0] + shape[1]))
    return tf.random.normal(shape, stddev=stddev, dtype=dtype)


def my_l1_regularizer(weights):
    return tf.reduce_sum(tf.abs(0.01 * weights))


def my_positive_weights(weights):
    return tf.where(weights < 0., tf.zeros_like(weights), weights)


Y_TRUE = tf.constant([1., 2., 3.5, -1.])
Y_PRED = tf.constant([1.5, 0., 1., -1.])
MODES = {"eager": lambda f: f, "compiled": tf.function}


@pytest.mark.parametrize("mode", MODES)
def test_huber_fn(mode):
    # errors -0.5, 2, 2.5, 0 -> small ones squared/2, large ones |e| - 0.5
    out = MODES[mode](huber_fn)(Y_TRUE, Y_PRED)
    assert out.dtype is tf.float32
    np.testing.assert_allclose(out, [0.125, 1.5, 2.0, 0.0])


@pytest.mark.parametrize("mode", MODES)
def test_create_huber_threshold_2(mode):
    # |e| < 2 only for -0.5 and 0; large: 2 * |e| - 2
    out = MODES[mode](create_huber(2.0))(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(out, [0.125, 2.0, 3.0, 0.0])


def test_huber_gradient_eager_and_compiled():
    def grad(y_true, y_pred):
        with tf.GradientTape() as tape:
            tape.watch(y_pred)
            loss = tf.reduce_sum(huber_fn(y_true, y_pred))
        return tape.gradient(loss, y_pred)
    for fn in (grad, tf.function(grad)):
        np.testing.assert_allclose(fn(Y_TRUE, Y_PRED), [0.5, -1., -1., 0.])


@pytest.mark.parametrize("mode", MODES)
def test_my_positive_weights(mode):
    w = tf.constant([[-1., 2.], [0.5, -3.]])
    np.testing.assert_array_equal(MODES[mode](my_positive_weights)(w), [[0., 2.], [0.5, 0.]])
    v = tf.Variable([[-1., 2.], [0.5, -3.]])
    v.assign(MODES[mode](my_positive_weights)(v))
    np.testing.assert_array_equal(v, [[0., 2.], [0.5, 0.]])


@pytest.mark.parametrize("mode", MODES)
def test_softplus_and_l1(mode):
    np.testing.assert_allclose(MODES[mode](my_softplus)(tf.constant([0., 1.])),
                               [np.log(2.), np.log(1. + np.e)], rtol=1e-6)
    np.testing.assert_allclose(MODES[mode](my_l1_regularizer)(tf.constant([1., -2.])), 0.03,
                               rtol=1e-6)


def test_my_glorot_initializer_eager_and_compiled():
    tf.random.set_seed(42)
    w = my_glorot_initializer([200, 300])
    assert w.shape == (200, 300) and w.dtype is tf.float32
    expected = np.sqrt(2. / 500.)
    assert abs(float(np.std(w)) - expected) < 0.05 * expected
    assert abs(float(np.mean(w))) < 0.01
    small = my_glorot_initializer(tf.TensorShape([3, 5]), dtype=tf.float32)
    assert small.shape == (3, 5)
    compiled = tf.function(lambda: my_glorot_initializer([3, 5]))
    a, b = compiled(), compiled()
    assert a.shape == (3, 5) and not np.array_equal(a, b)
    tf.random.set_seed(42)
    np.testing.assert_array_equal(my_glorot_initializer([200, 300]), w)
    tf.random.set_seed(None)
    v = tf.Variable(my_glorot_initializer([4, 4]))
    assert v.shape == (4, 4) and v.dtype is tf.float32
