"""GradientTape options: targets, output_gradients, unconnected, watching, recording."""
import numpy as np
import pytest

import graphflow as tf


def both_modes(fn):
    """Run `fn` eagerly and compiled; both results must agree."""
    eager = fn()
    compiled = tf.function(fn)()
    for e, c in zip(tf.nest.flatten(eager), tf.nest.flatten(compiled)):
        if e is None or c is None:
            assert e is None and c is None
        else:
            np.testing.assert_allclose(c.numpy(), e.numpy(), rtol=1e-6)
    return eager


def test_list_of_targets_is_summed():
    w = tf.Variable(2.0)

    def run():
        with tf.GradientTape() as tape:
            z1, z2, z3 = w * 1.0, w * w, w ** 3
        return tape.gradient([z1, z2, z3], w)
    assert float(both_modes(run)) == 1 + 4 + 12


def test_non_scalar_target_sums_elements():
    w = tf.Variable([1.0, 2.0, 3.0])

    def run():
        with tf.GradientTape() as tape:
            y = w * w
        return tape.gradient(y, w)
    np.testing.assert_allclose(both_modes(run).numpy(), [2, 4, 6])


def test_output_gradients_weight_the_targets():
    w = tf.Variable([1.0, 2.0])

    def run():
        with tf.GradientTape() as tape:
            y = w * w
        return tape.gradient(y, w, output_gradients=tf.constant([10.0, -1.0]))
    np.testing.assert_allclose(both_modes(run).numpy(), [20, -4])


def test_output_gradients_structure_must_match():
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = w * 2.0
    with pytest.raises(ValueError):
        tape.gradient([y, y], w, output_gradients=[tf.constant(1.0)])


def test_unconnected_none_and_zero():
    w, u = tf.Variable([1.0, 2.0]), tf.Variable([[3.0]])

    def run():
        with tf.GradientTape(persistent=True) as tape:
            y = tf.reduce_sum(w * 2.0)
        return (tape.gradient(y, u),
                tape.gradient(y, u, unconnected_gradients=tf.UnconnectedGradients.ZERO),
                tape.gradient(y, u, unconnected_gradients="zero"))
    none, zero, zero2 = both_modes(run)
    assert none is None
    assert zero.shape == (1, 1) and float(zero.numpy().sum()) == 0.0
    assert zero2.dtype == tf.float32


def test_bad_unconnected_value():
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        y = w * 2.0
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tape.gradient(y, w, unconnected_gradients="bogus")


def test_integer_sources_get_none():
    x = tf.constant(3)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x) is None


def test_integer_target_gives_none():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = tf.cast(w, tf.int32) * 2
    assert tape.gradient(y, w) is None


def test_broadcast_gradient_reduced_to_source_shape():
    b = tf.Variable([1.0, 2.0, 3.0])
    x = tf.constant(np.ones((4, 3), np.float32))

    def run():
        with tf.GradientTape() as tape:
            y = tf.reduce_sum((x + b) * 2.0)
        return tape.gradient(y, b)
    np.testing.assert_allclose(both_modes(run).numpy(), [8, 8, 8])


def test_watch_accessed_variables_false():
    a, b = tf.Variable(2.0), tf.Variable(3.0)

    def run():
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            tape.watch(a)
            y = a * b
        return tape.gradient(y, [a, b])
    ga, gb = both_modes(run)
    assert float(ga) == 3.0 and gb is None
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        _ = a * b
    assert tape.watched_variables() == (a,)


def test_non_trainable_variables_are_not_watched():
    v = tf.Variable(2.0, trainable=False)
    with tf.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None
    assert tape.watched_variables() == ()


def test_stop_recording():
    w = tf.Variable(2.0)

    def run():
        with tf.GradientTape() as tape:
            y = w * w
            with tape.stop_recording():
                z = w * 10.0
            total = y + z
        return tape.gradient(total, w)
    assert float(both_modes(run)) == 4.0


def test_stop_recording_outside_context_raises():
    tape = tf.GradientTape()
    with pytest.raises(RuntimeError, match="not recording"):
        with tape.stop_recording():
            pass


def test_reset_forgets_recorded_ops():
    w = tf.Variable(2.0)

    def run():
        with tf.GradientTape() as tape:
            y = w * w
            tape.reset()
            total = y + w * 5.0
        return tape.gradient(total, w)
    assert float(both_modes(run)) == 5.0


def test_nested_tapes_second_derivative_of_tanh():
    x = tf.constant(0.5)

    def run():
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = tf.tanh(x)
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)
    dy, d2y = both_modes(run)
    t = np.tanh(0.5)
    np.testing.assert_allclose(dy.numpy(), 1 - t ** 2, rtol=1e-6)
    np.testing.assert_allclose(d2y.numpy(), -2 * t * (1 - t ** 2), rtol=1e-5)


def test_gradient_with_nested_source_structure():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = a * b
    g = tape.gradient(y, {"a": a, "pair": (b, a)})
    assert float(g["a"]) == 2.0 and float(g["pair"][0]) == 1.0


def test_watch_rejects_non_tensors():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError):
            tape.watch("hello")


def test_variable_target_is_refused():
    w = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        _ = w * 2.0
    with pytest.raises(ValueError, match="variable targets"):
        tape.gradient(w, w)
