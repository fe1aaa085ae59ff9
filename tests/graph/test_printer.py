"""The text form of graphs: golden listings, subgraph naming, stability."""
import numpy as np

import graphflow as tf
from graphflow.graph.printer import value_str


def test_cube_listing_is_exact():
    @tf.function
    def cube(x):
        return x ** 3
    text = cube.get_concrete_function(tf.TensorSpec([], tf.float32, "x")).graph.pretty()
    assert text == "\n".join([
        "graph cube(%x: float32[]) -> (float32[]) {",
        "  %Const = Const[value=3.0] : float32[]",
        "  %Pow = Pow(%x, %Const) : float32[]",
        "  return (%Pow)",
        "}"])


def test_effects_multi_outputs_and_nested_subgraphs():
    v = tf.Variable([1.0, 2.0], name="v")

    @tf.function
    def loop(n):
        v.assign_add([1.0, 1.0])

        def body(i, acc):
            acc = tf.cond(i > 1, lambda: acc * 2.0, lambda: acc + v)
            return i - 1, acc
        return tf.while_loop(lambda i, acc: i > 0, body, [n, tf.zeros([2])])
    graph = loop.get_concrete_function(tf.TensorSpec([], tf.int32, "n")).graph
    text = graph.pretty()
    lines = text.splitlines()
    assert lines[0] == "graph loop(%n: int32[], %v: resource[]) -> (int32[], float32[2]) {"
    assert "  _ = AssignAddVariableOp[" in text
    w = next(n.op.name for n in graph.nodes if n.op.name.endswith("While"))
    assert any(line.startswith("  %{0}.0, %{0}.1 = {0}[body_graph=@{0}.body_graph, "
                               "cond_graph=@{0}.cond_graph, n_vars=2]".format(w))
               for line in lines)
    assert "  return (%{0}.0, %{0}.1)".format(w) in lines
    # nested subgraphs are indented and named by their path
    assert "  graph %s.body_graph(" % w in text
    # the cond reads `v`, so it is the ordered (stateful) If
    assert "    graph %s.body_graph/If.then_graph(" % w in text
    assert "then_graph=@%s.body_graph/If.then_graph" % w in text
    assert text == graph.pretty() == graph.copy().pretty() == str(graph)


def test_control_inputs_and_values():
    v = tf.Variable(0.0)

    @tf.function
    def f(x):
        v.assign(x)
        return v.read_value() + tf.constant(np.ones((3, 4), np.float32)).shape[0] * 0.0, \
            tf.constant(["a", "b"])
    text = f.get_concrete_function(tf.TensorSpec([], tf.float32)).graph.pretty()
    assert " ^AssignVariableOp" in text
    assert "Const[value=[b'a', b'b']] : string[2]" in text


def test_value_str_is_short_and_numpy_independent():
    assert value_str(np.array(3.0, np.float32)) == "3.0"
    assert value_str(np.array([0.1, 2], np.float32)) == "[0.1, 2.0]"
    assert value_str(np.array([[1, 2], [3, 4]], np.int32)) == "[[1, 2], [3, 4]]"
    assert value_str(np.zeros((3, 4), np.float32)) == "<float32 [3, 4]>"
    assert value_str(np.array(True)) == "True"
