"""Graph exports: JSON text, Graphviz DOT (subgraphs as clusters), networkx, SVG/PNG/HTML.

Rendering needs Graphviz's `dot` program; without it `render` and `to_html` raise
`GraphvizNotFound` with a one-line install hint, and `to_svg` (hence
`Graph._repr_svg_`) returns None.
"""
import html
import json
import shutil
import subprocess

from graphflow.graph.graph import Graph
from graphflow.graph.printer import print_graph, type_str, value_str
from graphflow.io.codec import InlineArrays
from graphflow.io.graph_json import encode_graph

INSTALL_HINT = ("Graphviz 'dot' was not found on PATH; install Graphviz (e.g. "
                "`apt-get install graphviz`, `brew install graphviz` or "
                "`conda install graphviz`) to render graphs")
FORMATS = ("svg", "png", "html")


class GraphvizNotFound(RuntimeError):
    """Rendering needs Graphviz's `dot` program, which is not installed."""


# --- JSON and networkx ---------------------------------------------------------------------
def to_json(graph, indent=1):
    """The graph as JSON text: the saved-file schema with arrays inline."""
    return json.dumps(encode_graph(graph, InlineArrays()), indent=indent)


def to_networkx(graph):
    """A networkx.DiGraph: nodes keyed by name with op/dtype/shape attrs; edges carry
    the tensor's dtype/shape, output index and input positions (or `control=True`).
    Subgraphs of Cond/While nodes are DiGraphs in the node attr `subgraphs`."""
    import networkx as nx
    g = nx.DiGraph(name=graph.name)
    for node in graph.nodes:
        outs = node.outputs
        attrs = {"op": node.op.name,
                 "dtype": outs[0].dtype.name if len(outs) == 1 else [o.dtype.name for o in outs],
                 "shape": _shape(outs[0]) if len(outs) == 1 else [_shape(o) for o in outs]}
        subs = {k: to_networkx(v) for k, v in sorted(node.attrs.items()) if isinstance(v, Graph)}
        if subs:
            attrs["subgraphs"] = subs
        g.add_node(node.name, **attrs)
        for pos, t in enumerate(node.inputs):
            src = t.node.name
            if g.has_edge(src, node.name):
                g.edges[src, node.name]["positions"].append(pos)
            else:
                g.add_edge(src, node.name, output=t.index, positions=[pos], control=False,
                           dtype=t.dtype.name, shape=_shape(t))
        for c in node.control_inputs:
            if not g.has_edge(c.name, node.name):
                g.add_edge(c.name, node.name, control=True, positions=[])
    g.graph["inputs"] = [t.node.name for t in graph.inputs]
    g.graph["outputs"] = ["%s:%d" % (t.node.name, t.index) for t in graph.outputs]
    return g


def _shape(t):
    return None if t._shape is None else list(t._shape)


# --- DOT ------------------------------------------------------------------------------------
def to_dot(graph, name=None):
    """Graphviz DOT text: one box per op (op, dtype, shape), Cond/While subgraphs as
    dashed clusters linked to their node."""
    lines = ["digraph %s {" % _quote(name or graph.name), "  compound=true;",
             "  rankdir=TB;", '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", '
             'fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];']
    _emit(graph, "g", lines, "  ")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _emit(graph, prefix, lines, pad):
    """Append `graph`'s nodes, clusters and edges, node ids prefixed by `prefix`."""
    ids = {id(n): "%s_%d" % (prefix, i) for i, n in enumerate(graph.nodes)}
    for i, node in enumerate(graph.nodes):
        nid = ids[id(node)]
        lines.append("%s%s [%s];" % (pad, nid, _node_style(node)))
        for key, sub in sorted(node.attrs.items()):
            if not isinstance(sub, Graph):
                continue
            cluster = "cluster_%s_%s" % (nid, key)
            lines.append("%ssubgraph %s {" % (pad, cluster))
            lines.append('%s  label=%s; style="dashed,rounded"; color="#7a8ca8"; '
                         'fontname="Helvetica"; fontsize=10;'
                         % (pad, _quote("%s.%s" % (node.name, key))))
            _emit(sub, "%s_%s" % (nid, key), lines, pad + "  ")
            lines.append(pad + "}")
            first = "%s_%s_0" % (nid, key)
            if sub.nodes:
                lines.append('%s%s -> %s [lhead=%s, style=dashed, arrowhead=odot, label=%s];'
                             % (pad, nid, first, cluster, _quote(key)))
        for t in node.inputs:
            lines.append("%s%s -> %s [label=%s];"
                         % (pad, ids[id(t.node)], nid, _quote(_edge_label(t))))
        for c in node.control_inputs:
            lines.append('%s%s -> %s [style=dotted, arrowhead=empty];'
                         % (pad, ids[id(c)], nid))
    for k, t in enumerate(graph.outputs):
        out = "%s_out%d" % (prefix, k)
        lines.append('%s%s [label=%s, shape=plaintext, style="", fillcolor=none];'
                     % (pad, out, _quote("return %d" % k)))
        lines.append("%s%s -> %s [label=%s];" % (pad, ids[id(t.node)], out,
                                                 _quote(_edge_label(t))))


def _edge_label(t):
    """The tensor's type, prefixed by its output index when the node has several."""
    return type_str(t) if len(t.node.outputs) == 1 else "%d: %s" % (t.index, type_str(t))


def _node_style(node):
    op = node.op.name
    types = "\\n".join(type_str(o) for o in node.outputs)
    if op == "Placeholder":
        return 'label=%s, shape=ellipse, fillcolor="#fff4d6"' % _quote(
            "%s\\n%s" % (node.name, types), escape=False)
    if op == "Const":
        label = "%s\\n%s" % (value_str(node.attrs["value"]), types)
        return 'label=%s, fillcolor="#eeeeee"' % _quote(label, escape=False)
    label = op if node.name == op else "%s\\n(%s)" % (op, node.name)
    label = "%s\\n%s" % (label, types) if types else label
    color = '"#fde2e2"' if node.op.stateful else '"#eef3fb"'
    return "label=%s, fillcolor=%s" % (_quote(label, escape=False), color)


def _quote(text, escape=True):
    text = text.replace('"', '\\"') if not escape else \
        text.replace("\\", "\\\\").replace('"', '\\"')
    return '"%s"' % text


# --- rendering ------------------------------------------------------------------------------
def dot_available():
    return shutil.which("dot") is not None


def run_dot(dot_text, fmt):
    """Bytes of `dot -T<fmt>` on `dot_text`; GraphvizNotFound when dot is missing."""
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizNotFound(INSTALL_HINT)
    proc = subprocess.run([exe, "-T" + fmt], input=dot_text.encode("utf-8"),
                          capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("dot failed: %s" % proc.stderr.decode("utf-8", "replace").strip())
    return proc.stdout


def to_svg(graph):
    """SVG text of the graph, or None when Graphviz is not installed (notebooks)."""
    try:
        return run_dot(to_dot(graph), "svg").decode("utf-8")
    except GraphvizNotFound:
        return None


def to_html(graph):
    """One self-contained HTML page: the inline SVG picture and the text listing."""
    svg = run_dot(to_dot(graph), "svg").decode("utf-8")
    svg = svg[svg.find("<svg"):]
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n"
            "<style>body{font-family:Helvetica,Arial,sans-serif;margin:1.5em}"
            "pre{background:#f6f8fa;padding:1em;overflow:auto}</style></head>\n"
            "<body><h1>graph %s</h1>\n%s\n<h2>Listing</h2>\n<pre>%s</pre>\n</body></html>\n"
            % (html.escape(graph.name), html.escape(graph.name), svg,
               html.escape(print_graph(graph))))


def render(graph, path):
    """Write the graph picture to `path`; the format comes from its extension."""
    fmt = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if fmt not in FORMATS:
        raise ValueError("cannot render to %r: the file name must end in .svg, .png or .html"
                         % path)
    if fmt == "html":
        data = to_html(graph).encode("utf-8")
    else:
        data = run_dot(to_dot(graph), fmt)
    with open(path, "wb") as f:
        f.write(data)
