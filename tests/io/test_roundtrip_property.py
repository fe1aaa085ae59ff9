"""Property: any traced program saves and loads to the same listing and the same bits."""
import numpy as np
from hypothesis import given, strategies as st

import graphflow as tf

BINARY = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum,
          lambda a, b: tf.where(a > b, a, b * 2.0),
          lambda a, b: tf.cond(tf.reduce_sum(a) > 0.0, lambda: a * b, lambda: a - b),
          lambda a, b: tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + b),
                                     [0, a])[1]]
UNARY = [tf.sin, tf.square, tf.abs, tf.tanh, lambda a: a * 0.5 + 1.0,
         lambda a: tf.reduce_mean(a, keepdims=True) + a, lambda a: tf.reverse(a, [0])]

STEPS = st.lists(st.tuples(st.booleans(), st.integers(0, 7), st.integers(0, 99),
                           st.integers(0, 99)), min_size=1, max_size=6)
VALUES = st.lists(st.floats(-3, 3, width=32), min_size=3, max_size=3)


def build(steps):
    def program(x, y):
        values = [x, y]
        for binary, op, i, j in steps:
            a, b = values[i % len(values)], values[j % len(values)]
            values.append(BINARY[op % len(BINARY)](a, b) if binary else
                          UNARY[op % len(UNARY)](a))
        return values[-1], values[len(values) // 2]
    return tf.function(program)


@given(steps=STEPS, x=VALUES, y=VALUES)
def test_random_programs_round_trip(tmp_path_factory, steps, x, y):
    fn = build(steps)
    x, y = np.array(x, np.float32), np.array(y, np.float32)
    want = fn(x, y)
    path = str(tmp_path_factory.mktemp("prop") / "p.gf")
    tf.save(fn, path)
    loaded = tf.load(path)
    got = loaded(x, y)
    for w, g in zip(want, got):
        np.testing.assert_array_equal(w.numpy(), g.numpy())
    assert loaded.concrete_functions[0].graph.pretty() == \
        fn.get_concrete_function(x, y).graph.pretty()
