"""Constant folding: what it folds, what it must leave alone, and results that do not move."""
import numpy as np
import pytest

import graphflow as tf
from graphflow.passes.constant_folding import constant_folding, MAX_ELEMENTS
from graph_helpers import traced, run, ops, all_ops, assert_same_results

X = tf.constant([1.0, -2.0, 3.0])


def _fold(fn, *args):
    graph, caps = traced(fn, *args)
    folded, stats = constant_folding(graph)
    return graph, folded, stats, caps


def test_folds_constant_subexpressions_and_keeps_results():
    g, f, stats, _ = _fold(lambda x: x * (tf.constant(2.0) * 3.0 + tf.exp(1.0)), X)
    assert "folded Mul" in stats["changes"] and "folded AddV2" in stats["changes"]
    assert ops(f).count("Mul") == 1 and "Exp" not in ops(f)
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))
    assert stats["pass"] == "constant_folding" and stats["nodes_before"] == len(g.nodes)


def test_the_pass_does_not_modify_its_input():
    g, _ = traced(lambda x: x + tf.constant(2.0) * 3.0, X)
    before = g.pretty()
    constant_folding(g)
    assert g.pretty() == before


def test_large_constant_matrix_chain_is_folded_to_one_constant():
    a = np.random.rand(256, 256).astype(np.float32) / 256

    def w(x):
        m = tf.exp(tf.matmul(tf.constant(a), tf.constant(a)))
        m = tf.matmul(m, tf.ones((256, 256))) * 0.001
        return tf.matmul(x, m)
    x = np.random.rand(4, 256).astype(np.float32)
    g, f, stats, _ = _fold(w, tf.constant(x))
    assert ops(f).count("MatMul") == 1
    assert not {"Exp", "Fill", "Mul"} & set(ops(f))
    big = [n for n in f.nodes if n.op.name == "Const" and n.attrs["value"].shape == (256, 256)]
    assert len(big) >= 1
    assert_same_results(run(g, [x]), run(f, [x]))


def test_results_too_large_are_not_evaluated():
    rows = MAX_ELEMENTS // 1000 + 1
    g, f, stats, _ = _fold(lambda x: tf.reduce_sum(tf.ones((rows, 1000))) + x, X)
    assert "Fill" in ops(f) and "Sum" in ops(f)


def test_blown_up_results_stay_as_nodes_but_feed_folding():
    g, f, _, _ = _fold(lambda x: tf.reshape(x, (3, 1)) + tf.ones((300, 300))[:3, :1], X)
    assert "Fill" not in ops(f)          # only its small slice is stored
    g2, f2, _, _ = _fold(lambda x: tf.reduce_sum(x) + tf.ones((300, 300)), X)
    assert "Fill" in ops(f2)              # 90000 elements from a 2-element shape: left to run
    assert all(n.attrs["value"].size < 1000 for n in f2.nodes if n.op.name == "Const")
    assert_same_results(run(g2, [X.numpy()]), run(f2, [X.numpy()]))


def test_random_ops_are_never_folded():
    g, f, _, _ = _fold(lambda x: x + tf.random.uniform((3,)) * 2.0, X)
    assert "RandomUniform" in ops(f) and "Mul" in ops(f)


def test_variable_reads_are_never_folded():
    v = tf.Variable([1.0, 2.0, 3.0])
    g, f, _, caps = _fold(lambda x: x + v.read_value() * 2.0, X)
    assert "ReadVariableOp" in ops(f) and "Mul" in ops(f)


def test_nodes_with_control_inputs_from_stateful_ops_are_not_folded():
    v = tf.Variable(1.0)

    def fn(x):
        v.assign(2.0)
        return x + tf.constant(3.0) * 2.0
    g, caps = traced(fn, X)
    mul = [n for n in g.nodes if n.op.name == "Mul"][0]
    mul.control_inputs = [n for n in g.nodes if n.op.name == "AssignVariableOp"]
    f, stats = constant_folding(g)
    assert "Mul" in ops(f) and not stats["changes"]


@pytest.mark.parametrize("expr", [
    lambda x: x + tf.constant(0.0) / 0.0,
    lambda x: x * tf.math.log(tf.constant([0.0, 1.0, 2.0])),
    lambda x: x + tf.constant(-0.0) * 1.0,
    lambda x: x + tf.exp(tf.constant(1000.0)),
])
def test_nan_inf_and_signed_zero_constants_fold_to_the_same_bits(expr):
    g, f, stats, _ = _fold(expr, X)
    assert stats["changes"]
    with np.errstate(all="ignore"):
        assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_kernel_errors_are_left_to_run_time():
    @tf.function
    def bad(x):
        return x + tf.gather(tf.constant([1.0, 2.0]), 5)
    cf = bad.get_concrete_function(tf.constant(1.0))
    assert "GatherV2" in ops(cf.graph)
    with pytest.raises(tf.errors.InvalidArgumentError, match="node GatherV2"):
        bad(tf.constant(1.0))


def test_multi_output_nodes_fold_to_one_constant_each():
    g, f, _, _ = _fold(lambda x: x + tf.unstack(tf.constant([[1.0, 2.0], [3.0, 4.0]]))[1][0],
                       tf.constant(1.0))
    assert "Unpack" not in ops(f)
    assert_same_results(run(g, [np.float32(1.0)]), run(f, [np.float32(1.0)]))


def test_cond_with_constant_predicate_becomes_its_branch():
    def fn(x):
        return tf.cond(tf.constant(2) > 1, lambda: x * 2.0, lambda: x - 1.0)
    g, f, stats, _ = _fold(fn, X)
    assert "StatelessIf" in all_ops(g) and "StatelessIf" not in all_ops(f)
    assert "Sub" not in all_ops(f)
    assert any(c.startswith("inlined the then branch") for c in stats["changes"])
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_inlined_stateful_branch_keeps_its_effect_once():
    v = tf.Variable(0.0)

    @tf.function
    def fn(x):
        tf.cond(tf.constant(False), lambda: v.assign_add(100.0), lambda: v.assign_add(x))
        return v.read_value()
    cf = fn.get_concrete_function(tf.constant(1.0))
    assert "If" not in all_ops(cf.graph)
    assert fn(tf.constant(1.0)).numpy() == 1.0
    assert fn(tf.constant(2.0)).numpy() == 3.0
    assert v.numpy() == 3.0


def test_cond_with_tensor_predicate_is_kept():
    g, f, _, _ = _fold(lambda x: tf.cond(x[0] > 0, lambda: x * 2.0, lambda: x), X)
    assert "StatelessIf" in ops(f)


def test_folding_inside_branches_and_loop_bodies():
    def fn(x):
        y = tf.cond(x[0] > 0, lambda: x * (tf.constant(2.0) * 3.0), lambda: x)
        return tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + tf.exp(1.0)),
                             [0, y])[1]
    g, f, stats, _ = _fold(fn, X)
    assert any("then_graph/folded Mul" in c for c in stats["changes"])
    assert any("body_graph/folded Exp" in c for c in stats["changes"])
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))
