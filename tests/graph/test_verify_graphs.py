"""The verifier accepts traced graphs and names the node that breaks each invariant."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import dtypes, errors
from graphflow.graph.graph import Graph
from graphflow.graph.verify import verify
from graphflow.ops.registry import get


def _traced(fn, *args):
    return tf.function(fn).get_concrete_function(*args).unoptimized_graph


def _simple():
    g = Graph("g")
    x = g.add_input(dtypes.float32, (2,), "x")
    c = g.create_node(get("Const"), [], {"value": np.ones(2, np.float32), "dtype": dtypes.float32},
                      [(dtypes.float32, (2,))]).outputs[0]
    m = g.create_node(get("Mul"), [x, c], {}, [(dtypes.float32, (2,))]).outputs[0]
    g.outputs = [m]
    return g


def test_traced_graphs_with_control_flow_and_variables_are_valid():
    v = tf.Variable(1.0)

    def f(x):
        v.assign_add(tf.reduce_sum(x))
        y = tf.cond(x[0] > 0, lambda: x * 2.0, lambda: x - v)
        i, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + y), [0, y])
        return s
    verify(_traced(f, tf.constant([1.0, 2.0])))
    verify(_simple())


def _fails(graph, node_name, fragment):
    with pytest.raises(errors.InternalError, match=fragment) as info:
        verify(graph)
    assert node_name in str(info.value)


def test_out_of_order_nodes():
    g = _simple()
    g.nodes[1], g.nodes[2] = g.nodes[2], g.nodes[1]
    _fails(g, "Mul", "used before its node is defined")


def test_wrong_arity():
    g = _simple()
    g.nodes[2].inputs.append(g.inputs[0])
    _fails(g, "Mul", "has 3 inputs, the op takes 2")


def test_variadic_arity_allows_any_count():
    g = Graph("g")
    x = g.add_input(dtypes.float32, (2,), "x")
    p = g.create_node(get("Pack"), [x, x, x], {"axis": 0}, [(dtypes.float32, (3, 2))])
    g.outputs = p.outputs
    verify(g)


def test_recorded_dtype_disagreeing_with_rule():
    g = _simple()
    g.nodes[2].outputs[0].dtype = dtypes.float64
    _fails(g, "Mul", "recorded as float64, its op's rule gives float32")


def test_recorded_shape_disagreeing_with_rule():
    g = _simple()
    g.nodes[2].outputs[0]._shape = (3,)
    _fails(g, "Mul", r"shape \(3,\)")


def test_rule_rejecting_inputs():
    g = _simple()
    g.nodes[1].attrs = {"value": np.ones(3, np.float32), "dtype": dtypes.float32}
    g.nodes[1].outputs[0]._shape = (3,)
    _fails(g, "Mul", "rule rejects its inputs")


def test_input_from_another_graph():
    g, other = _simple(), _simple()
    g.nodes[2].inputs[1] = other.nodes[1].outputs[0]
    _fails(g, "Mul", "comes from another graph")


def test_control_input_must_come_earlier():
    g = _simple()
    g.nodes[1].control_inputs = [g.nodes[2]]
    _fails(g, "Const", "control input 'Mul'")


def test_outputs_must_be_owned():
    g, other = _simple(), _simple()
    g.outputs = [other.outputs[0]]
    with pytest.raises(errors.InternalError, match="output 0"):
        verify(g)


def test_placeholder_that_is_not_an_input():
    g = _simple()
    g.inputs = []
    _fails(g, "x", "not one of the graph's inputs")


def test_if_branch_signature_mismatch():
    g = _traced(lambda x: tf.cond(x[0] > 0, lambda: x + 1.0, lambda: x - 1.0),
                tf.constant([1.0]))
    node = [n for n in g.nodes if n.op.name == "StatelessIf"][0]
    node.attrs["then_graph"].inputs[0].dtype = dtypes.float64
    _fails(g, node.name, "then_graph input 0 is float64")


def test_while_body_signature_mismatch():
    g = _traced(lambda n: tf.while_loop(lambda i: i < n, lambda i: i + 1, [0]),
                tf.constant(3))
    node = [n for n in g.nodes if n.op.name == "StatelessWhile"][0]
    body = node.attrs["body_graph"]
    body.outputs = body.outputs + body.outputs
    _fails(g, node.name, "body_graph output has 2 values, the node passes 1")


def test_errors_inside_subgraphs_name_the_path():
    g = _traced(lambda x: tf.cond(x[0] > 0, lambda: x * 3.0, lambda: x), tf.constant([1.0]))
    node = [n for n in g.nodes if n.op.name == "StatelessIf"][0]
    branch = node.attrs["then_graph"]
    mul = [n for n in branch.nodes if n.op.name == "Mul"][0]
    mul.inputs = mul.inputs[:1]
    with pytest.raises(errors.InternalError, match="%s/then_graph" % node.name):
        verify(g)
