"""Node counts before and after optimization for chapter 12's examples (and a function
with a large constant subexpression), with results unchanged."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import config
from graphflow.graph.traversal import count_nodes
from book_functions import create_huber, cube, huber_fn


A = (np.arange(256 * 256, dtype=np.float32).reshape(256, 256) % 7) / 2048


def large_constant(x):
    m = tf.exp(tf.matmul(tf.constant(A), tf.constant(A)))
    m = tf.matmul(m, m) * 0.01
    return tf.matmul(x, m)


Y = tf.constant([[0.5], [2.0], [-3.0]])
CASES = [
    (cube, (tf.constant(2.0),), 3, 3),
    (huber_fn, (Y, Y * 2.0), 13, 12),                # tf.abs(error) computed once
    (create_huber(2.0), (Y, Y * 2.0), 15, 11),       # and the equal constants merged
    (large_constant, (tf.constant(np.ones((2, 256), np.float32)),), 9, 3),
]


@pytest.mark.parametrize("fn, args, before, after", CASES,
                         ids=["cube", "huber_fn", "create_huber", "large_constant"])
def test_node_counts_and_results(fn, args, before, after):
    cf = tf.function(fn).get_concrete_function(*args)
    assert (count_nodes(cf.unoptimized_graph), count_nodes(cf.graph)) == (before, after)
    optimized = [t.numpy() for t in tf.nest.flatten(tf.function(fn)(*args))]
    config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    plain = [t.numpy() for t in tf.nest.flatten(tf.function(fn)(*args))]
    for a, b in zip(optimized, plain):
        assert a.tobytes() == b.tobytes()


def test_large_constant_leaves_one_matmul_on_the_input():
    cf = tf.function(large_constant).get_concrete_function(
        tf.constant(np.ones((2, 256), np.float32)))
    kinds = sorted(n.op.name for n in cf.graph.nodes)
    assert kinds == ["Const", "MatMul", "Placeholder"]
    expected = np.ones((2, 256), np.float32) @ (
        np.exp(A @ A) @ np.exp(A @ A) * np.float32(0.01))
    np.testing.assert_allclose(cf(tf.constant(np.ones((2, 256), np.float32))).numpy(),
                               expected, rtol=1e-5)
