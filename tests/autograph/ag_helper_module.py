"""User functions in another module, called from converted code in the tests."""
import graphflow as tf


def clipped_double(x):
    if x > 10:
        return tf.constant(10)
    return x * 2


def count_down(n):
    steps = 0
    while n > 0:
        n -= 1
        steps += 1
    return steps
