"""Gradient rules of softmax, losses and dropout, eager and compiled."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow.testing import check_grads

FEW = settings(max_examples=8)
logits = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                    elements=st.floats(-5, 5))


@FEW
@given(x=logits, data=st.data())
def test_softmax_and_log_softmax_grads(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    check_grads(lambda t: tf.nn.softmax(t, axis=axis), [x])
    check_grads(lambda t: tf.nn.log_softmax(t, axis=axis), [x])


@FEW
@given(x=hnp.arrays(np.float64, (3, 4), elements=st.floats(-5, 5)),
       z=hnp.arrays(np.float64, (3, 4), elements=st.floats(0, 1)))
def test_sigmoid_cross_entropy_grads_for_logits_and_labels(x, z):
    x = np.where(np.abs(x) < 0.05, 0.1, x)  # relu/abs kinks at 0
    check_grads(lambda l, g: tf.nn.sigmoid_cross_entropy_with_logits(labels=l, logits=g),
                [z, x])


@FEW
@given(x=logits, data=st.data())
def test_sparse_softmax_cross_entropy_grads(x, data):
    labels = data.draw(hnp.arrays(np.int32, x.shape[:-1],
                                  elements=st.integers(0, x.shape[-1] - 1)))
    check_grads(lambda g: tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=labels, logits=g), [x])


def test_softmax_cross_entropy_grads():
    labels = np.random.dirichlet(np.ones(4), size=3)
    check_grads(tf.nn.softmax_cross_entropy_with_logits, [labels, np.random.randn(3, 4)])


def test_l2_loss_grads():
    check_grads(tf.nn.l2_loss, [np.random.randn(2, 3)])


def test_sparse_xent_labels_get_no_gradient():
    labels = tf.constant([0, 1])
    logits = tf.constant([[1.0, 2.0], [0.5, 0.1]])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g = tape.gradient(loss, logits).numpy()
    p = np.exp(logits.numpy()) / np.exp(logits.numpy()).sum(1, keepdims=True)
    np.testing.assert_allclose(g, p - np.eye(2), rtol=1e-6)


@pytest.mark.parametrize("compiled", [False, True])
def test_dropout_grad_is_the_scaled_mask(compiled):
    def step(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.nn.dropout(x, rate=0.25)
        return y, tape.gradient(y, x)
    if compiled:
        step = tf.function(step)
    x = tf.constant(np.random.uniform(1, 2, (20, 10)))
    y, g = step(x)
    mask = (y.numpy() != 0) / 0.75
    np.testing.assert_allclose(g.numpy(), mask)
    np.testing.assert_allclose(y.numpy(), x.numpy() * mask)


def test_relu_grad_at_zero_is_zero_as_tf():
    x = tf.constant([0.0, 1.0, -1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.relu(x)
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [0.0, 1.0, 0.0])


def test_second_order_through_activations():
    x = tf.constant([0.3, -0.7], tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(tf.nn.softplus(x) + tf.tanh(x))
        g = inner.gradient(y, x)
    h = outer.gradient(g, x).numpy()
    s = 1 / (1 + np.exp(-x.numpy()))
    t = np.tanh(x.numpy())
    np.testing.assert_allclose(h, s * (1 - s) - 2 * t * (1 - t * t))


def test_second_derivative_of_sparse_xent_is_refused_as_tf():
    logits = tf.constant([[1.0, 2.0]])
    with tf.GradientTape() as outer:
        outer.watch(logits)
        with tf.GradientTape() as inner:
            inner.watch(logits)
            loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=logits)
        g = inner.gradient(loss, logits)
    with pytest.raises(LookupError, match="second derivative"):
        outer.gradient(g, logits)


def test_normalization_helper_grads():
    x = np.random.randn(3, 4)
    check_grads(lambda t: tf.nn.l2_normalize(t, axis=-1), [x])
    check_grads(lambda t: tf.nn.moments(t, axes=[0]), [x])
    check_grads(lambda t, b: tf.nn.bias_add(t, b), [x, np.random.randn(4)])


ACTIVATIONS = [tf.nn.relu, tf.nn.elu, tf.nn.selu, tf.nn.leaky_relu, tf.sigmoid, tf.tanh]


@pytest.mark.parametrize("act", ACTIVATIONS, ids=lambda f: f.__name__)
def test_activation_second_derivatives(act):
    """The fused gradient ops (ReluGrad, EluGrad, ...) have gradients of their own."""
    x = np.array([-1.3, -0.4, 0.6, 1.7])
    check_grads(lambda t: _first_derivative(act, t), [x])


def _first_derivative(act, t):
    with tf.GradientTape() as tape:
        tape.watch(t)
        y = act(t) * t
    return tape.gradient(y, t)


@pytest.mark.parametrize("act", ACTIVATIONS, ids=lambda f: f.__name__)
def test_activation_backward_is_one_fused_node(act):
    @tf.function
    def grad(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            y = act(t)
        return tape.gradient(y, t)
    graph = grad.get_concrete_function(tf.TensorSpec([4], tf.float32)).graph
    names = [n.op.name for n in graph.nodes]
    assert any(name.endswith("Grad") for name in names), names
