"""The testing helpers themselves: they pass on correct code and catch wrong code."""
import numpy as np
import pytest

import graphflow as tf
from graphflow.testing import assert_eager_graph_equal, assert_nested_equal, check_grads


def test_check_grads_accepts_correct_gradients_of_several_outputs():
    check_grads(lambda t, u: (tf.reduce_sum(t ** 3), t * u, tf.argmax(t)),
                [np.array([0.5, -1.0]), np.array(2.0)])


def test_check_grads_catches_a_wrong_gradient():
    @tf.custom_gradient
    def wrong_square(x):
        def grad(dy):
            return dy * 3.0 * x  # should be 2x
        return x * x, grad
    with pytest.raises(AssertionError, match="finite differences"):
        check_grads(wrong_square, [np.array([1.0, 2.0])])


def test_check_grads_catches_compiled_and_eager_disagreeing():
    def differs(x):
        return x * (2.0 if tf.executing_eagerly() else 3.0)
    with pytest.raises(AssertionError, match="compiled vs eager"):
        check_grads(differs, [np.array([1.0])])


def test_assert_eager_graph_equal_catches_differences():
    def differs(x):
        return x + (1.0 if tf.executing_eagerly() else 2.0)
    with pytest.raises(AssertionError, match="compiled vs eager"):
        assert_eager_graph_equal(differs, np.array([1.0], np.float32))


def test_assert_nested_equal_checks_structure_dtype_and_shape():
    a = tf.constant([1.0])
    with pytest.raises(AssertionError, match="dtype"):
        assert_nested_equal(a, tf.constant([1.0], tf.float64))
    with pytest.raises(AssertionError, match="shape"):
        assert_nested_equal(a, tf.constant([[1.0]]))
    with pytest.raises((AssertionError, ValueError, TypeError)):
        assert_nested_equal((a, a), [a])
    assert_nested_equal({"k": (a, None)}, {"k": (tf.constant([1.0]), None)})


def test_check_grads_passes_integer_arguments_through():
    logits = np.random.randn(3, 4)
    labels = np.array([0, 3, 1], np.int32)
    check_grads(lambda lab, g: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=lab, logits=g), [labels, logits])
    check_grads(lambda x, k: tf.math.top_k(x, k).values, [logits, 2])
