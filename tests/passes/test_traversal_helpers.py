"""Graph walks used by the passes: ancestors, topological order, last uses, node counts."""
import pytest

import graphflow as tf
from graphflow.graph.traversal import (ancestors, count_nodes, last_uses, topological_order,
                                       users)
from graph_helpers import traced

X = tf.constant([1.0, 2.0])


def _graph():
    g, _ = traced(lambda x: (tf.exp(x) * 2.0, tf.abs(x)), X)
    return g


def test_topological_order_restores_a_shuffled_graph_stably():
    g = _graph()
    shuffled = list(reversed(g.nodes))
    order = topological_order(shuffled)
    position = {n: i for i, n in enumerate(order)}
    for n in order:
        assert all(position[t.node] < position[n] for t in n.inputs)
    assert topological_order(g.nodes) == g.nodes


def test_topological_order_detects_cycles():
    g = _graph()
    exp = [n for n in g.nodes if n.op.name == "Exp"][0]
    mul = [n for n in g.nodes if n.op.name == "Mul"][0]
    exp.control_inputs = [mul]
    with pytest.raises(ValueError, match="cycle"):
        topological_order(g.nodes)


def test_ancestors_users_and_last_uses():
    g = _graph()
    mul = g.outputs[0].node
    names = {n.op.name for n in ancestors([mul])}
    assert names == {"Mul", "Exp", "Const", "Placeholder"}
    x_node = g.inputs[0].node
    assert sorted(n.op.name for n in users(g)[x_node]) == ["Abs", "Exp"]
    last = last_uses(g)
    abs_index = [i for i, n in enumerate(g.nodes) if n.op.name == "Abs"][0]
    assert last[id(g.inputs[0])] == abs_index
    assert last[id(g.outputs[1])] == len(g.nodes)


def test_count_nodes_includes_subgraphs():
    g, _ = traced(lambda x: tf.cond(x[0] > 0, lambda: x * 2.0, lambda: x), X)
    inner = sum(len(v.nodes) for n in g.nodes for v in n.attrs.values() if hasattr(v, "nodes"))
    assert count_nodes(g) == len(g.nodes) + inner > len(g.nodes)
