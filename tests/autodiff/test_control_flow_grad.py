"""Gradients through cond and while_loop: compiled, eager and analytic agree."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

import graphflow as tf
from graphflow.testing import check_grads


def power_by_loop(x, n):
    """x ** n computed by a while loop (n a Python int or an int32 tensor)."""
    def body(i, acc):
        return i + 1, acc * x
    _, result = tf.while_loop(lambda i, acc: i < n, body, [tf.constant(0), tf.ones_like(x)])
    return result


def piecewise(x):
    """x^2 for x > 1, 3 sin(x) for x <= 1 (a scalar branch on a tensor predicate)."""
    return tf.cond(x > 1.0, lambda: x * x, lambda: 3.0 * tf.sin(x))


def grad_of(fn, x, *args):
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = fn(x, *args)
    return y, tape.gradient(y, x, unconnected_gradients="zero")


@given(st.floats(-3, 3).filter(lambda v: abs(v - 1) > 1e-3))
def test_piecewise_cond_gradient(x0):
    x = tf.constant(x0, tf.float64)
    y_e, g_e = grad_of(piecewise, x)
    y_c, g_c = tf.function(lambda x: grad_of(piecewise, x))(x)
    analytic = 2 * x0 if x0 > 1 else 3 * np.cos(x0)
    np.testing.assert_allclose(g_e.numpy(), analytic, rtol=1e-12)
    np.testing.assert_allclose(g_c.numpy(), analytic, rtol=1e-12)
    np.testing.assert_allclose(y_c.numpy(), y_e.numpy(), rtol=1e-12)


@given(st.floats(-2, 2), st.integers(0, 6))
def test_power_by_while_loop(x0, n):
    x = tf.constant(x0, tf.float64)
    n_t = tf.constant(n)
    _, g_e = grad_of(power_by_loop, x, n)
    y_c, g_c = tf.function(lambda x, n: grad_of(power_by_loop, x, n))(x, n_t)
    analytic = n * x0 ** (n - 1) if n else 0.0
    np.testing.assert_allclose(y_c.numpy(), x0 ** n, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g_e.numpy(), analytic, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(g_c.numpy(), analytic, rtol=1e-12, atol=1e-12)


def test_finite_differences_through_cond_and_while():
    def f(x):
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.exp(x) * x, lambda: tf.sin(x) - x)
        return power_by_loop(y, 3)
    check_grads(f, [np.array([0.3, -0.2, 0.5])])
    check_grads(f, [np.array([-0.3, -0.2, 0.1])])


def test_gradient_wrt_loop_variable_initial_value_and_capture():
    """acc_{k+1} = acc_k * w + x: d/d(acc0) = w^n, d/dw and d/dx by hand."""
    def run(acc0, w, x):
        with tf.GradientTape() as tape:
            tape.watch([acc0, w, x])
            _, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * w + x),
                                   [tf.constant(0), acc0])
        return tape.gradient(acc, [acc0, w, x])
    args = [tf.constant(2.0, tf.float64), tf.constant(0.5, tf.float64),
            tf.constant(1.5, tf.float64)]
    eager = run(*args)
    compiled = tf.function(run)(*args)
    a, w, x = 2.0, 0.5, 1.5
    expected = [w ** 3, 3 * a * w ** 2 + 2 * x * w + x, w ** 2 + w + 1]
    for g in (eager, compiled):
        np.testing.assert_allclose([t.numpy() for t in g], expected, rtol=1e-12)


def test_variables_read_inside_cond_and_loop():
    v = tf.Variable(2.0)

    @tf.function
    def step(x):
        with tf.GradientTape() as tape:
            y = tf.cond(x > 0, lambda: v * x, lambda: v * v)
            z = tf.while_loop(lambda i, a: i < 2, lambda i, a: (i + 1, a * v), [0, y])[1]
        return z, tape.gradient(z, v)
    z, g = step(tf.constant(3.0))
    np.testing.assert_allclose([z.numpy(), g.numpy()], [3 * 8, 3 * 3 * 4])
    z, g = step(tf.constant(-1.0))
    np.testing.assert_allclose([z.numpy(), g.numpy()], [16, 4 * 8])


def test_cond_unconnected_branch_inputs_give_none():
    a = tf.Variable(1.0)
    b = tf.Variable(2.0)

    @tf.function
    def run(p):
        with tf.GradientTape() as tape:
            y = tf.cond(p, lambda: a * 3.0, lambda: tf.constant(0.0) + tf.stop_gradient(b))
        ga, gb = tape.gradient(y, [a, b])
        assert gb is None
        return ga
    assert float(run(tf.constant(True))) == 3.0
    assert float(run(tf.constant(False))) == 0.0


def test_nested_while_inside_cond():
    def f(x):
        return tf.cond(x > 0, lambda: power_by_loop(x, 4), lambda: -x)

    @tf.function
    def run(x):
        return grad_of(f, x)[1]
    assert float(run(tf.constant(2.0, tf.float64))) == pytest.approx(32.0)
    assert float(run(tf.constant(-2.0, tf.float64))) == pytest.approx(-1.0)


def _autograph_converts():
    from graphflow.autograph import api

    def probe(x):
        return x
    return api.convert_for_tracing(probe) is not probe


@pytest.mark.skipif(not _autograph_converts(), reason="AutoGraph conversion not wired yet")
def test_autograph_loop_and_if_gradients():
    @tf.function
    def run(x, n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x
            for _ in tf.range(n):
                if tf.reduce_sum(y) > 10.0:
                    y = y * 0.5
                else:
                    y = y * x
        return y, tape.gradient(y, x)

    def reference(x0, n):
        def value(x):
            y = x
            for _ in range(n):
                y = y * 0.5 if y > 10 else y * x
            return y
        eps = 1e-6
        return value(x0), (value(x0 + eps) - value(x0 - eps)) / (2 * eps)
    for x0, n in [(1.5, 4), (3.0, 5)]:
        y, g = run(tf.constant(x0, tf.float64), tf.constant(n))
        ry, rg = reference(x0, n)
        np.testing.assert_allclose([y.numpy(), g.numpy()], [ry, rg], rtol=1e-6)


def test_persistent_tape_two_gradients_through_while():
    @tf.function
    def run(x):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = power_by_loop(x, 3)
            z = y * 2.0
        return tape.gradient(y, x), tape.gradient(z, x)
    g1, g2 = run(tf.constant(2.0))
    assert float(g1) == 12.0 and float(g2) == 24.0


def loop_then_cond_gradient(x):
    """d/dx of cond(x > 0, x^3 * x, x^3), with x^3 computed by a while loop."""
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = power_by_loop(x, 3)
        z = tf.cond(x > 0, lambda: y * x, lambda: y)
    return tape.gradient(z, x)


def test_control_flow_gradients_under_every_executor(executor):
    from graphflow.graph import verify

    run = tf.function(loop_then_cond_gradient)
    assert float(run(tf.constant(2.0))) == 32.0
    assert float(run(tf.constant(-2.0))) == 12.0
    cf = run.get_concrete_function(tf.constant(2.0))
    verify.verify(cf.unoptimized_graph)
    verify.verify(cf.graph)


def test_random_values_in_branch_are_reused_by_the_gradient():
    """y = x * noise in a branch: dy/dx must be the noise the forward pass drew."""
    @tf.function
    def run(x, training):
        with tf.GradientTape() as tape:
            tape.watch(x)
            noise = tf.cond(training, lambda: tf.random.uniform([4]), lambda: tf.ones([4]))
            y = tf.cond(training, lambda: x * tf.random.uniform([4]) + 0.0 * noise,
                        lambda: x)
            z = tf.reduce_sum(y)
        return y, tape.gradient(z, x)
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    y, g = run(x, tf.constant(True))
    np.testing.assert_allclose(g.numpy(), y.numpy() / x.numpy(), rtol=1e-6)
    y, g = run(x, tf.constant(False))
    np.testing.assert_allclose(g.numpy(), np.ones(4))


def test_random_values_in_loop_body_are_saved_per_iteration():
    """acc <- acc * u_k with fresh u_k each iteration: d acc_n / d acc_0 = prod u_k."""
    @tf.function
    def run(a0):
        with tf.GradientTape() as tape:
            tape.watch(a0)

            def body(i, acc, prod):
                u = tf.random.uniform([3], 0.5, 1.5)
                return i + 1, acc * u, prod * u
            _, acc, prod = tf.while_loop(lambda i, acc, prod: i < 5, body,
                                         [tf.constant(0), a0, tf.ones([3])])
        return acc, prod, tape.gradient(acc, a0)
    acc, prod, g = run(tf.constant([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(acc.numpy(), prod.numpy() * [1, 2, 3], rtol=1e-5)
    np.testing.assert_allclose(g.numpy(), prod.numpy(), rtol=1e-5)


def test_nested_loops_gradient():
    """acc <- acc * x^2 + x three times (inner loop multiplies twice)."""
    @tf.function
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)

            def outer_body(i, acc):
                inner = tf.while_loop(lambda j, a: j < 2, lambda j, a: (j + 1, a * x),
                                      [0, acc])[1]
                return i + 1, inner + x
            y = tf.while_loop(lambda i, acc: i < 3, outer_body,
                              [0, tf.constant(1.0, tf.float64)])[1]
        return y, tape.gradient(y, x)

    def f(x):
        acc = 1.0
        for _ in range(3):
            acc = acc * x * x + x
        return acc
    x0, eps = 1.3, 1e-6
    y, g = run(tf.constant(x0, tf.float64))
    np.testing.assert_allclose(y.numpy(), f(x0), rtol=1e-12)
    np.testing.assert_allclose(g.numpy(), (f(x0 + eps) - f(x0 - eps)) / (2 * eps), rtol=1e-7)


@pytest.mark.parametrize("kind", ["while", "cond"])
def test_second_derivative_through_control_flow(kind):
    def cube(x):
        if kind == "while":
            return power_by_loop(x, 3)
        return tf.cond(x > 0, lambda: x * x * x, lambda: -x)

    @tf.function
    def run(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = cube(x)
            g = inner.gradient(y, x)
        return g, outer.gradient(g, x)
    g, h = run(tf.constant(2.0, tf.float64))
    assert (float(g), float(h)) == (12.0, 12.0)


def test_gradient_graphs_save_and_load(tmp_path):
    run = tf.function(loop_then_cond_gradient,
                      input_signature=[tf.TensorSpec([], tf.float32)])
    path = str(tmp_path / "grad.gf")
    tf.save(run, path)
    loaded = tf.load(path)
    for x0 in (2.0, -2.0):
        assert float(loaded(tf.constant(x0))) == float(run(tf.constant(x0)))


def test_cond_gradient_reuses_forward_values_instead_of_recomputing():
    @tf.function
    def run(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.cond(x > 0, lambda: tf.exp(x) * tf.sin(x), lambda: x)
        return tape.gradient(y, x)
    x0 = 0.7
    np.testing.assert_allclose(float(run(tf.constant(x0))),
                               np.exp(x0) * (np.sin(x0) + np.cos(x0)), rtol=1e-6)
    graph = run.get_concrete_function(tf.constant(x0)).unoptimized_graph
    forward, backward = [n for n in graph.nodes if n.op.name.endswith("If")]
    grad_ops = [n.op.name for n in backward.attrs["then_graph"].nodes]
    assert "Exp" not in grad_ops and "Sin" not in grad_ops
    assert len(forward.outputs) > 1   # intermediates exported for the gradient


def test_nested_conds_with_int_outputs_and_two_gradients():
    @tf.function
    def run(x):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)

            def outer_true():
                return tf.cond(x > 1.0, lambda: x * x * x, lambda: tf.exp(x)), tf.constant(1)
            y, k = tf.cond(x > 0, outer_true, lambda: (x * 0.5, tf.constant(2)))
            z = y * 2.0
        return k, tape.gradient(y, x), tape.gradient(z, x)
    for x0, dy in [(2.0, 12.0), (0.5, np.exp(0.5)), (-1.0, 0.5)]:
        k, g1, g2 = run(tf.constant(x0))
        assert int(k) == (1 if x0 > 0 else 2)
        np.testing.assert_allclose([g1.numpy(), g2.numpy()], [dy, 2 * dy], rtol=1e-6)
