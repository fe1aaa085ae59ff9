"""The book's GradientTape examples (chapter 12), eagerly and inside graphflow.function."""
import numpy as np
import pytest

import graphflow as tf
from book_functions import my_softplus


def f(w1, w2):
    return 3 * w1 ** 2 + 2 * w1 * w2


def values(ts):
    return [None if t is None else float(t.numpy()) for t in ts]


def gradients_of_f(w1, w2):
    with tf.GradientTape() as tape:
        z = f(w1, w2)
    return tape.gradient(z, [w1, w2])


def hessians_of_f(w1, w2):
    with tf.GradientTape(persistent=True) as hessian_tape:
        with tf.GradientTape() as jacobian_tape:
            z = f(w1, w2)
        jacobians = jacobian_tape.gradient(z, [w1, w2])
    hessians = [hessian_tape.gradient(j, [w1, w2]) for j in jacobians]
    del hessian_tape
    return jacobians, hessians


@pytest.mark.parametrize("compiled", [False, True])
def test_first_order_36_10(compiled):
    w1, w2 = tf.Variable(5.), tf.Variable(3.)
    fn = tf.function(gradients_of_f) if compiled else gradients_of_f
    assert values(fn(w1, w2)) == [36.0, 10.0]


@pytest.mark.parametrize("compiled", [False, True])
def test_hessians_6_2_2_none(compiled):
    w1, w2 = tf.Variable(5.), tf.Variable(3.)
    if compiled:
        @tf.function
        def run():
            j, h = hessians_of_f(w1, w2)
            return j, h[0], h[1][0]
        j, h0, h10 = run()
        assert values(j) == [36.0, 10.0]
        assert values(h0) == [6.0, 2.0] and float(h10) == 2.0
    else:
        j, h = hessians_of_f(w1, w2)
        assert values(j) == [36.0, 10.0]
        assert values(h[0]) == [6.0, 2.0]
        assert values(h[1]) == [2.0, None]


def test_constants_need_watch():
    c1, c2 = tf.constant(5.), tf.constant(3.)
    with tf.GradientTape() as tape:
        z = f(c1, c2)
    assert tape.gradient(z, [c1, c2]) == [None, None]
    with tf.GradientTape() as tape:
        tape.watch(c1)
        tape.watch(c2)
        z = f(c1, c2)
    assert values(tape.gradient(z, [c1, c2])) == [36.0, 10.0]


def test_non_persistent_second_call_raises():
    w1, w2 = tf.Variable(5.), tf.Variable(3.)
    with tf.GradientTape() as tape:
        z = f(w1, w2)
    assert float(tape.gradient(z, w1)) == 36.0
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(z, w2)


def test_persistent_allows_many_calls():
    w1, w2 = tf.Variable(5.), tf.Variable(3.)
    with tf.GradientTape(persistent=True) as tape:
        z = f(w1, w2)
    assert float(tape.gradient(z, w1)) == 36.0
    assert float(tape.gradient(z, w2)) == 10.0


@pytest.mark.parametrize("compiled", [False, True])
def test_stop_gradient_30_none(compiled):
    w1, w2 = tf.Variable(5.), tf.Variable(3.)

    def run():
        with tf.GradientTape() as tape:
            z = 3 * w1 ** 2 + tf.stop_gradient(2 * w1 * w2)
        return z, tape.gradient(z, [w1, w2])
    if compiled:
        @tf.function
        def run_compiled():
            z, (g1, g2) = run()
            assert g2 is None
            return z, g1
        z, g1 = run_compiled()
        assert float(g1) == 30.0
    else:
        z, grads = run()
        assert values(grads) == [30.0, None]
    assert float(z) == 105.0


@tf.custom_gradient
def my_better_softplus(z):
    exp = tf.exp(z)

    def my_softplus_gradients(grad):
        return grad / (1 + 1 / exp)
    return tf.math.log(exp + 1), my_softplus_gradients


def test_softplus_nan_and_custom_gradient_finite():
    x = tf.Variable([100.])
    with np.errstate(all="ignore"):
        with tf.GradientTape() as tape:
            z = my_softplus(x)
        assert np.isnan(tape.gradient(z, [x])[0].numpy()).all()
    with tf.GradientTape() as tape:
        z = my_better_softplus(x)
    np.testing.assert_allclose(tape.gradient(z, [x])[0].numpy(), [1.0])


def test_custom_gradient_compiled_matches_eager():
    @tf.function
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            z = my_better_softplus(x)
        return tape.gradient(z, x)
    x = np.array([-3.0, 0.0, 2.0, 100.0], np.float32)
    expected = 1 / (1 + np.exp(-x.astype(np.float64)))
    np.testing.assert_allclose(grad(tf.constant(x)).numpy(), expected, rtol=1e-6)


def test_argmax_gives_none():
    x = tf.Variable([1.0, 3.0, 2.0])
    with tf.GradientTape() as tape:
        i = tf.argmax(x)
    assert tape.gradient(i, x) is None
