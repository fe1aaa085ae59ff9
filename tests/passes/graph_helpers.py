"""Helpers for optimizer tests: trace without optimizing, run graphs, count ops."""
import numpy as np

import graphflow as tf
from graphflow.graph.traversal import count_nodes
from graphflow.runtime.interpreter import run_graph


def traced(fn, *args):
    """The unoptimized graph of tf.function(fn) for `args`, and its captured values."""
    cf = tf.function(fn).get_concrete_function(*args)
    return cf.unoptimized_graph, cf._capture_values


def run(graph, args, captures=()):
    """Run `graph` with the reference interpreter on arrays `args` then `captures`."""
    values = [np.asarray(a) for a in args] + list(captures)
    return [np.asarray(v) for v in run_graph(graph, values)]


def ops(graph):
    """Op names of the graph's nodes, in order (Placeholders left out)."""
    return [n.op.name for n in graph.nodes if n.op.name != "Placeholder"]


def all_ops(graph):
    """Op names in the graph and, recursively, its subgraphs."""
    names = []
    for n in graph.nodes:
        names.append(n.op.name)
        for v in n.attrs.values():
            if hasattr(v, "nodes"):
                names.extend(all_ops(v))
    return names


def assert_same_results(a, b):
    """Bitwise-equal results (NaN equals NaN, -0.0 differs from 0.0)."""
    assert len(a) == len(b)
    for x, y in zip(a, b):
        x, y = np.asarray(x), np.asarray(y)
        assert x.dtype == y.dtype and x.shape == y.shape, (x, y)
        assert x.tobytes() == y.tobytes(), (x, y)


__all__ = ["traced", "run", "ops", "all_ops", "assert_same_results", "count_nodes"]
