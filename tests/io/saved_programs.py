"""Functions saved by the round-trip tests (the fresh process never imports this file)."""
import numpy as np

import graphflow as tf
import book_functions
from book_functions import huber_fn


cube = tf.function(book_functions.cube)
huber = tf.function(huber_fn, input_signature=[tf.TensorSpec([None], tf.float32),
                                               tf.TensorSpec([None], tf.float32)])


@tf.function
def collatz(n):
    """Steps of the Collatz sequence from n to 1, and the largest value reached."""
    def body(n, steps, top):
        n = tf.cond(n % 2 == 0, lambda: n // 2, lambda: 3 * n + 1)
        return n, steps + 1, tf.maximum(top, n)
    _, steps, top = tf.while_loop(lambda n, steps, top: n > 1, body, [n, 0, n])
    return {"steps": steps, "top": top}


sum_squares = tf.function(book_functions.sum_squares)


@tf.function
def labelled(x, scale=2.0):
    """Python-valued arguments, nested outputs, string constants and a Python leaf."""
    return (x * scale, [tf.constant(["low", "high"]), tf.reduce_sum(x)], "tag")


class MLP:
    """A two-layer perceptron trained with plain gradient descent in a compiled step."""

    def __init__(self, n_in=3, n_hidden=5, seed=0):
        rng = np.random.default_rng(seed)
        self.w1 = tf.Variable(rng.normal(size=(n_in, n_hidden)).astype(np.float32),
                              name="dense/kernel")
        self.b1 = tf.Variable(np.zeros(n_hidden, np.float32), name="dense/bias")
        self.w2 = tf.Variable(rng.normal(size=(n_hidden, 1)).astype(np.float32),
                              name="dense_1/kernel")
        self.b2 = tf.Variable(np.zeros(1, np.float32), name="dense_1/bias")
        self.steps = tf.Variable(0, trainable=False, name="steps")
        self.variables = [self.w1, self.b1, self.w2, self.b2]

    def predict(self, x):
        hidden = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.matmul(hidden, self.w2) + self.b2

    @tf.function
    def step(self, x, y, train):
        """One training step when `train` (a Python bool), else just the loss."""
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(self.predict(x) - y))
        if train:
            grads = tape.gradient(loss, self.variables)
            for v, g in zip(self.variables, grads):
                v.assign_sub(0.05 * g)
            self.steps.assign_add(1)
        return loss


def regression_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3).astype(np.float32)
    return x, y


def nadam_train_step(model):
    """The book's custom training step: Nadam on the MSE (optimizer slots are variables)."""
    optimizer = tf.optimizers.Nadam(learning_rate=0.01)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model.predict(x) - y))
        grads = tape.gradient(loss, model.variables)
        optimizer.apply_gradients(zip(grads, model.variables))
        return loss
    return train_step
