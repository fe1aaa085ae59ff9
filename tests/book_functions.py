"""Chapter 12's small functions (plain Python over graphflow ops), shared by the tests that
run, count, save or train with them; each test decides whether to compile them."""
import graphflow as tf


def cube(x):
    return x ** 3


def huber_fn(y_true, y_pred):
    error = y_true - y_pred
    is_small_error = tf.abs(error) < 1
    squared_loss = tf.square(error) / 2
    linear_loss = tf.abs(error) - 0.5
    return tf.where(is_small_error, squared_loss, linear_loss)


def create_huber(threshold=1.0):
    def huber_fn(y_true, y_pred):
        error = y_true - y_pred
        is_small_error = tf.abs(error) < threshold
        squared_loss = tf.square(error) / 2
        linear_loss = threshold * tf.abs(error) - threshold ** 2 / 2
        return tf.where(is_small_error, squared_loss, linear_loss)
    return huber_fn


def my_softplus(z):
    return tf.math.log(tf.exp(z) + 1.0)


def sum_squares(n):
    s = tf.constant(0)
    for i in tf.range(n):
        s += i * i
    return s
