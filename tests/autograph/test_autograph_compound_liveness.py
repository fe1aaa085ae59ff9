"""Names bound inside `with` and `try` blocks of a tensor loop are loop state only when they
are live at the loop head."""
import numpy as np

import graphflow as tf


def _train_steps(w, xs):
    """Opens a tape per iteration; only the accumulated gradient is carried."""
    total = tf.zeros_like(w)
    for i in tf.range(tf.shape(xs)[0]):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w * xs[i])
        grad = tape.gradient(loss, w)
        total += grad
    return total


def test_tape_per_iteration_in_tensor_loop_equals_eager():
    w = tf.Variable([1.0, -2.0])
    xs = tf.constant([1.0, 2.0, 3.0])
    eager = _train_steps(w, xs)
    compiled = tf.function(_train_steps)(w, xs)
    np.testing.assert_allclose(compiled.numpy(), eager.numpy())
    np.testing.assert_allclose(compiled.numpy(), 2 * w.numpy() * 6.0)


def _tape_result_read_after_with(n):
    acc = tf.constant(0.0)
    for i in tf.range(n):
        x = tf.cast(i, tf.float32)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * x * x
        acc += tape.gradient(y, x) + y
    return acc


def test_with_target_and_body_names_are_not_carried():
    for n in (0, 1, 4):
        expected = sum(3.0 * i * i + i ** 3 for i in range(n))
        got = tf.function(_tape_result_read_after_with)(tf.constant(n))
        assert float(got) == expected
        assert float(_tape_result_read_after_with(tf.constant(n))) == expected


def _try_in_tensor_loop(n):
    total = tf.constant(0)
    for i in tf.range(n):
        try:
            step = i * 2
        except ValueError as problem:
            step = tf.constant(0)
            del problem
        total += step
    return total


def test_try_block_names_are_not_carried():
    assert int(tf.function(_try_in_tensor_loop)(tf.constant(4))) == 12
    assert int(_try_in_tensor_loop(tf.constant(4))) == 12


def _match_in_tensor_loop(n, mode):
    total = tf.constant(0)
    last = tf.constant(-1)
    for i in tf.range(n):
        match mode:
            case "square":
                step = i * i
            case _:
                step = i
                last = i
        total += step
    return total, last


def test_match_statement_in_tensor_loop():
    for mode, expected in (("square", (14, -1)), ("plain", (6, 3))):
        compiled = tf.function(_match_in_tensor_loop)(tf.constant(4), mode)
        eager = _match_in_tensor_loop(tf.constant(4), mode)
        assert (int(compiled[0]), int(compiled[1])) == expected
        assert (int(eager[0]), int(eager[1])) == expected


def _fit(n, w, b, opt, X, Y):
    total = tf.constant(0.0)
    for step in tf.range(n):
        with tf.GradientTape() as tape:
            pred = tf.matmul(X, w) + b
            loss = tf.reduce_mean(tf.square(pred - Y))
        grads = tape.gradient(loss, [w, b])
        opt.apply_gradients(zip(grads, [w, b]))
        total += loss
    return total


def test_training_loop_with_optimizer_in_tensor_loop_equals_eager():
    rng = np.random.RandomState(0)
    X = tf.constant(rng.randn(8, 2).astype(np.float32))
    Y = tf.constant(rng.randn(8, 1).astype(np.float32))
    results = []
    for run in (_fit, tf.function(_fit)):
        w, b = tf.Variable([[0.5], [-0.3]]), tf.Variable([0.1])
        total = run(tf.constant(5), w, b, tf.optimizers.SGD(0.1), X, Y)
        results.append((total.numpy(), w.numpy(), b.numpy()))
    for eager, compiled in zip(*results):
        np.testing.assert_allclose(compiled, eager, rtol=1e-6)
    assert not np.allclose(results[0][1], [[0.5], [-0.3]])
