"""Graph exports: JSON, DOT, networkx, SVG/PNG/HTML and the notebook hook."""
import json
import shutil
import subprocess

import networkx as nx
import pytest

import graphflow as tf
from graphflow.io import export

HAS_DOT = shutil.which("dot") is not None


@pytest.fixture(scope="module")
def graph():
    v = tf.Variable(1.0, name="v")

    @tf.function
    def program(x, n):
        v.assign_add(1.0)
        y = x * x

        def body(i, acc):
            return i + 1, tf.cond(i % 2 == 0, lambda: acc + y, lambda: acc - 1.0)
        return tf.while_loop(lambda i, acc: i < n, body, [0, tf.reduce_sum(y)])[1] * v
    return program.get_concrete_function(tf.TensorSpec([3], tf.float32, "x"),
                                         tf.TensorSpec([], tf.int32, "n")).graph


def test_json_is_the_saved_schema_with_inline_arrays(graph):
    doc = json.loads(graph.to_json())
    assert set(doc) == {"name", "nodes", "inputs", "outputs"}
    ops = [n["op"] for n in doc["nodes"]]
    assert len(ops) == len(graph.nodes) and "While" in ops or "StatelessWhile" in ops
    consts = [n["attrs"]["value"]["array"] for n in doc["nodes"] if n["op"] == "Const"]
    assert all(set(c) == {"dtype", "shape", "data"} for c in consts)
    loop = next(n for n in doc["nodes"] if "While" in n["op"])
    body = loop["attrs"]["body_graph"]["graph"]
    assert any("If" in n["op"] for n in body["nodes"])


def test_dot_has_clusters_and_typed_labels(graph):
    dot = graph.to_dot()
    assert dot.startswith('digraph "program" {') and dot.rstrip().endswith("}")
    assert dot.count("subgraph cluster_") == 4       # cond, body, then, else
    assert 'label="x\\nfloat32[3]"' in dot
    assert "Mul\\nfloat32[3]" in dot and "int32[]" in dot
    assert "style=dotted" in dot                      # a control dependency
    if HAS_DOT:
        proc = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True)
        assert proc.returncode == 0, proc.stderr


def test_networkx_nodes_edges_and_subgraphs(graph):
    g = graph.to_networkx()
    assert isinstance(g, nx.DiGraph) and nx.is_directed_acyclic_graph(g)
    assert set(g.nodes) == {n.name for n in graph.nodes}
    mul = next(n for n in graph.nodes if n.op.name == "Mul" and n.inputs[0] is n.inputs[1])
    assert g.nodes[mul.name] == {"op": "Mul", "dtype": "float32", "shape": [3]}
    edge = g.edges["x", mul.name]
    assert edge["positions"] == [0, 1] and edge["dtype"] == "float32" and edge["shape"] == [3]
    assert any(d["control"] for _, _, d in g.edges(data=True))
    loop = next(n for n in graph.nodes if "While" in n.op.name)
    subs = g.nodes[loop.name]["subgraphs"]
    assert set(subs) == {"cond_graph", "body_graph"}
    assert all(isinstance(s, nx.DiGraph) for s in subs.values())
    assert g.graph["inputs"] == ["x", "n", "v"]


def test_repr_svg_without_graphviz_is_none(graph, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert graph._repr_svg_() is None
    with pytest.raises(export.GraphvizNotFound, match="install Graphviz"):
        export.render(graph, str(tmp_path / "g.svg"))


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot is not installed")
def test_rendering(graph, tmp_path):
    svg = graph._repr_svg_()
    assert "<svg" in svg and "cluster" in svg
    export.render(graph, str(tmp_path / "g.html"))
    page = (tmp_path / "g.html").read_text()
    assert page.count("<svg") == 1 and "graph program(" in page and "http://" not in \
        page.replace("http://www.w3.org", "")
    with pytest.raises(ValueError, match=".svg, .png or .html"):
        export.render(graph, str(tmp_path / "g.gif"))
