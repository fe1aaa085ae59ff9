"""Consistency checks a loaded graph needs beyond each op's shape rule: how control-flow
nodes feed their subgraphs, Const values against their dtype, and variables against the
ops that read or write them."""
import numpy as np

from graphflow import dtypes
from graphflow.errors import GraphFormatError
from graphflow.graph.graph import Graph
from graphflow.shapes import TensorShape

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
        raise GraphFormatError("%s: attr '%s' must be an int in [0, %d], got %r"
                               % (where, key, limit, n))


def _check_if(node, where):
    _graphs(node, ("then_graph", "else_graph"), where)
    _count(node, "n_then", len(node.inputs) - 1, where)
    then_g, else_g = node.attrs["then_graph"], node.attrs["else_graph"]
    if len(then_g.outputs) != len(else_g.outputs):
        raise GraphFormatError("%s: the branches return %d and %d values"
                               % (where, len(then_g.outputs), len(else_g.outputs)))
    for k, (x, y) in enumerate(zip(then_g.outputs, else_g.outputs)):
        if x.dtype is not y.dtype:
            raise GraphFormatError("%s: branch output %d is %s in then_graph and %s in "
                                   "else_graph" % (where, k, x.dtype.name, y.dtype.name))
    _check_bindings(node, where)


def _check_while(node, where):
    _graphs(node, ("cond_graph", "body_graph"), where)
    _count(node, "n_vars", len(node.inputs), where)
    n = node.attrs["n_vars"]
    cond_g, body_g = node.attrs["cond_graph"], node.attrs["body_graph"]
    extra = len(cond_g.inputs) - n, len(body_g.inputs) - n
    if min(extra) < 0 or sum(extra) != len(node.inputs) - n:
        raise GraphFormatError("%s: cond/body inputs do not match the node's %d inputs"
                               % (where, len(node.inputs)))
    c = cond_g.outputs
    if len(c) != 1 or c[0].dtype is not dtypes.bool or c[0]._shape not in (None, ()):
        raise GraphFormatError("%s: cond_graph must return one scalar bool" % where)
    body_out = body_g.outputs
    if len(body_out) != n or any(
            o.dtype is not t.dtype or not _compatible(o._shape, t._shape)
            for o, t in zip(body_out, node.inputs[:n])):
        raise GraphFormatError("%s: body_graph outputs do not match the loop variables"
                               % where)
    _check_bindings(node, where)


def _check_bindings(node, where):
    if node.op.name.startswith("Stateless") and any(
            g.stateful for g, _ in subgraph_bindings(node)):
        raise GraphFormatError("%s: %s holds a stateful subgraph" % (where, node.op.name))
    for graph, outer in subgraph_bindings(node):
        if len(graph.inputs) != len(outer):
            raise GraphFormatError("%s: subgraph '%s' takes %d inputs, the node passes %d"
                                   % (where, graph.name, len(graph.inputs), len(outer)))
        for k, (ph, t) in enumerate(zip(graph.inputs, outer)):
            if ph.dtype is not t.dtype or not _compatible(ph._shape, t._shape):
                raise GraphFormatError(
                    "%s: subgraph '%s' input %d is %s%s but receives %s%s"
                    % (where, graph.name, k, ph.dtype.name, TensorShape(ph._shape),
                       t.dtype.name, TensorShape(t._shape)))


def _compatible(a, b):
    return TensorShape(a).is_compatible_with(TensorShape(b))


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
