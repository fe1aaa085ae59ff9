"""jacobian, custom_gradient (with and without variables), stop_gradient."""
import numpy as np
import pytest

import graphflow as tf


@pytest.mark.parametrize("compiled", [False, True])
def test_jacobian_elementwise_and_matmul(compiled):
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    w = tf.constant([[1.0, -1.0], [0.5, 2.0]])

    def run():
        with tf.GradientTape(persistent=True) as tape:
            y = tf.matmul(x, w)
            s = x * x
        return tape.jacobian(y, x), tape.jacobian(s, x)
    jy, js = tf.function(run)() if compiled else run()
    assert jy.shape == (2, 2, 2, 2)
    expected = np.einsum("ik,lj->ijkl", np.eye(2), w.numpy())
    np.testing.assert_allclose(jy.numpy(), expected)
    xs = x.numpy()
    expected_s = np.zeros((2, 2, 2, 2))
    for i in range(2):
        for j in range(2):
            expected_s[i, j, i, j] = 2 * xs[i, j]
    np.testing.assert_allclose(js.numpy(), expected_s)


def test_jacobian_unconnected():
    x, u = tf.Variable([1.0, 2.0]), tf.Variable([5.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * 3.0
    assert tape.jacobian(y, u) is None
    z = tape.jacobian(y, u, unconnected_gradients="zero")
    assert z.shape == (2, 1) and not z.numpy().any()


def test_jacobian_counts_as_the_one_use_of_a_non_persistent_tape():
    x = tf.Variable([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = x * x
    tape.jacobian(y, x)
    with pytest.raises(RuntimeError):
        tape.gradient(y, x)


@tf.custom_gradient
def clip_gradient_norm(x):
    def grad(dy):
        return tf.clip_by_value(dy, -1.0, 1.0)
    return tf.identity(x), grad


@pytest.mark.parametrize("compiled", [False, True])
def test_custom_gradient_replaces_the_rule(compiled):
    x = tf.Variable([1.0, 2.0])

    def run():
        with tf.GradientTape() as tape:
            y = clip_gradient_norm(x) * tf.constant([5.0, -0.5])
        return tape.gradient(y, x)
    g = tf.function(run)() if compiled else run()
    np.testing.assert_allclose(g.numpy(), [1.0, -0.5])


@tf.custom_gradient
def scaled_product(a, b):
    def grad(dy):
        return dy * b * 10.0, dy * a * 100.0
    return a * b, grad


def test_custom_gradient_two_arguments():
    a, b = tf.constant(2.0), tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([a, b])
        y = scaled_product(a, b)
    assert float(y) == 6.0
    assert [float(g) for g in tape.gradient(y, [a, b])] == [30.0, 200.0]


def test_custom_gradient_with_variables():
    v = tf.Variable(3.0)

    @tf.custom_gradient
    def f(x):
        def grad(dy, variables=None):
            return dy * 7.0, [dy * 11.0 for _ in variables]
        return x * v, grad
    x = tf.constant(2.0)

    def run():
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = f(x)
        return tape.gradient(y, [x, v])
    for gx, gv in (run(), tf.function(run)()):
        assert (float(gx), float(gv)) == (7.0, 11.0)


def test_custom_gradient_variables_need_keyword():
    v = tf.Variable(3.0)

    @tf.custom_gradient
    def f(x):
        return x * v, lambda dy: dy
    with tf.GradientTape() as tape:
        with pytest.raises(TypeError, match="variables"):
            f(tf.constant(1.0))


def test_custom_gradient_second_order_through_grad_fn():
    @tf.custom_gradient
    def cube(x):
        def grad(dy):
            return dy * 3.0 * x * x
        return x * x * x, grad
    x = tf.constant(2.0)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = cube(x)
        g = inner.gradient(y, x)
    assert float(g) == 12.0
    assert float(outer.gradient(g, x)) == 12.0


def test_stop_gradient_value_and_shape():
    x = tf.constant([[1.0, 2.0]])
    y = tf.stop_gradient(x)
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    with tf.GradientTape() as tape:
        tape.watch(x)
        z = tf.reduce_sum(tf.stop_gradient(x) * x)
    np.testing.assert_array_equal(tape.gradient(z, x).numpy(), [[1.0, 2.0]])


@pytest.mark.parametrize("compiled", [False, True])
def test_batch_jacobian(compiled):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])

    def run():
        with tf.GradientTape() as g:
            g.watch(x)
            y = x * x
        return g.batch_jacobian(y, x)
    j = tf.function(run)() if compiled else run()
    np.testing.assert_allclose(j.numpy(), [[[2, 0], [0, 4]], [[6, 0], [0, 8]]])


def test_jacobian_with_unknown_shapes_inside_function():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def jac(x):
        w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        with tf.GradientTape(persistent=True) as t:
            t.watch(x)
            y = x * x
            z = tf.reduce_sum(x) * w
            k = tf.constant(3.0) * 2.0
        return t.jacobian(y, x), t.jacobian(z, x), t.jacobian(y, k,
                                                              unconnected_gradients="zero")
    a, b, c = jac(tf.constant([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(a.numpy(), np.diag([2.0, 4.0, 6.0]))
    w = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_allclose(b.numpy(), np.broadcast_to(w[..., None], (2, 2, 3)))
    assert c.shape == (3,) and not c.numpy().any()
