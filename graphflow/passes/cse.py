"""Common subexpression elimination: nodes with the same op, the same inputs, equal attrs and
the same control inputs compute the same value, so later ones are merged into the first.

Never merged: ops with effects (stateful, random, print), ops holding subgraphs, and Consts
larger than MAX_CONST_ELEMENTS (compared by identity instead). Resource reads merge only when
no node with effects runs between them (program order is the graph's order), so a read is
never moved across a write. Inputs of commutative ops are compared as a set.
"""
import numpy as np

from graphflow.graph.graph import Graph
from graphflow.passes.rewrite import Rewriter, has_effect, is_pure, run_pass

MAX_CONST_ELEMENTS = 1024
COMMUTATIVE = frozenset(("AddV2", "Mul", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
                         "BitwiseAnd", "BitwiseOr", "BitwiseXor", "SquaredDifference"))


def common_subgraph_elimination(graph, copy=True):
    """Merge duplicate pure nodes (recursively in subgraphs); returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("common_subgraph_elimination", graph, _merge, copy)


def _attr_key(value):
    """A hashable stand-in for an attr value, equal exactly when the values are equal."""
    if isinstance(value, np.ndarray):
        if value.size > MAX_CONST_ELEMENTS or value.dtype == object:
            return ("array-id", id(value))
        return ("array", value.dtype.str, value.shape, np.ascontiguousarray(value).tobytes())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(_attr_key(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple(sorted((k, _attr_key(v)) for k, v in value.items()))
    if isinstance(value, np.generic):
        return ("scalar", value.dtype.str, value.tobytes())
    if isinstance(value, float):
        return ("float", np.float64(value).tobytes())
    if isinstance(value, Graph):
        return ("graph-id", id(value))
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))
    return (type(value).__name__, value)


def _key(node, epoch):
    inputs = tuple((id(t.node), t.index) for t in node.inputs)
    if node.op.name in COMMUTATIVE:
        inputs = tuple(sorted(inputs))
    attrs = tuple(sorted((k, _attr_key(v)) for k, v in node.attrs.items())) \
        if node.attrs else ()
    control = tuple(sorted(id(c) for c in node.control_inputs)) \
        if node.control_inputs else ()
    return (node.op.name, inputs, attrs, control, epoch if node.op.reads_resource else None)


def _merge(graph, note):
    seen = {}
    epoch = [0]

    def visit(node, rw):
        if has_effect(node):
            epoch[0] += 1
            return False
        if not (is_pure(node) or node.op.name == "Const" or
                node.op.name == "ReadVariableOp"):
            return False
        key = _key(node, epoch[0])
        first = seen.get(key)
        if first is None:
            seen[key] = node
            return False
        note("merged %s into %s" % (node.name, first.name))
        return rw.replace(node, first.outputs)
    Rewriter(graph).run(visit)
