"""Loop-invariant code motion: invariant pure work leaves While bodies, nothing else does."""
import numpy as np

import graphflow as tf
from graphflow.graph.verify import verify
from graphflow.passes.hoisting import loop_optimization
from graph_helpers import traced, run, ops, assert_same_results

X = tf.constant([1.0, 2.0])
N = tf.constant(3)


def _loop(graph):
    return [n for n in graph.nodes if n.op.name in ("While", "StatelessWhile")][0]


def _hoist(fn, *args):
    g, caps = traced(fn, *args)
    f, stats = loop_optimization(g)
    verify(f)
    return g, f, stats, caps


def test_invariant_work_is_hoisted_and_captured():
    def fn(x, n):
        def body(i, acc):
            return i + 1, acc + tf.exp(x) * 2.0
        return tf.while_loop(lambda i, acc: i < n, body, [0, tf.zeros_like(x)])[1]
    g, f, stats, _ = _hoist(fn, X, N)
    assert "hoisted Exp out of StatelessWhile" in stats["changes"]
    assert "hoisted Mul out of StatelessWhile" in stats["changes"]
    body = _loop(f).attrs["body_graph"]
    assert not {"Exp", "Mul"} & set(ops(body))
    assert {"Exp", "Mul"} <= set(ops(f))
    assert len(body.inputs) == len(_loop(g).attrs["body_graph"].inputs) + 1
    args = [X.numpy(), N.numpy()]
    assert_same_results(run(g, args), run(f, args))


def test_loop_dependent_work_stays():
    def fn(x, n):
        return tf.while_loop(lambda i, acc: i < n,
                             lambda i, acc: (i + 1, tf.exp(acc) * 0.5), [0, x])[1]
    g, f, stats, _ = _hoist(fn, X, N)
    assert not stats["changes"]


def test_unchanged_loop_variables_count_as_invariant():
    def fn(x, n):
        return tf.while_loop(lambda i, y, acc: i < n,
                             lambda i, y, acc: (i + 1, y, acc + tf.sqrt(y)), [0, x, x])[2]
    g, f, stats, _ = _hoist(fn, X, N)
    assert "hoisted Sqrt out of StatelessWhile" in stats["changes"]
    args = [X.numpy(), N.numpy()]
    assert_same_results(run(g, args), run(f, args))


def test_effects_random_draws_and_reads_stay_in_the_loop():
    v = tf.Variable([1.0, 1.0])

    def fn(x, n):
        def body(i, acc):
            r = tf.random.uniform((2,))
            v.assign_add(x)
            return i + 1, acc + v.read_value() * 2.0 + r * 0.0
        return tf.while_loop(lambda i, acc: i < n, body, [0, x])[1]
    g, f, stats, caps = _hoist(fn, X, N)
    body = _loop(f).attrs["body_graph"]
    for name in ("RandomUniform", "AssignAddVariableOp", "ReadVariableOp"):
        assert name in ops(body)
    assert not [c for c in stats["changes"] if "ReadVariableOp" in c or "Random" in c]
    v.assign([1.0, 1.0])
    expected = run(g, [X.numpy(), N.numpy()], caps)
    v.assign([1.0, 1.0])
    np.testing.assert_allclose(run(f, [X.numpy(), N.numpy()], caps)[0], expected[0])


def test_nested_loops_hoist_to_the_outermost_level_possible():
    def fn(x, n):
        def outer(i, acc):
            inner = tf.while_loop(lambda j, a: j < n,
                                  lambda j, a: (j + 1, a + tf.exp(x)), [0, acc])[1]
            return i + 1, inner
        return tf.while_loop(lambda i, acc: i < n, outer, [0, x])[1]
    g, f, stats, _ = _hoist(fn, X, N)
    assert "Exp" in ops(f)
    args = [X.numpy(), N.numpy()]
    assert_same_results(run(g, args), run(f, args))


def test_hoisting_in_compiled_functions_keeps_results():
    @tf.function
    def fn(x, n):
        c = tf.constant(3.0)
        return tf.while_loop(lambda i, acc: i < n,
                             lambda i, acc: (i + 1, acc + x * (c * 2.0)), [0, x])[1]
    cf = fn.get_concrete_function(X, N)
    assert any("hoisted" in c for s in cf.optimization_report() for c in s["changes"])
    np.testing.assert_allclose(fn(X, N).numpy(), X.numpy() + 3 * X.numpy() * 6.0)
    np.testing.assert_allclose(fn(X, tf.constant(0)).numpy(), X.numpy())


def test_invariant_work_in_the_loop_condition_is_hoisted():
    def fn(x, n):
        return tf.while_loop(lambda i, s: tf.cast(i, tf.float32) < tf.reduce_sum(x) * 2.0,
                             lambda i, s: (i + 1, s + 1.0), [0, tf.constant(0.0)])[1]
    g, f, stats, _ = _hoist(fn, X, N)
    assert "hoisted Sum out of StatelessWhile" in stats["changes"]
    cond = _loop(f).attrs["cond_graph"]
    assert "Sum" not in ops(cond) and "Cast" in ops(cond)
    args = [X.numpy(), N.numpy()]
    assert_same_results(run(g, args), run(f, args))
    assert run(f, args)[0] == 6.0
