"""A compiled function called eagerly under a tape is differentiable (recorded as one op)."""
import numpy as np
import pytest

import graphflow as tf


@tf.function
def model(x, w):
    return tf.reduce_sum(tf.sin(x) * w), x * 2.0


def test_gradient_through_eager_call_of_compiled_function():
    x = tf.constant([1.0, 2.0])
    w = tf.constant(2.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([x, w])
        y, z = model(x, w)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), 2 * np.cos([1.0, 2.0]),
                               rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(y, w).numpy(), np.sin([1.0, 2.0]).sum(),
                               rtol=1e-6)
    np.testing.assert_allclose(tape.gradient([y, z], x).numpy(),
                               2 * np.cos([1.0, 2.0]) + 2, rtol=1e-6)


def test_variables_captured_by_the_function_get_gradients():
    v = tf.Variable(3.0)

    @tf.function
    def f(x):
        return x * v * v
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        y = f(x)
    (gv,) = tape.gradient(y, [v])
    assert float(gv) == 18.0


def test_second_order_through_compiled_function():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y, _ = model(x, tf.constant(1.0))
        dy = inner.gradient(y, x)
    np.testing.assert_allclose(outer.gradient(dy, x).numpy(), -np.sin([1.0, 2.0]), rtol=1e-6)


def test_training_with_a_compiled_forward_pass():
    w = tf.Variable([0.0, 0.0])
    opt = tf.optimizers.SGD(learning_rate=0.1)

    @tf.function
    def loss_fn(x, y):
        return tf.reduce_mean(tf.square(tf.reduce_sum(x * w, axis=1) - y))
    x = tf.constant([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = tf.constant([2.0, -1.0, 1.0])
    for _ in range(200):
        with tf.GradientTape() as tape:
            loss = loss_fn(x, y)
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
    np.testing.assert_allclose(w.numpy(), [2.0, -1.0], atol=1e-3)
    assert loss_fn.experimental_get_tracing_count() == 1


def test_function_with_input_signature_and_numpy_arguments():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float64)])
    def f(x):
        return tf.reduce_sum(x * x)
    x = tf.constant([1.0, 2.0], tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [2.0, 4.0])
    w = tf.Variable(2.0)

    @tf.function
    def g(a):
        return tf.reduce_sum(a) * w
    with tf.GradientTape() as tape:
        y = g(np.array([1.0, 2.0], np.float32))
    assert float(tape.gradient(y, w)) == 3.0


def test_random_function_called_eagerly_is_refused_not_wrong():
    @tf.function
    def noisy(x):
        return x * tf.random.uniform([2])
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = noisy(x)
    with pytest.raises(tf.errors.UnimplementedError, match="inside the graphflow.function"):
        tape.gradient(y, x)
