"""Optimizers apply a variable's constraint after its update, as Keras does."""
import numpy as np

import graphflow as tf


def my_positive_weights(weights):
    return tf.where(weights < 0., tf.zeros_like(weights), weights)


def _step(opt, v):
    opt.apply_gradients([(tf.constant([1.0, -1.0, 3.0]), v)])


def test_constraint_applied_after_update_eagerly_and_compiled():
    for compiled in (False, True):
        v = tf.Variable([0.5, 0.5, 0.5], constraint=my_positive_weights)
        opt = tf.optimizers.SGD(learning_rate=1.0)
        step = tf.function(lambda: _step(opt, v)) if compiled else (lambda: _step(opt, v))
        step()
        np.testing.assert_allclose(v.numpy(), [0.0, 1.5, 0.0])


def test_assign_does_not_apply_the_constraint():
    v = tf.Variable([1.0], constraint=my_positive_weights)
    v.assign([-2.0])
    np.testing.assert_allclose(v.numpy(), [-2.0])
