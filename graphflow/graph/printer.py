"""The canonical text form of a graph (a jaxpr-like listing): debug view, golden tests, CLI.

    graph cube(%x: float32[]) -> (float32[]) {
      %Const = Const[value=3.0] : float32[]
      %Pow = Pow(%x, %Const) : float32[]
      return (%Pow)
    }
"""
import numpy as np

from graphflow.graph.graph import Graph


def type_str(t):
    """`float32[2,None]` style type of an Output."""
    s = t._shape
    dims = "?" if s is None else ",".join("None" if d is None else str(d) for d in s)
    return "%s[%s]" % (t.dtype.name, dims)


def _ref(t):
    node = t.node
    return "%" + node.name + ("" if len(node.outputs) == 1 else ".%d" % t.index)


def _attr_str(k, v):
    if isinstance(v, Graph):
        return "%s=@%s" % (k, v.name)
    if isinstance(v, np.ndarray):
        if v.size <= 6:
            return "%s=%s" % (k, np.array2string(v, separator=",").replace("\n", ""))
        return "%s=<%s %s>" % (k, v.dtype, list(v.shape))
    if hasattr(v, "name") and hasattr(v, "is_floating"):
        return "%s=%s" % (k, v.name)
    return "%s=%r" % (k, v)


def print_graph(graph, indent=0, title=None):
    """Text listing of `graph` with its subgraphs printed after it."""
    pad = "  " * indent
    ins = ", ".join("%s: %s" % (_ref(t), type_str(t)) for t in graph.inputs)
    outs = ", ".join(type_str(t) for t in graph.outputs)
    lines = ["%sgraph %s(%s) -> (%s) {" % (pad, title or graph.name, ins, outs)]
    subs = []
    for node in graph.nodes:
        if node.op.name == "Placeholder":
            continue
        attrs = [_attr_str(k, v) for k, v in sorted(node.attrs.items())
                 if k != "dtype" or node.op.name != "Const"]
        for v in node.attrs.values():
            if isinstance(v, Graph):
                subs.append(v)
        lhs = ", ".join(_ref(o) for o in node.outputs) or "_"
        args = ", ".join(_ref(t) for t in node.inputs)
        ctrl = (" ^" + " ^".join(c.name for c in node.control_inputs)) \
            if node.control_inputs else ""
        types = ", ".join(type_str(o) for o in node.outputs)
        lines.append("%s  %s = %s%s(%s)%s%s" % (
            pad, lhs, node.op.name, ("[" + ", ".join(attrs) + "]") if attrs else "", args,
            ctrl, (" : " + types) if types else ""))
    lines.append("%s  return (%s)" % (pad, ", ".join(_ref(t) for t in graph.outputs)))
    lines.append(pad + "}")
    for g in subs:
        lines.append(print_graph(g, indent + 1))
    return "\n".join(lines)
