"""Pruning removes dead pure work and keeps effects, inputs and what they depend on."""
import numpy as np

import graphflow as tf
from graphflow import config
from graphflow.passes.pruning import pruning
from graph_helpers import traced, run, ops, all_ops, assert_same_results

X = tf.constant([1.0, 2.0])


def test_dead_pure_nodes_are_removed():
    def fn(x):
        unused = tf.exp(x) * 3.0  # noqa: F841
        return x + 1.0
    g, _ = traced(fn, X)
    f, stats = pruning(g)
    assert "Exp" not in ops(f) and "Mul" not in ops(f)
    assert "removed Exp" in stats["changes"]
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_effects_and_their_inputs_are_kept():
    v = tf.Variable([0.0, 0.0])

    def fn(x):
        v.assign(tf.exp(x) * 2.0)
        tf.print("value", tf.reduce_sum(x))
        tf.random.uniform((2,))
        return tf.constant(1.0)
    g, caps = traced(fn, X)
    f, _ = pruning(g)
    for name in ("AssignVariableOp", "Exp", "Mul", "PrintV2", "Sum", "RandomUniform"):
        assert name in ops(f), name
    run(f, [X.numpy()], caps)
    np.testing.assert_allclose(v.numpy(), np.exp([1.0, 2.0]) * 2.0, rtol=1e-6)


def test_unused_inputs_stay():
    g, _ = traced(lambda x, y: x * 2.0, X, X)
    f, _ = pruning(g)
    assert len(f.inputs) == 2 and [n.op.name for n in f.nodes].count("Placeholder") == 2


def test_dead_nodes_inside_branches_are_removed():
    def fn(x):
        def then():
            tf.exp(x)
            return x * 2.0
        return tf.cond(x[0] > 0, then, lambda: x)
    g, _ = traced(fn, X)
    f, stats = pruning(g)
    assert "Exp" in all_ops(g) and "Exp" not in all_ops(f)
    assert any("then_graph/removed Exp" in c for c in stats["changes"])


def test_disable_model_pruning_keeps_dead_nodes():
    def fn(x):
        tf.exp(x)
        return x + 1.0
    config.optimizer.set_experimental_options({"disable_model_pruning": True})
    cf = tf.function(fn).get_concrete_function(X)
    assert "Exp" in ops(cf.graph)
    assert "pruning" not in [s["pass"] for s in cf.optimization_report()]
    config.optimizer.set_experimental_options({"disable_model_pruning": False})
    cf = tf.function(fn).get_concrete_function(X)
    assert "Exp" not in ops(cf.graph)


def test_unread_captures_leave_branches_and_loops():
    def fn(x, y):
        a = tf.cond(x[0] > 0, lambda: x * 2.0, lambda: x + tf.exp(y))
        return tf.while_loop(lambda i, s: i < 2, lambda i, s: (i + 1, s + y), [0, a])[1]
    g, _ = traced(fn, X, X)
    cond = [n for n in g.nodes if n.op.name == "StatelessIf"][0]
    loop = [n for n in g.nodes if n.op.name == "StatelessWhile"][0]
    # make the captures unread, as other passes can
    else_graph = cond.attrs["else_graph"]
    else_graph.outputs = [else_graph.inputs[0]]
    body = loop.attrs["body_graph"]
    body.outputs = [body.outputs[0], body.inputs[1]]
    f, stats = pruning(g)
    cond = [n for n in f.nodes if n.op.name == "StatelessIf"][0]
    loop = [n for n in f.nodes if n.op.name == "StatelessWhile"][0]
    assert len(cond.attrs["else_graph"].inputs) == 1 and len(cond.inputs) == 3
    assert len(loop.attrs["body_graph"].inputs) == 2 and len(loop.inputs) == 2
    assert "Exp" not in all_ops(f)
    assert "dropped 1 unread captures of StatelessIf" in stats["changes"]
    assert "dropped 1 unread captures of StatelessWhile" in stats["changes"]
    args = [X.numpy(), X.numpy()]
    assert_same_results(run(g, args), run(f, args))
