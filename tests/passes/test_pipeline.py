"""The pipeline: options by TF's names, per-pass reports, verification after every pass."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import config, errors
from graphflow.passes import pipeline
from graph_helpers import ops

X = tf.constant([1.0, 2.0])


def _fn(x):
    unused = tf.exp(x)  # noqa: F841
    return tf.identity(x * (tf.constant(2.0) * 3.0)) + tf.abs(x) + tf.abs(x)


def test_report_lists_each_pass_with_counts_and_changes():
    cf = tf.function(_fn).get_concrete_function(X)
    report = cf.optimization_report()
    first_round = [s["pass"] for s in report if s["round"] == 1]
    assert first_round == ["shape_folding", "constant_folding", "arithmetic_optimization",
                           "common_subgraph_elimination", "dependency_optimization",
                           "loop_optimization", "pruning"]
    for s in report:
        assert set(s) == {"pass", "option", "nodes_before", "nodes_after", "changes", "round"}
    assert report[0]["nodes_before"] == len(cf.unoptimized_graph.nodes)
    assert report[-1]["nodes_after"] == len(cf.graph.nodes)
    assert not any(s["changes"] for s in report if s["round"] == report[-1]["round"])
    changes = [c for s in report for c in s["changes"]]
    assert "folded Mul" in changes and "merged Abs_1 into Abs" in changes
    assert "bypassed Identity" in changes and "removed Exp" in changes


@pytest.mark.parametrize("option, op_kept", [
    ("constant_folding", "Mul"),
    ("common_subgraph_elimination", "Abs"),
    ("dependency_optimization", "Identity"),
])
def test_turning_an_option_off_skips_its_pass(option, op_kept):
    config.optimizer.set_experimental_options({option: False})
    assert config.optimizer.get_experimental_options()[option] is False
    cf = tf.function(_fn).get_concrete_function(X)
    name = dict((o, f.__name__) for o, f in pipeline.PASSES)[option]
    assert name not in [s["pass"] for s in cf.optimization_report()]
    assert ops(cf.graph).count(op_kept) >= (2 if op_kept == "Abs" else 1)


def test_disable_meta_optimizer_turns_everything_off():
    config.optimizer.set_experimental_options({"disable_meta_optimizer": True})
    cf = tf.function(_fn).get_concrete_function(X)
    assert cf.optimization_report() == []
    assert cf.graph is cf.unoptimized_graph
    np.testing.assert_allclose(tf.function(_fn)(X).numpy(), [8.0, 16.0])


def test_min_graph_nodes_skips_small_graphs():
    config.optimizer.set_experimental_options({"min_graph_nodes": 100})
    assert tf.function(_fn).get_concrete_function(X).optimization_report() == []
    config.optimizer.set_experimental_options({"min_graph_nodes": 5})
    assert tf.function(_fn).get_concrete_function(X).optimization_report() != []


def test_unknown_options_are_refused():
    with pytest.raises(ValueError, match="constant_foldin"):
        config.optimizer.set_experimental_options({"constant_foldin": True})


def test_the_verifier_runs_after_each_pass_in_debug_mode(monkeypatch):
    def breaking_pass(graph, copy=True):
        g = graph.copy() if copy else graph
        g.nodes.reverse()
        return g, {"pass": "breaking", "nodes_before": 0, "nodes_after": 0, "changes": []}
    monkeypatch.setattr(pipeline, "PASSES", pipeline.PASSES + [("remapping", breaking_pass)])
    assert config.debug()
    with pytest.raises(errors.InternalError, match="used before its node is defined"):
        tf.function(_fn).get_concrete_function(X)


def test_the_pipeline_leaves_the_traced_graph_alone():
    cf = tf.function(_fn).get_concrete_function(X)
    assert "Identity" in ops(cf.unoptimized_graph) and "Identity" not in ops(cf.graph)
    assert not set(cf.graph.nodes) & set(cf.unoptimized_graph.nodes)


def test_optimized_function_gives_the_same_answer():
    fn = tf.function(_fn)
    np.testing.assert_allclose(fn(X).numpy(), [8.0, 16.0])


def _recording_passes(monkeypatch):
    """Make the pipeline record (round number unknown here) which passes it calls."""
    calls = []

    def recording(option, fn):
        def run(graph, copy=True):
            calls.append(option)
            return fn(graph, copy=copy)
        return option, run
    monkeypatch.setattr(pipeline, "PASSES", [recording(o, f) for o, f in pipeline.PASSES])
    return calls


def test_a_later_round_skips_passes_nothing_gave_new_work(monkeypatch):
    calls = _recording_passes(monkeypatch)
    cf = tf.function(lambda x: tf.exp(x) * tf.exp(x)).get_concrete_function(X)
    report = cf.optimization_report()
    assert [s["pass"] for s in report if s["changes"]] == ["common_subgraph_elimination"]
    assert calls == [option for option, _ in pipeline.PASSES]  # round 2 calls nothing
    second = [s for s in report if s["round"] == 2]
    assert len(second) == len(calls) and not any(s["changes"] for s in second)
    assert all(s["nodes_before"] == s["nodes_after"] == len(cf.graph.nodes) for s in second)
    assert ops(cf.graph) == ["Exp", "Mul"]


def test_a_pass_runs_again_after_a_change_that_gives_it_work(monkeypatch):
    calls = _recording_passes(monkeypatch)
    cf = tf.function(lambda x: -tf.identity(-x)).get_concrete_function(X)
    report = cf.optimization_report()
    changes = {(s["round"], s["pass"]): s["changes"] for s in report if s["changes"]}
    assert changes[(1, "dependency_optimization")] == ["bypassed Identity"]
    assert changes[(2, "arithmetic_optimization")] == ["double_negation: Neg_1"]
    everything = [option for option, _ in pipeline.PASSES]
    # Round 3 reruns only the passes that ran before arithmetic's change in round 2.
    assert calls == everything * 2 + everything[:3]
    assert not any(s["changes"] for s in report if s["round"] == 3)
    assert ops(cf.graph) == []
    np.testing.assert_allclose(cf(X).numpy(), X.numpy())
