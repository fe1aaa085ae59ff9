"""Checks a loaded graph needs beyond each op's shape rule and the IR verifier: well-typed
control-flow attrs (so the verifier can compare subgraph signatures safely), no state in
Stateless ops, Const values against their dtype, and variables against the ops that read
or write them."""
import numpy as np

from graphflow import dtypes
from graphflow.errors import GraphFormatError
from graphflow.graph.graph import Graph
from graphflow.io.codec import short_repr

_IF_OPS = ("If", "StatelessIf")
_WHILE_OPS = ("While", "StatelessWhile")


def subgraph_bindings(node):
    """[(subgraph, [outer Output feeding each subgraph input])] for If/While nodes."""
    a, ins = node.attrs, node.inputs
    if node.op.name in _IF_OPS:
        n = a["n_then"]
        return [(a["then_graph"], ins[1:1 + n]), (a["else_graph"], ins[1 + n:])]
    if node.op.name in _WHILE_OPS:
        n = a["n_vars"]
        n_cond = len(a["cond_graph"].inputs) - n
        return [(a["cond_graph"], ins[:n] + ins[n:n + n_cond]),
                (a["body_graph"], ins[:n] + ins[n + n_cond:])]
    return []


def check_node(node, where):
    """Raise GraphFormatError when `node` cannot run as recorded."""
    name = node.op.name
    if name == "Const":
        _check_const(node, where)
    elif name in _IF_OPS:
        _check_if(node, where)
    elif name in _WHILE_OPS:
        _check_while(node, where)


def _check_const(node, where):
    value, dtype = node.attrs.get("value"), node.attrs.get("dtype")
    if not isinstance(value, np.ndarray) or not isinstance(dtype, dtypes.DType) or \
            dtype._np is None or value.dtype != np.dtype(dtype._np):
        raise GraphFormatError("%s: Const value does not match its dtype %s"
                               % (where, getattr(dtype, "name", dtype)))


def _graphs(node, keys, where):
    for k in keys:
        if not isinstance(node.attrs.get(k), Graph):
            raise GraphFormatError("%s: attr '%s' must be a graph" % (where, k))


def _count(node, key, limit, where):
    n = node.attrs.get(key)
    if type(n) is not int or not 0 <= n <= limit:
        raise GraphFormatError("%s: attr '%s' must be an int in [0, %d], got %s"
                               % (where, key, limit, short_repr(n)))


def _check_if(node, where):
    _graphs(node, ("then_graph", "else_graph"), where)
    _count(node, "n_then", len(node.inputs) - 1, where)
    _check_stateless(node, where)


def _check_while(node, where):
    _graphs(node, ("cond_graph", "body_graph"), where)
    _count(node, "n_vars", len(node.inputs), where)
    n = node.attrs["n_vars"]
    extra = [len(node.attrs[k].inputs) - n for k in ("cond_graph", "body_graph")]
    if min(extra) < 0 or sum(extra) != len(node.inputs) - n:
        raise GraphFormatError("%s: cond/body inputs do not match the node's %d inputs"
                               % (where, len(node.inputs)))
    _check_stateless(node, where)


def _check_stateless(node, where):
    if node.op.name.startswith("Stateless") and any(
            g.stateful for g, _ in subgraph_bindings(node)):
        raise GraphFormatError("%s: %s holds a stateful subgraph" % (where, node.op.name))


def check_variable_uses(graph, bound, where):
    """Ops reading/writing a variable must agree with its dtype and shape.

    `bound` maps id(resource placeholder Output) -> Variable for `graph`'s inputs.
    """
    for node in graph.nodes:
        if node.inputs and node.inputs[0].dtype is dtypes.resource:
            var = bound.get(id(node.inputs[0]))
            if var is not None and "dtype" in node.attrs and (
                    node.attrs["dtype"] is not var.dtype or
                    node.attrs.get("shape") != var._shape):
                raise GraphFormatError(
                    "%s: node '%s' (%s) expects a %s variable of shape %s, but '%s' is %s "
                    "of shape %s" % (where, node.name, node.op.name,
                                     getattr(node.attrs["dtype"], "name", "?"),
                                     node.attrs.get("shape"), var.name, var.dtype.name,
                                     var._shape))
        for sub, outer in subgraph_bindings(node):
            inner = {id(ph): bound[id(t)] for ph, t in zip(sub.inputs, outer)
                     if id(t) in bound}
            check_variable_uses(sub, inner, "%s/%s" % (where, node.name))
