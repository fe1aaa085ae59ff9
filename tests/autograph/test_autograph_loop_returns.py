"""Return values first set inside a tensor loop, including TensorArrays, whose starting
value the loop builds from a probe of the body."""
import numpy as np
import pytest

import graphflow as tf


def tensor_array_from_for(n):
    for i in tf.range(n):
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
        ta = ta.write(0, i).write(1, i * i)
        if i > 1:
            return ta
    return tf.TensorArray(tf.int32, size=2, element_shape=[]).write(0, -1)


def tensor_array_with_tensor_from_while(n):
    i = tf.constant(0)
    while i < n:
        ta = tf.TensorArray(tf.float32, size=1, element_shape=[2])
        ta = ta.write(0, tf.fill([2], tf.cast(i, tf.float32)))
        i += 1
        if i > 2:
            return ta, i
    return tf.TensorArray(tf.float32, size=1, element_shape=[2]), -i


@pytest.mark.parametrize("n", [0, 1, 3, 6])
def test_tensor_array_returned_from_for_loop(n, executor):
    compiled = tf.function(lambda k: tensor_array_from_for(k).stack())
    expected = tensor_array_from_for(tf.constant(n)).stack().numpy()
    np.testing.assert_array_equal(compiled(tf.constant(n)).numpy(), expected)
    np.testing.assert_array_equal(expected, [2, 4] if n > 2 else [-1, 0])


@pytest.mark.parametrize("n", [0, 2, 5])
def test_tensor_array_and_tensor_returned_from_while_loop(n, executor):
    def run(k):
        ta, i = tensor_array_with_tensor_from_while(k)
        return ta.stack(), i
    eager, compiled = run(tf.constant(n)), tf.function(run)(tf.constant(n))
    for e, c in zip(eager, compiled):
        np.testing.assert_array_equal(c.numpy(), e.numpy())
    assert int(eager[1]) == (3 if n > 2 else -n)
