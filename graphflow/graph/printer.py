"""The canonical text form of a graph (a jaxpr-like listing): debug view, golden tests, CLI.

    graph cube(%x: float32[]) -> (float32[]) {
      %Const = Const[value=3.0] : float32[]
      %Pow = Pow(%x, %Const) : float32[]
      return (%Pow)
    }

One line per node: results, op, sorted attrs in brackets, inputs, `^name` control
inputs, result types. Subgraphs (Cond branches, While cond/body) are printed after
their graph, indented, and named `<node>.<attr>` so every name is unique and stable.
"""
import numpy as np

from graphflow.dtypes import DType
from graphflow.graph.graph import Graph

MAX_INLINE_ELEMENTS = 6


def type_str(t):
    """`float32[2,None]` style type of an Output (`[?]` for unknown rank)."""
    s = t._shape
    dims = "?" if s is None else ",".join("None" if d is None else str(d) for d in s)
    return "%s[%s]" % (t.dtype.name, dims)


def _ref(t):
    node = t.node
    return "%" + node.name + ("" if len(node.outputs) == 1 else ".%d" % t.index)


def value_str(v):
    """Short, numpy-version-independent text of an array (elided when large)."""
    if v.size > MAX_INLINE_ELEMENTS:
        return "<%s %s>" % (v.dtype, list(v.shape))
    if v.ndim == 0:
        return str(v[()])
    return "[" + ", ".join(value_str(np.asarray(x, dtype=v.dtype)) for x in v) + "]"


def _attr_str(key, value, sub_names):
    if isinstance(value, Graph):
        return "%s=@%s" % (key, sub_names[id(value)])
    if isinstance(value, np.ndarray):
        return "%s=%s" % (key, value_str(value))
    if isinstance(value, DType):
        return "%s=%s" % (key, value.name)
    return "%s=%r" % (key, value)


def print_graph(graph, indent=0, title=None):
    """Text listing of `graph` with its subgraphs printed after it."""
    pad = "  " * indent
    title = title or graph.name
    ins = ", ".join("%s: %s" % (_ref(t), type_str(t)) for t in graph.inputs)
    outs = ", ".join(type_str(t) for t in graph.outputs)
    lines = ["%sgraph %s(%s) -> (%s) {" % (pad, title, ins, outs)]
    subs = []
    sub_names = {}
    prefix = "" if indent == 0 else title + "/"
    for node in graph.nodes:
        if node.op.name == "Placeholder":
            continue
        for key, value in sorted(node.attrs.items()):
            if isinstance(value, Graph):
                sub_names[id(value)] = "%s%s.%s" % (prefix, node.name, key)
                subs.append(value)
        lines.append(pad + "  " + _node_line(node, sub_names))
    lines.append("%s  return (%s)" % (pad, ", ".join(_ref(t) for t in graph.outputs)))
    lines.append(pad + "}")
    for g in subs:
        lines.append(print_graph(g, indent + 1, sub_names[id(g)]))
    return "\n".join(lines)


def _node_line(node, sub_names):
    attrs = [_attr_str(k, v, sub_names) for k, v in sorted(node.attrs.items())
             if k != "dtype" or node.op.name != "Const"]
    lhs = ", ".join(_ref(o) for o in node.outputs) or "_"
    args = "(%s)" % ", ".join(_ref(t) for t in node.inputs) if node.inputs else ""
    ctrl = "".join(" ^" + c.name for c in node.control_inputs)
    types = ", ".join(type_str(o) for o in node.outputs)
    return "%s = %s%s%s%s%s" % (lhs, node.op.name, "[%s]" % ", ".join(attrs) if attrs else "",
                                args, ctrl, " : " + types if types else "")
