"""Common subexpression elimination merges equal pure nodes, never effects or random draws."""
import numpy as np

import graphflow as tf
from graphflow.passes.cse import common_subgraph_elimination as cse
from graph_helpers import traced, run, ops, assert_same_results

X = tf.constant([1.0, 2.0])


def _cse(fn, *args):
    g, caps = traced(fn, *args)
    f, stats = cse(g)
    return g, f, stats, caps


def test_equal_nodes_merge():
    g, f, stats, _ = _cse(lambda x: tf.exp(x * 2.0) + tf.exp(x * 2.0), X)
    assert ops(f).count("Exp") == 1 and ops(f).count("Mul") == 1
    assert ops(f).count("Const") == 1
    assert "merged Exp_1 into Exp" in stats["changes"]
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_commutative_inputs_in_either_order_merge():
    g, f, _, _ = _cse(lambda x, y: (x + y) * (y + x) - (x - y) + (y - x), X, X)
    assert ops(g).count("AddV2") == 3 and ops(f).count("AddV2") == 2
    assert ops(f).count("Sub") == 3  # x - y and y - x differ


def test_different_attrs_do_not_merge():
    m = tf.constant(np.ones((2, 2), np.float32))
    g, f, _, _ = _cse(lambda m: tf.reduce_sum(m, 0) + tf.reduce_sum(m, 1), m)
    assert ops(f).count("Sum") == 2


def test_constants_merge_by_bits():
    g, f, _, _ = _cse(lambda x: (x + float("nan"), x + float("nan"), x + 0.0, x + -0.0), X)
    values = [n.attrs["value"] for n in f.nodes if n.op.name == "Const"]
    assert len(values) == 3  # one NaN, +0.0 and -0.0 kept apart
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))


def test_random_and_stateful_nodes_never_merge():
    g, f, _, _ = _cse(lambda x: x + tf.random.uniform((2,)) - tf.random.uniform((2,)), X)
    assert ops(f).count("RandomUniform") == 2


def test_reads_merge_only_without_a_write_between():
    v = tf.Variable([1.0, 2.0])

    def fn(x):
        a = v.read_value() * 2.0
        b = v.read_value() * 2.0
        v.assign_add(x)
        c = v.read_value() * 2.0
        return a, b, c
    g, f, _, caps = _cse(fn, X)
    assert ops(f).count("ReadVariableOp") == 2 and ops(f).count("Mul") == 2
    v.assign([1.0, 2.0])
    expected = run(g, [X.numpy()], caps)
    v.assign([1.0, 2.0])
    assert_same_results(expected, run(f, [X.numpy()], caps))


def test_reads_are_not_merged_across_a_stateful_cond():
    v = tf.Variable(1.0)

    def fn(x):
        a = v.read_value()
        tf.cond(x[0] > 0, lambda: v.assign_add(5.0), lambda: v.assign_add(6.0))
        return a, v.read_value()
    g, f, _, _ = _cse(fn, X)
    assert ops(f).count("ReadVariableOp") == 2


def test_nodes_inside_subgraphs_merge():
    g, f, stats, _ = _cse(lambda x: tf.cond(x[0] > 0, lambda: tf.exp(x) + tf.exp(x),
                                            lambda: x), X)
    assert any("then_graph/merged Exp_1 into Exp" in c for c in stats["changes"])


def test_constants_with_equal_bytes_but_other_dtypes_stay_apart():
    i = tf.constant([1, 2])
    g, f, _, _ = _cse(lambda x, i: (x * 0.0, i * 0, tf.cast(i, tf.uint32) * tf.constant(
        0, tf.uint32)), X, i)
    zeros = [n.attrs["value"] for n in f.nodes if n.op.name == "Const"]
    assert sorted(str(v.dtype) for v in zeros) == ["float32", "int32", "uint32"]


def _const(graph, value, control=()):
    from graphflow.ops.graph_ops import CONST
    value = np.array(value, np.float32)
    return graph.create_node(CONST, [], {"value": value, "dtype": tf.float32},
                             [(tf.float32, value.shape)], control).outputs[0]


def test_constants_with_control_inputs_merge_only_with_the_same_control_inputs():
    from graphflow.graph.graph import Graph
    from graphflow.graph.verify import verify
    from graphflow.ops import registry
    g = Graph("g")
    x = g.add_input(tf.float32, (2,))
    exp = g.create_node(registry.get("Exp"), [x], {}, [(tf.float32, (2,))])
    mul = registry.get("Mul")
    consts = [_const(g, 2.0), _const(g, 2.0, [exp]), _const(g, 2.0), _const(g, 2.0, [exp])]
    g.outputs = [g.create_node(mul, [x, c], {}, [(tf.float32, (2,))]).outputs[0]
                 for c in consts]
    f, stats = cse(g)
    verify(f)
    kept = [n for n in f.nodes if n.op.name == "Const"]
    assert [n.control_inputs for n in kept] == [[], [f.nodes[1]]]
    assert ops(f).count("Mul") == 2 and len(stats["changes"]) == 4
    assert_same_results(run(g, [X.numpy()]), run(f, [X.numpy()]))
