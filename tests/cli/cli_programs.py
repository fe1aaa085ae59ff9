"""Targets for the CLI tests (named as path/to/cli_programs.py:function)."""
import graphflow as tf


@tf.function
def cube(x):
    return x ** 3


def plain_huber(y_true, y_pred):
    """An undecorated function: the CLI wraps it in graphflow.function."""
    error = y_true - y_pred
    return tf.where(tf.abs(error) < 1, tf.square(error) / 2, tf.abs(error) - 0.5)


@tf.function
def countdown(n, scale):
    """A While loop holding a Cond: subgraphs for clusters and pass diffs."""
    def body(i, acc):
        acc = tf.cond(i % 2 == 0, lambda: acc + tf.cast(i, tf.float32) * scale,
                      lambda: acc - 1.0)
        return i - 1, acc
    return tf.while_loop(lambda i, acc: i > 0, body, [n, 0.0 * 1.0])[1]


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def with_signature(x):
    return tf.reduce_sum(x * (tf.constant(2.0) * 3.0))


@tf.function
def broken(x):
    return x + "text"


not_a_function = 42
