"""Varying inputs: compiled programs (one trace each) agree with plain Python and with a
reference written without tensors."""
import math

import numpy as np
from hypothesis import given, strategies as st

import graphflow as tf
from ag_zoo import binary_search, collatz_steps, gcd, newton_sqrt, nested_break_continue

compiled_collatz = tf.function(collatz_steps)
compiled_gcd = tf.function(gcd)
compiled_search = tf.function(binary_search, input_signature=[
    tf.TensorSpec([None], tf.int32), tf.TensorSpec([], tf.int32)])
compiled_sqrt = tf.function(newton_sqrt)
compiled_nested = tf.function(nested_break_continue)


def _collatz_reference(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


@given(st.integers(1, 300))
def test_collatz(n):
    x = tf.constant(n)
    assert int(compiled_collatz(x)) == int(collatz_steps(x)) == _collatz_reference(n)


@given(st.integers(1, 10 ** 6), st.integers(0, 10 ** 6))
def test_gcd(a, b):
    assert int(compiled_gcd(tf.constant(a), tf.constant(b))) == math.gcd(a, b)


@given(st.lists(st.integers(-50, 50), min_size=1, max_size=12, unique=True),
       st.integers(-60, 60))
def test_binary_search(values, target):
    values = np.array(sorted(values), np.int32)
    got = int(compiled_search(tf.constant(values), tf.constant(target)))
    expected = int(np.searchsorted(values, target)) if target in values else -1
    assert got == expected == int(binary_search(tf.constant(values), tf.constant(target)))


@given(st.floats(0.5, 1000.0))
def test_newton_sqrt(x):
    got = float(compiled_sqrt(tf.constant(x, tf.float32)))
    assert abs(got * got - np.float32(x)) <= 1e-4 * max(1.0, x) + 1e-3
    assert got == float(newton_sqrt(tf.constant(x, tf.float32)))


@given(st.integers(0, 12))
def test_nested_break_continue(n):
    expected = sum(j for i in range(n) if i % 2 == 0 for j in range(min(i, n - 1) + 1))
    assert int(compiled_nested(tf.constant(n))) == expected


def test_one_trace_serves_all_scalar_inputs():
    for f in (compiled_collatz, compiled_gcd, compiled_search, compiled_sqrt,
              compiled_nested):
        assert f.experimental_get_tracing_count() <= 1
