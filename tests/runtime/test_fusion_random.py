"""Random elementwise programs on large arrays: fused (and in-place) execution equals the
interpreter bit for bit."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import graphflow as tf
from graphflow import config
from graphflow.runtime import fusion

SHAPES = [(4 * fusion.BLOCK + 5,),   # fused into blocks
          (128, 256)]                # below the fusion size: planned in place

UNARY = [tf.abs, tf.negative, tf.square, tf.tanh, tf.sin, lambda v: tf.exp(-tf.abs(v))]
BINARY = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum]


def _program(seed):
    """A function of (x, y) built from a seeded random sequence of elementwise ops."""
    rng = np.random.RandomState(seed)
    steps = [(rng.randint(4), rng.randint(100), rng.uniform(-1, 1)) for _ in range(12)]

    def fn(x, y, row):
        pool = [x, y, x + row]   # a broadcast operand keeps some nodes out of fusion
        for kind, pick, c in steps:
            a, b = pool[pick % len(pool)], pool[(pick // 7) % len(pool)]
            if kind == 0:
                pool.append(UNARY[pick % len(UNARY)](a))
            elif kind == 1:
                pool.append(BINARY[pick % len(BINARY)](a, b))
            elif kind == 2:
                pool.append(BINARY[pick % len(BINARY)](a, float(c)))
            else:
                pool.append(tf.where(a > float(c), b, a * 0.5))
        return pool[-1], pool[-3] + pool[-2]
    return fn


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@settings(max_examples=10)
@given(seed=st.integers(0, 10_000))
def test_random_elementwise_programs_match_interpreter(shape, seed):
    rng = np.random.RandomState(seed)
    x, y = (tf.constant(rng.uniform(-2, 2, shape).astype(np.float32)) for _ in "xy")
    row = tf.constant(rng.uniform(-1, 1, shape[-1:]).astype(np.float32))
    fn = _program(seed)
    results = {}
    for name in ("interpreter", "codegen", "parallel"):
        config.set_executor(name)
        results[name] = [t.numpy() for t in tf.function(fn)(x, y, row)]
    for name in ("codegen", "parallel"):
        for got, want in zip(results[name], results["interpreter"]):
            np.testing.assert_array_equal(got, want, err_msg=name)
