"""Common subexpression elimination: nodes with the same op, the same inputs, equal attrs and
the same control inputs compute the same value, so later ones are merged into the first.

Never merged: ops with effects (stateful, random, print), ops holding subgraphs, and Consts
larger than MAX_CONST_ELEMENTS (compared by identity instead). Resource reads merge only when
no node with effects runs between them (program order is the graph's order), so a read is
never moved across a write. Inputs of commutative ops are compared as a set.
"""
import numpy as np

from graphflow.dtypes import DType
from graphflow.graph.graph import Graph
from graphflow.passes.rewrite import Rewriter, has_effect, run_pass

MAX_CONST_ELEMENTS = 1024
COMMUTATIVE = frozenset(("AddV2", "Mul", "Equal", "NotEqual", "LogicalAnd", "LogicalOr",
                         "BitwiseAnd", "BitwiseOr", "BitwiseXor", "SquaredDifference"))


def common_subgraph_elimination(graph, copy=True):
    """Merge duplicate pure nodes (recursively in subgraphs); returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("common_subgraph_elimination", graph, _merge, copy)


_PLAIN = frozenset((int, str, bool, type(None), DType))  # equal exactly when the same value
_ALWAYS_MERGEABLE = ("Const", "ReadVariableOp")


def _attr_key(value):
    """A hashable stand-in for an attr value, equal exactly when the values are equal."""
    kind = type(value)
    if kind in _PLAIN:
        return (kind.__name__, value)
    if isinstance(value, np.ndarray):
        if value.size > MAX_CONST_ELEMENTS or value.dtype.hasobject:
            return ("array-id", id(value))
        return ("array", value.dtype, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return (kind.__name__,) + tuple(_attr_key(v) for v in value)
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
    return (kind.__name__, value)


def _attrs_key(attrs):
    """The key of an attr dict, or None when it holds a subgraph (such nodes never merge)."""
    key = []
    for name in sorted(attrs) if len(attrs) > 1 else attrs:
        value = attrs[name]
        if isinstance(value, Graph):
            return None
        key.append((name, _attr_key(value)))
    return tuple(key)


def _key(node, epoch):
    """Equal for two nodes exactly when they compute the same values, None for a node that
    holds a subgraph. (Inputs and control inputs are compared by identity; the nodes holding
    them stay alive during the pass.)"""
    op = node.op
    if op.name == "Const" and not node.control_inputs and len(node.attrs) == 2 and \
            "dtype" in node.attrs:  # the most common node: a shorter key
        return ("Const", node.attrs["dtype"], _attr_key(node.attrs["value"]))
    attrs = ()
    if node.attrs:
        attrs = _attrs_key(node.attrs)
        if attrs is None:
            return None
    inputs = tuple(map(id, node.inputs))
    if op.name in COMMUTATIVE:
        inputs = tuple(sorted(inputs))
    control = tuple(sorted(map(id, node.control_inputs))) if node.control_inputs else ()
    return (op.name, inputs, attrs, control, epoch if op.reads_resource else None)


def _merge(graph, note):
    seen = {}
    kinds = {}  # op -> True (may merge), False (never merges), None (has effects)
    epoch = 0

    def visit(node, rw):
        nonlocal epoch
        kind = kinds.get(node.op, 0)
        if kind == 0:
            kind = kinds[node.op] = _kind(node)
        if not kind:
            if kind is None:
                epoch += 1
            return False
        key = _key(node, epoch)
        if key is None:
            return False
        first = seen.get(key)
        if first is None:
            seen[key] = node
            return False
        note("merged %s into %s" % (node.name, first.name))
        return rw.replace(node, first.outputs)
    Rewriter(graph).run(visit)


def _kind(node):
    """Whether nodes of `node`'s op may merge (True), never do (False) or have effects (None).
    Pure ops merge (unless a node holds subgraphs), as do Consts and resource reads."""
    if has_effect(node):
        return None
    op = node.op
    return op.name in _ALWAYS_MERGEABLE or (op.foldable and not op.reads_resource)
