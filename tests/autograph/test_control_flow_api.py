"""The functional API AutoGraph builds on: cond, while_loop, case, switch_case."""
import numpy as np
import pytest

import graphflow as tf
from ag_graphs import count_conds, count_loops


def both(fn, *args):
    """Results of fn eagerly and compiled, checked equal; returns the compiled ones."""
    eager = tf.nest.flatten(fn(*args))
    compiled_fn = tf.function(fn)
    compiled = tf.nest.flatten(compiled_fn(*args))
    for e, c in zip(eager, compiled):
        np.testing.assert_allclose(np.asarray(c), np.asarray(e))
    return compiled_fn.get_concrete_function(*args).graph


def test_cond_with_dict_and_tuple_outputs():
    def f(x):
        d = tf.cond(x > 0, lambda: {"a": x, "b": (x * 2, x + 1)},
                    lambda: {"a": -x, "b": (x * 3, x - 1)})
        return d["a"] + d["b"][0] + d["b"][1]
    for v in (2.0, -2.0):
        g = both(f, tf.constant(v))
    assert count_conds(g) == 1


def test_cond_branches_must_agree():
    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: x, lambda: (x, x))
    with pytest.raises(ValueError, match="same structure"):
        f(tf.constant(1.0))


def test_while_loop_with_shape_invariants():
    def f(n):
        _, v = tf.while_loop(lambda i, v: i < n, lambda i, v: (i + 1, tf.concat([v, [i]], 0)),
                             [tf.constant(0), tf.zeros([0], tf.int32)],
                             shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
        return v
    g = both(f, tf.constant(4))
    assert count_loops(g) == 1
    assert tf.function(f)(tf.constant(4)).numpy().tolist() == [0, 1, 2, 3]


def test_while_loop_shape_change_without_invariants_fails():
    @tf.function
    def f(n):
        return tf.while_loop(lambda v: tf.size(v) < n, lambda v: tf.concat([v, [1]], 0),
                             [tf.zeros([1], tf.int32)])
    with pytest.raises(ValueError, match="shape_invariants"):
        f(tf.constant(3))


def test_case_and_switch_case():
    def f(x, k):
        a = tf.case([(x < 0, lambda: x * 10), (x < 5, lambda: x * 100)],
                    default=lambda: x)
        b = tf.switch_case(k, [lambda: x + 1, lambda: x + 2, lambda: x + 3])
        return a, b
    for x, k in ((-1, 0), (3, 1), (7, 2), (7, 9)):
        g = both(f, tf.constant(x), tf.constant(k))
    assert count_conds(g) >= 3
