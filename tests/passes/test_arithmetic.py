"""Arithmetic simplification: each rule fires where exact and nowhere else."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow.passes.arithmetic import arithmetic_optimization
from graphflow.passes import arithmetic_rules
from graph_helpers import traced, run, ops, assert_same_results

X = tf.constant([1.0, -0.0, 3.0])
XI = tf.constant([1, 2, 3])


def _simplify(fn, *args):
    g, caps = traced(fn, *args)
    f, stats = arithmetic_optimization(g)
    return g, f, stats


def test_every_rule_has_a_docstring():
    for rules in arithmetic_rules.RULES.values():
        for rule in rules:
            assert rule.__doc__ and len(rule.__doc__) > 10, rule.__name__


@pytest.mark.parametrize("fn, x, gone", [
    (lambda x: x * 1.0, X, "Mul"),
    (lambda x: 1.0 * x, X, "Mul"),
    (lambda x: x * tf.constant(np.ones(3, np.float32)), X, "Mul"),
    (lambda x: x + 0, XI, "AddV2"),
    (lambda x: 0 + x, XI, "AddV2"),
    (lambda x: x + -0.0, X, "AddV2"),
    (lambda x: x - 0.0, X, "Sub"),
    (lambda x: x - 0, XI, "Sub"),
    (lambda x: x / 1.0, X, "RealDiv"),
    (lambda x: -(-x), X, "Neg"),
    (lambda x: tf.logical_not(tf.logical_not(x > 0.0)), X, "LogicalNot"),
    (lambda x: x ** 2, X, "Pow"),
    (lambda x: x ** 1.0, X, "Pow"),
])
def test_rule_fires_and_results_are_identical(fn, x, gone):
    g, f, stats = _simplify(fn, x)
    assert ops(f).count(gone) == ops(g).count(gone) - 1, stats  # the inner one is dead now
    assert f.outputs[0].node.op.name != gone
    assert_same_results(run(g, [x.numpy()]), run(f, [x.numpy()]))


def test_pow_two_becomes_square():
    g, f, _ = _simplify(lambda x: x ** 2, X)
    assert "Square" in ops(f)


@pytest.mark.parametrize("fn, x", [
    (lambda x: x * 0.0, X),                    # NaN * 0 is NaN, not 0
    (lambda x: x + 0.0, X),                    # -0.0 + 0.0 is +0.0
    (lambda x: x - -0.0, X),                   # -0.0 - -0.0 is +0.0
    (lambda x: x * tf.ones((2, 3)), X),        # broadcasting changes the shape
    (lambda x: x + tf.zeros((2, 3), tf.int32), XI),
    (lambda x: x * 2.0, X),
    (lambda x: tf.cast(x, tf.float64), X),
    (lambda x: x ** 3, X),
    (lambda x: x / tf.constant([1.0, 2.0, 1.0]), X),
])
def test_inexact_or_shape_changing_rewrites_do_not_happen(fn, x):
    g, f, stats = _simplify(fn, x)
    assert not stats["changes"]
    assert ops(f) == ops(g)


def test_cast_to_the_same_dtype_is_removed():
    g, _ = traced(lambda x: tf.cast(x, tf.float64), X)
    cast = g.outputs[0].node
    cast.attrs = dict(cast.attrs, DstT=tf.float32)
    cast.outputs[0].dtype = tf.float32
    f, stats = arithmetic_optimization(g)
    assert "Cast" not in ops(f) and f.outputs[0] is f.inputs[0]


def test_nodes_with_control_inputs_are_left_alone():
    def fn(x):
        e = tf.exp(x)
        return x * 1.0, e
    g, _ = traced(fn, X)
    mul = [n for n in g.nodes if n.op.name == "Mul"][0]
    mul.control_inputs = [[n for n in g.nodes if n.op.name == "Exp"][0]]
    f, stats = arithmetic_optimization(g)
    assert "Mul" in ops(f) and not stats["changes"]


def test_transposes_that_cancel_disappear():
    m = tf.constant(np.arange(24, dtype=np.float32).reshape(2, 3, 4))
    g, f, _ = _simplify(lambda m: tf.transpose(tf.transpose(m, [1, 2, 0]), [2, 0, 1]), m)
    assert f.outputs[0] is f.inputs[0]


def test_transposes_compose():
    m = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    g, f, _ = _simplify(lambda m: tf.transpose(tf.transpose(m, [1, 0, 2]), [0, 2, 1]),
                        tf.constant(m))
    assert [n.inputs[0].node.op.name for n in f.nodes if n.op.name == "Transpose"
            and n is f.outputs[0].node] == ["Placeholder"]
    assert_same_results(run(g, [m]), run(f, [m]))


def test_reshape_chains_collapse():
    m = np.arange(12, dtype=np.float32).reshape(3, 4)
    g, f, _ = _simplify(lambda m: tf.reshape(tf.reshape(m, (2, 6)), (4, 3)), tf.constant(m))
    assert f.outputs[0].node.inputs[0] is f.inputs[0]
    assert_same_results(run(g, [m]), run(f, [m]))
    g, f, _ = _simplify(lambda m: tf.reshape(tf.reshape(m, (2, 6)), (3, 4)), tf.constant(m))
    assert f.outputs[0] is f.inputs[0]


def test_squeeze_and_expand_dims_chains_collapse():
    m = np.arange(6, dtype=np.float32).reshape(2, 3)
    g, f, _ = _simplify(lambda m: tf.squeeze(tf.expand_dims(m, 1), 1), tf.constant(m))
    assert f.outputs[0] is f.inputs[0]
    g, f, _ = _simplify(lambda m: tf.expand_dims(tf.squeeze(tf.expand_dims(m, 0)), 2),
                        tf.constant(m))
    assert f.outputs[0] is not f.inputs[0]
    assert_same_results(run(g, [m]), run(f, [m]))


def test_unknown_shapes_block_shape_rules_that_need_them():
    fn = tf.function(lambda m: tf.squeeze(tf.expand_dims(m, 1), 1),
                     input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    g = fn.get_concrete_function().unoptimized_graph
    f, stats = arithmetic_optimization(g)
    m = np.ones((4, 3), np.float32)
    assert_same_results(run(g, [m]), run(f, [m]))


special = st.sampled_from([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -3.5, 2.0, 1e38])
floats = st.one_of(special, st.floats(width=32))


@given(hnp.arrays(np.float32, st.integers(1, 5), elements=floats))
def test_rules_are_bit_exact_on_any_floats(x):
    def fn(t):
        return ((t * 1.0) / 1.0 - 0.0 + -0.0, -(-t), t ** 2, tf.cast(t, tf.float32),
                1.0 * t ** 1.0)
    g, f, stats = _simplify(fn, tf.constant(x))
    assert len(stats["changes"]) >= 8
    with np.errstate(all="ignore"):
        assert_same_results(run(g, [x]), run(f, [x]))
