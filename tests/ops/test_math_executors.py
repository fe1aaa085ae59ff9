"""A model-like function using many math/nn/linalg ops, forward and backward, under every
executor: results must equal eager execution."""
import numpy as np

import graphflow as tf
from graphflow.testing import assert_nested_equal


def forward_backward(x, w, labels):
    with tf.GradientTape() as tape:
        tape.watch([x, w])
        h = tf.nn.elu(tf.matmul(x, w)) + tf.nn.leaky_relu(tf.einsum("bi,ij->bj", x, w))
        h = tf.nn.dropout(h, rate=0.0) * tf.sigmoid(h) - tf.math.softplus(-h)
        logits = tf.clip_by_value(h, -5.0, 5.0) + tf.reduce_mean(h, axis=0, keepdims=True)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=labels, logits=logits))
        loss += 1e-3 * tf.nn.l2_loss(w) + tf.reduce_sum(tf.math.top_k(logits, 2).values)
        loss += tf.norm(w) + tf.reduce_sum(tf.sort(tf.cumsum(h, axis=1), axis=0)) * 0.01
        loss += tf.reduce_logsumexp(tf.nn.log_softmax(logits)) + tf.reduce_max(tf.abs(x))
    gx, gw = tape.gradient(loss, [x, w])
    return loss, gx, gw, tf.argmax(logits, axis=1), tf.add_n([gx, x, x])


def test_every_executor_matches_eager(executor):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    w = rng.standard_normal((4, 5)).astype(np.float32)
    labels = rng.integers(0, 5, 6).astype(np.int32)
    eager = forward_backward(tf.constant(x), tf.constant(w), tf.constant(labels))
    compiled = tf.function(forward_backward)(x, w, labels)
    assert_nested_equal(eager, compiled, rtol=1e-5, atol=1e-5)
