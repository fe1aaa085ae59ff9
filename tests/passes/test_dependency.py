"""Identity chains vanish; Identities that order things stay; redundant control inputs go."""
import graphflow as tf
from graphflow.passes.dependency import dependency_optimization
from graph_helpers import traced, run, ops, assert_same_results

X = tf.constant([1.0, 2.0])


def test_identity_chains_are_removed():
    g, _ = traced(lambda x: tf.identity(tf.identity(tf.identity(x) * 2.0)), X)
    f, stats = dependency_optimization(g)
    assert "Identity" not in ops(f)
    assert len(stats["changes"]) == 3
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_identity_of_an_input_returned_directly():
    g, _ = traced(lambda x: tf.identity(x), X)
    f, _ = dependency_optimization(g)
    assert f.outputs[0] is f.inputs[0]


def test_identity_with_control_inputs_stays_and_duplicates_go():
    def fn(x):
        e = tf.exp(x)
        return tf.identity(x * 2.0) + e
    g, _ = traced(fn, X)
    exp, mul, ident, add = [n for n in g.nodes if n.op.name not in ("Placeholder", "Const")]
    ident.control_inputs = [exp, mul, exp]
    add.control_inputs = [ident, mul]
    f, stats = dependency_optimization(g)
    kept = [n for n in f.nodes if n.op.name == "Identity"]
    assert len(kept) == 1 and [c.name for c in kept[0].control_inputs] == ["Exp"]
    assert [c.name for c in f.nodes[-1].control_inputs] == ["Mul"]
    assert "dropped control input Identity of AddV2" in stats["changes"]
    assert "dropped control input Mul of Identity" in stats["changes"]
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))
