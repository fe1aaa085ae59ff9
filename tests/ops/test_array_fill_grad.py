"""Fill's gradient: the sum of the incoming gradient for the value, none for the dims."""
import numpy as np
from hypothesis import given, strategies as st

import graphflow as tf
from graphflow.testing import check_grads


@given(dims=st.lists(st.integers(0, 3), min_size=0, max_size=3),
       value=st.floats(-3, 3, allow_nan=False))
def test_fill_gradient_matches_finite_differences(dims, value):
    check_grads(lambda v: tf.fill(dims, v) * tf.fill(dims, v), [np.float64(value)])


def test_fill_gradient_value_and_dims():
    v = tf.constant(2.0)
    weights = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])

    def grads(v, dims):
        with tf.GradientTape() as tape:
            tape.watch(v)
            y = tf.reduce_sum(tf.fill(dims, v) * weights)
        return tape.gradient(y, [v, dims])
    eager = grads(v, tf.constant([2, 3]))
    compiled = tf.function(grads)(v, tf.constant([2, 3]))
    for dv, dims_grad in (eager, compiled):
        assert float(dv) == 21.0 and dims_grad is None
