"""Optimizer off vs on: every function of a zoo gives bit-identical results either way."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import config
from book_functions import huber_fn

W = np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(3, 4)


def arithmetic(x, y):
    c = tf.constant(2.0) * 3.0 - 1.0
    return (x + y) * c - x / (y * 1.0 + 10.0), -(-x) + 0.0, (x - 0.0) ** 2, x * 0.0


def reductions(x, y):
    return (tf.reduce_sum(x * 1.0), tf.reduce_mean(x * y, axis=0),
            tf.reduce_max(y, axis=1, keepdims=True), tf.reduce_sum(tf.ones((3, 3))) + x)


def matmul_constants(x, y):
    m = tf.exp(tf.matmul(tf.constant(W), tf.constant(W), transpose_b=True) * 0.1)
    return tf.matmul(x, m), tf.matmul(tf.transpose(tf.transpose(x)), tf.transpose(y))


def shapes(x, y):
    n = tf.cast(tf.size(x), tf.float32)
    r = tf.reshape(tf.reshape(x, (-1,)), tf.shape(y))
    return x / n + tf.cast(tf.rank(x), tf.float32), r, tf.squeeze(tf.expand_dims(y, 0), 0)


def special_values(x, y):
    return (tf.math.log(x - y), tf.sqrt(x - 10.0), x / tf.constant(0.0),
            tf.exp(tf.constant(100.0)) * x, tf.constant(-0.0) + tf.zeros_like(x))


def branches(x, y):
    a = tf.cond(tf.reduce_sum(x) > tf.reduce_sum(y), lambda: x * 2.0 + y,
                lambda: tf.exp(-x) - y)
    b = tf.cond(tf.constant(3) > 2, lambda: a * 1.0, lambda: a - 1.0)
    return a, b


def loops(x, y):
    def body(i, acc, same):
        inner = tf.cond(i % 2 == 0, lambda: acc * 0.5, lambda: acc + same)
        return i + 1, inner + tf.tanh(x) * tf.exp(y * 2.0), same
    return tf.while_loop(lambda i, acc, same: i < 4, body, [0, x, y])[1]


def duplicates(x, y):
    a = tf.abs(x - y) + tf.abs(x - y)
    return tf.where(tf.abs(x - y) < 1.0, a, tf.identity(tf.identity(y)))


def integers(x, y):
    i = tf.cast(x * 10.0, tf.int32)
    return i + 0, 0 + i, i - 0, i * 1, tf.math.floordiv(i, 3) + tf.constant(7) // 2


ZOO = [arithmetic, reductions, matmul_constants, shapes, special_values, branches, loops,
       duplicates, integers, huber_fn]


def _results(fn, args, optimize):
    config.optimizer.set_experimental_options({"disable_meta_optimizer": not optimize})
    result = tf.function(fn)(*args)
    return [np.asarray(t.numpy()) for t in tf.nest.flatten(result)]


def _assert_bitwise_equal(a, b):
    assert len(a) == len(b)
    for u, v in zip(a, b):
        assert u.dtype == v.dtype and u.shape == v.shape
        assert u.tobytes() == v.tobytes(), (u, v)


def _check(fn, x, y):
    args = (tf.constant(x), tf.constant(y))
    with np.errstate(all="ignore"):
        _assert_bitwise_equal(_results(fn, args, False), _results(fn, args, True))


@pytest.mark.parametrize("fn", ZOO, ids=[f.__name__ for f in ZOO])
def test_optimizer_off_and_on_agree(fn):
    x = np.linspace(-2.0, 3.0, 12, dtype=np.float32).reshape(4, 3)
    y = np.cos(np.arange(12, dtype=np.float32)).reshape(4, 3)
    _check(fn, x, y)


@pytest.mark.parametrize("fn", ZOO, ids=[f.__name__ for f in ZOO])
def test_optimizer_shrinks_or_keeps_graphs(fn):
    x = tf.constant(np.ones((4, 3), np.float32))
    cf = tf.function(fn).get_concrete_function(x, x)
    report = cf.optimization_report()
    assert report[-1]["nodes_after"] <= report[0]["nodes_before"]


values = st.one_of(st.sampled_from([0.0, -0.0, np.inf, -np.inf, np.nan]),
                   st.floats(-5, 5, width=32))


@given(hnp.arrays(np.float32, (4, 3), elements=values),
       hnp.arrays(np.float32, (4, 3), elements=values))
def test_agreement_on_any_values(x, y):
    for fn in (arithmetic, special_values, duplicates, huber_fn):
        _check(fn, x, y)


def test_variables_and_effects_agree():
    def train_step(x, y):
        v.assign_add(tf.reduce_sum(x) * 0.0 + 1.0)
        w = v.read_value() * 2.0
        v.assign(w * 1.0)
        return v.read_value() + tf.reduce_sum(y) * 0.0
    runs = {}
    for optimize in (False, True):
        v = tf.Variable(1.0)
        runs[optimize] = [_results(train_step, (tf.constant(1.0), tf.constant(2.0)), optimize)
                          for _ in range(3)]
    assert runs[False] == runs[True]
    assert [float(r[0]) for r in runs[True]] == [4.0, 10.0, 22.0]


def _autograph_programs():
    """The AutoGraph test zoo's (function, arguments) pairs."""
    import os
    import sys
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "autograph"))
    try:
        from ag_zoo import PROGRAMS
    finally:
        sys.path.pop(0)
    return PROGRAMS


AG_PROGRAMS = _autograph_programs()


@pytest.mark.parametrize("fn, args", AG_PROGRAMS, ids=["%s-%d" % (f.__name__, i)
                                                        for i, (f, _) in enumerate(AG_PROGRAMS)])
def test_autograph_programs_agree_with_the_optimizer_off_and_on(fn, args):
    args = [tf.constant(a) if isinstance(a, (np.ndarray, np.generic)) else a for a in args]
    outs = []
    for optimize in (False, True):
        config.optimizer.set_experimental_options({"disable_meta_optimizer": not optimize})
        result = tf.function(fn)(*args)
        outs.append([np.asarray(tf.convert_to_tensor(t)) for t in tf.nest.flatten(result)])
    _assert_bitwise_equal(*outs)
