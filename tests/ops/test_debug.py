"""debugging.assert_*, Assert, check_numerics, py_function: eager and compiled."""
import numpy as np
import pytest

import graphflow as tf


def test_assert_equal_passes_and_fails_eagerly():
    assert tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2]) is None
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.debugging.assert_equal(tf.constant([1, 2, 3]), [1, 2, 4], message="values differ")
    text = str(info.value)
    assert text.startswith("values differ")
    assert "Condition x == y did not hold." in text
    assert "Indices of first 1 different values:\n[[2]]" in text
    assert "Corresponding x values:\n[3]" in text
    assert "Corresponding y values:\n[4]" in text


@pytest.mark.parametrize("assertion, good, bad, symbol", [
    (tf.debugging.assert_less, ([1., 2.], 3.), ([1., 4.], 3.), "<"),
    (tf.debugging.assert_greater, ([4., 5.], 3.), ([4., 1.], 3.), ">"),
    (tf.debugging.assert_equal, ([3, 3], 3), ([3, 2], 3), "=="),
])
def test_binary_asserts_eager_and_compiled(assertion, good, bad, symbol, executor):
    assertion(tf.constant(good[0]), good[1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="x %s y did not hold" % symbol):
        assertion(tf.constant(bad[0]), bad[1])

    @tf.function
    def f(x):
        assertion(x, good[1], message="custom note")
        return x + x
    np.testing.assert_array_equal(f(tf.constant(good[0])), 2 * np.array(good[0]))
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        f(tf.constant(bad[0]))
    assert "assertion failed: [custom note]" in str(info.value)
    assert "did not hold element-wise" in str(info.value)


def test_assert_non_negative():
    tf.debugging.assert_non_negative(tf.constant([0, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="x >= 0 did not hold"):
        tf.debugging.assert_non_negative(tf.constant([1., -2.]))

    @tf.function
    def f(x):
        tf.debugging.assert_non_negative(x)
        return x
    f(tf.constant([1.]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="x >= 0"):
        f(tf.constant([-1.]))


def test_assert_shapes_must_broadcast():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 2, 3]))


def test_assert_op_summarize():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"assertion failed: \[too big\] \[0 1 2...\]"):
        tf.Assert(tf.constant(False), ["too big", tf.range(10)])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[0 1 2 3 4 5\]"):
        tf.Assert(tf.constant(False), [tf.range(6)], summarize=6)


def test_check_numerics():
    x = tf.constant([1., 2.])
    np.testing.assert_array_equal(tf.debugging.check_numerics(x, "ok"), [1., 2.])
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad input : Tensor had NaN values"):
        tf.debugging.check_numerics(tf.constant([1., np.nan]), "bad input")
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor had Inf values"):
        tf.debugging.check_numerics(tf.constant([np.inf]), "m")
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.debugging.check_numerics(tf.constant([1, 2]), "ints are refused")

    @tf.function
    def f(t):
        tf.debugging.check_numerics(tf.math.log(t), "log")
        return t
    f(tf.constant([1.]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="log : Tensor had"):
        f(tf.constant([-1.]))


def test_check_numerics_gradient_passes_through():
    x = tf.constant([1., 2.])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.debugging.check_numerics(x * x, "m"))
    np.testing.assert_array_equal(tape.gradient(y, x), [2., 4.])


def test_py_function_eager_and_compiled(executor):
    seen = []

    def double(t):
        seen.append(type(t).__name__)
        return t.numpy() * 2

    x = tf.constant([1., 2.])
    out = tf.py_function(double, [x], tf.float32)
    np.testing.assert_array_equal(out, [2., 4.])
    assert out.dtype is tf.float32

    @tf.function
    def f(t):
        return tf.py_function(double, [t], tf.float32) + 1
    for _ in range(3):
        np.testing.assert_array_equal(f(x), [3., 5.])
    assert seen == ["EagerTensor"] * 4
    assert f.experimental_get_tracing_count() == 1


def test_py_function_multiple_and_no_outputs():
    calls = []
    a, b = tf.py_function(lambda x, y: (x + y, x * y), [tf.constant(2), 3], [tf.int32, tf.int32])
    assert int(a) == 5 and int(b) == 6
    assert tf.py_function(lambda: calls.append(1), [], []) == []
    assert tf.py_function(lambda: calls.append(0)) is None

    @tf.function
    def g():
        tf.py_function(lambda: calls.append(2), [], [])
        return tf.constant(0)
    g()
    g()
    assert calls == [1, 0, 2, 2]
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected a int32"):
        tf.py_function(lambda: 1.5, [], tf.int32)


def test_py_function_gradients_eager_and_compiled():
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y, n = tf.py_function(lambda a, b: (tf.sin(a) * a, b * 2), [x, 3],
                                  [tf.float32, tf.int32])
            s = tf.reduce_sum(y * 2.)
        return tape.gradient(s, x)
    x = tf.constant([1., 2.])
    expected = 2 * (np.cos([1., 2.]) * [1., 2.] + np.sin([1., 2.]))
    np.testing.assert_allclose(grad(x), expected, rtol=1e-5)
    np.testing.assert_allclose(tf.function(grad)(x), expected, rtol=1e-5)


def test_namespaces():
    assert tf.assert_equal is tf.debugging.assert_equal
    assert tf.assert_less is tf.debugging.assert_less
    assert tf.Assert is tf.debugging.Assert
    assert tf.random.set_seed is not None and tf.print is not print
