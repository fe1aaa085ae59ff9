"""Every executor gives the interpreter's results, bit for bit, on a zoo of functions."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import config


def _values(result):
    flat = tf.nest.flatten(result)
    return [np.asarray(t.numpy()) if hasattr(t, "numpy") else t for t in flat]


def _fresh(fn):
    """A new graphflow.function around `fn` (so each executor traces and compiles it)."""
    return tf.function(fn)


def _run_all(fn, *args):
    """Results of a fresh compiled `fn` under each executor, interpreter first."""
    out = {}
    for name in ("interpreter", "codegen", "parallel", "auto"):
        config.set_executor(name)
        out[name] = _values(_fresh(fn)(*args))
    config.set_executor("auto")
    return out


def _assert_identical(results):
    ref = results["interpreter"]
    for name, vals in results.items():
        assert len(vals) == len(ref), name
        for a, b in zip(vals, ref):
            assert np.asarray(a).dtype == np.asarray(b).dtype, name
            np.testing.assert_array_equal(a, b, err_msg=name)


def arith(x, y):
    return (x + y) * 3.0 - x / (y + 10.0), tf.maximum(x, y), -tf.abs(x)


def reductions(x, y):
    return tf.reduce_sum(x), tf.reduce_mean(x * y, axis=0), tf.reduce_max(y, axis=1,
                                                                           keepdims=True)


def matmul(x, y):
    return tf.matmul(x, tf.transpose(y)) + 1.0


def branches(x, y):
    return tf.cond(tf.reduce_sum(x) > tf.reduce_sum(y),
                   lambda: x * 2.0 + y, lambda: tf.exp(-x) - y)


def loop(x, y):
    def body(i, acc):
        return i + 1, acc * 0.5 + tf.tanh(x)
    return tf.while_loop(lambda i, acc: i < 7, body, [tf.constant(0), y])


def nested(x, y):
    def body(i, acc):
        acc = tf.cond(tf.equal(i % 2, 0), lambda: acc + x, lambda: acc - y * 0.5)
        return i + 1, acc
    return tf.while_loop(lambda i, acc: i < 5, body, [tf.constant(0), x])


ZOO = [arith, reductions, matmul, branches, loop, nested]
floats = hnp.arrays(np.float32, (3, 4), elements=st.floats(-3, 3, width=32))


@pytest.mark.parametrize("fn", ZOO, ids=lambda f: f.__name__)
@given(x=floats, y=floats)
def test_executors_agree_with_interpreter_and_eager(fn, x, y):
    results = _run_all(fn, tf.constant(x), tf.constant(y))
    _assert_identical(results)
    eager = _values(fn(tf.constant(x), tf.constant(y)))
    for a, b in zip(results["codegen"], eager):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_arith_matches_numpy(executor):
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    y = np.ones((3, 4), np.float32)
    got = _values(_fresh(arith)(tf.constant(x), tf.constant(y)))
    np.testing.assert_allclose(got[0], (x + y) * 3 - x / (y + 10), rtol=1e-6)
    np.testing.assert_array_equal(got[1], np.maximum(x, y))


def test_variables_read_and_assign(executor):
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def step(d):
        before = v.read_value() if hasattr(v, "read_value") else v + 0.0
        v.assign_add(d)
        v.assign(v * 2.0)
        return before, v + 0.0

    before, after = step(tf.constant([1.0, 1.0]))
    np.testing.assert_array_equal(before.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal(after.numpy(), [4.0, 6.0])
    before, after = step(tf.constant([0.0, 1.0]))
    np.testing.assert_array_equal(before.numpy(), [4.0, 6.0])
    np.testing.assert_array_equal(after.numpy(), [8.0, 14.0])
    np.testing.assert_array_equal(v.numpy(), [8.0, 14.0])


def test_collatz_while_with_if(executor):
    @tf.function
    def collatz(n):
        def body(n, steps):
            n = tf.cond(tf.equal(n % 2, 0), lambda: n // 2, lambda: 3 * n + 1)
            return n, steps + 1
        return tf.while_loop(lambda n, steps: n > 1, body, [n, tf.constant(0)])[1]

    assert int(collatz(tf.constant(27))) == 111
    assert int(collatz(tf.constant(1))) == 0


@pytest.mark.skipif(not hasattr(tf, "random"), reason="graphflow.random not available")
def test_random_with_seed_shapes(executor):
    @tf.function
    def draw():
        return tf.random.uniform([3, 2], seed=1), tf.random.normal([4], seed=2)

    a, b = draw()
    assert a.shape == (3, 2) and b.shape == (4,)
    assert a.dtype == tf.float32
    assert np.all((a.numpy() >= 0) & (a.numpy() < 1))


@pytest.mark.skipif(not hasattr(tf, "print"), reason="graphflow.print not available")
def test_print_order(executor, capsys):
    @tf.function
    def shout(x):
        tf.print("first", x)
        y = x * 2
        tf.print("second", y)
        tf.print("third")
        return y

    shout(tf.constant(3))
    out = capsys.readouterr()
    text = out.out + out.err
    assert text.index("first") < text.index("second") < text.index("third")
