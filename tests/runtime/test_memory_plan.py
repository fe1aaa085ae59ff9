"""Memory planning reuses only dead, executor-owned buffers and never changes results."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import config
from graphflow.runtime import fusion

ROWS, COLS = 64, 512   # 32768 elements: above the planning threshold


def _x(seed=0):
    return np.random.RandomState(seed).uniform(-1, 1, (ROWS, COLS)).astype(np.float32)


def _interpreted(fn, *args):
    config.set_executor("interpreter")
    try:
        return [np.array(t.numpy()) for t in tf.nest.flatten(tf.function(fn)(*args))]
    finally:
        config.set_executor("auto")


def test_broadcast_chain_is_computed_in_place_with_identical_results(executor):
    row = tf.constant(np.linspace(0, 1, COLS, dtype=np.float32))

    def chain(x):
        return (tf.exp(x) + row) * row - row

    f = tf.function(chain)
    x = tf.constant(_x())
    got = f(x).numpy()
    np.testing.assert_array_equal(got, _interpreted(chain, x)[0])
    if executor == "codegen":
        assert "out=" in f.get_concrete_function(x).lowered_code


def test_inputs_results_captures_and_constants_are_never_overwritten(executor):
    captured = tf.constant(_x(1))
    const = _x(2)
    x_np = _x(3)
    x = tf.constant(x_np)

    def fn(x):
        a = tf.exp(x)                       # returned, and read again below
        b = a * 2.0 + captured              # reads a capture
        c = tf.sin(b) * tf.constant(const)  # reads a constant
        return a, c, x                      # x returned as-is

    f = tf.function(fn)
    want = _interpreted(fn, x)
    for _ in range(2):
        got = [t.numpy() for t in f(x)]
        for g, w in zip(got, want):
            np.testing.assert_array_equal(g, w)
    np.testing.assert_array_equal(x.numpy(), x_np)
    np.testing.assert_array_equal(captured.numpy(), _x(1))
    np.testing.assert_array_equal(got[0], np.exp(x_np))


def test_variable_values_are_never_overwritten(executor):
    init = _x(4)
    v = tf.Variable(init)

    @tf.function
    def fn(x):
        r = tf.exp(v * 1.0) + x
        return tf.tanh(r) - 1.0, v * 1.0

    x = tf.constant(_x(5))
    out, v_copy = fn(x)
    np.testing.assert_array_equal(v.numpy(), init)
    np.testing.assert_array_equal(v_copy.numpy(), init)
    np.testing.assert_allclose(out.numpy(), np.tanh(np.exp(init) + _x(5)) - 1.0, rtol=1e-6)


def test_value_read_later_survives(executor):
    def fn(x):
        y = x * 3.0
        z = tf.exp(y) + 1.0          # y is read again below
        w = tf.reduce_sum(z, axis=1, keepdims=True)
        return z / w + y

    x = tf.constant(_x(6))
    np.testing.assert_array_equal(tf.function(fn)(x).numpy(), _interpreted(fn, x)[0])


@pytest.mark.parametrize("n", [5 * fusion.BLOCK, 5 * fusion.BLOCK + 7])
def test_fused_blocks_match_unfused(executor, n):
    def huber(y_true, y_pred):
        error = y_true - y_pred
        small = tf.abs(error) < 1
        return tf.where(small, tf.square(error) / 2, tf.abs(error) - 0.5)

    rng = np.random.RandomState(n)
    a = tf.constant(rng.uniform(-3, 3, n).astype(np.float32))
    b = tf.constant(rng.uniform(-3, 3, n).astype(np.float32))
    f = tf.function(huber)
    got = f(a, b).numpy()
    np.testing.assert_array_equal(got, _interpreted(huber, a, b)[0])
    if executor == "codegen":
        assert "fused_block" in f.get_concrete_function(a, b).lowered_code
    e = a.numpy() - b.numpy()
    np.testing.assert_allclose(got, np.where(np.abs(e) < 1, e * e / 2, np.abs(e) - 0.5),
                               rtol=1e-6)


def test_values_read_by_a_fused_group_survive_nodes_between_its_members(executor):
    n = 5 * fusion.BLOCK

    def fn(x, y):
        s = tf.reverse(x, [0])           # a local value
        a = tf.exp(s) * 0.5              # the fused group starts, reading s
        r = tf.reshape(s, [n // 4, 4])   # not fused; the last reader of s in program order
        b = tf.sin(y) + a                # the group continues after r
        return b * y, r

    rng = np.random.RandomState(1)
    x = tf.constant(rng.uniform(-1, 1, n).astype(np.float32))
    y = tf.constant(rng.uniform(-1, 1, n).astype(np.float32))
    before = config.optimizer.get_experimental_options()
    config.optimizer.set_experimental_options({"disable_meta_optimizer": True})  # keep order
    try:
        got = [t.numpy() for t in tf.function(fn)(x, y)]
        want = _interpreted(fn, x, y)
    finally:
        config.optimizer.set_experimental_options(
            dict(before, disable_meta_optimizer=before.get("disable_meta_optimizer", False)))
    for g, w in zip(got, want):
        np.testing.assert_array_equal(g, w)


def test_fused_select_with_scalar_branches(executor):
    n = 5 * fusion.BLOCK + 3

    def fn(x):
        y = x * 3.0
        return tf.where(y > 0.5, tf.constant(-1.0), y - 1.0) + tf.where(y < 0, y, 2.0)

    x = tf.constant(np.random.RandomState(2).uniform(-1, 1, n).astype(np.float32))
    f = tf.function(fn)
    got = f(x).numpy()
    np.testing.assert_array_equal(got, _interpreted(fn, x)[0])
    y = x.numpy() * np.float32(3)
    np.testing.assert_array_equal(got, np.where(y > 0.5, -1.0, y - 1.0).astype(np.float32)
                                  + np.where(y < 0, y, np.float32(2.0)))
    if executor == "codegen":
        assert "fused_block" in f.get_concrete_function(x).lowered_code
