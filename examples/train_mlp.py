"""The book's custom training loop (chapter 12) on graphflow.

An MLP 8 -> 30 (elu) -> 1 with l2 weight regularization, trained with Nadam on random
batches of a synthetic housing-like regression problem, with a progress bar per epoch
showing the mean loss and MAE. The train step is compiled with `graphflow.function`;
the script also times the same step run eagerly and prints the speedup.

    python examples/train_mlp.py
"""
import sys
import time

import numpy as np

import graphflow as tf
from graphflow import keras

N_FEATURES, N_HIDDEN = 8, 30
L2 = 0.05


def make_dataset(n=4000, seed=42):
    """A nonlinear regression problem with 8 standardized features (housing-like)."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_FEATURES)).astype(np.float32)
    w = rng.normal(size=(N_FEATURES, 1)).astype(np.float32)
    y = X @ w * 0.5 + np.sin(X[:, :1] * 2) + 0.3 * X[:, 1:2] * X[:, 2:3]
    y = y + rng.normal(scale=0.1, size=(n, 1))
    return X, y.astype(np.float32)


class MLP:
    """Two dense layers written by hand with variables (He-normal kernels, zero biases)."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        he = lambda fan_in, fan_out: rng.normal(  # noqa: E731
            scale=np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)).astype(np.float32)
        self.w1 = tf.Variable(he(N_FEATURES, N_HIDDEN), name="dense/kernel")
        self.b1 = tf.Variable(np.zeros(N_HIDDEN, np.float32), name="dense/bias")
        self.w2 = tf.Variable(he(N_HIDDEN, 1), name="dense_1/kernel")
        self.b2 = tf.Variable(np.zeros(1, np.float32), name="dense_1/bias")
        self.trainable_variables = [self.w1, self.b1, self.w2, self.b2]

    def __call__(self, X):
        hidden = tf.nn.elu(tf.matmul(X, self.w1) + self.b1)
        return tf.matmul(hidden, self.w2) + self.b2

    @property
    def losses(self):
        """The l2 regularization losses of the kernels (as keras.regularizers.l2)."""
        return [L2 * tf.reduce_sum(tf.square(w)) for w in (self.w1, self.w2)]


def random_batch(X, y, batch_size=32):
    idx = np.random.randint(len(X), size=batch_size)
    return X[idx], y[idx]


def print_status_bar(iteration, total, loss, metrics=None, width=30):
    metrics = " - ".join("{}: {:.4f}".format(m.name, float(m.result()))
                         for m in [loss] + (metrics or []))
    done = width * iteration // total
    bar = "[" + "=" * done + ">" * (done < width) + "." * (width - done - 1) + "]"
    end = "" if iteration < total else "\n"
    print("\r{}/{} {} - ".format(iteration, total, bar) + metrics, end=end)
    sys.stdout.flush()


def make_train_step(model, optimizer, loss_fn):
    def train_step(X_batch, y_batch):
        with tf.GradientTape() as tape:
            y_pred = model(X_batch)
            main_loss = tf.reduce_mean(loss_fn(y_batch, y_pred))
            loss = tf.add_n([main_loss] + model.losses)
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables))
        return loss, y_pred
    return train_step


def train(n_epochs=5, batch_size=32, compiled=True, verbose=True, seed=42):
    """Train a fresh model; returns (model, list of per-step losses)."""
    X, y = make_dataset()
    np.random.seed(seed)
    model = MLP(seed)
    optimizer = keras.optimizers.Nadam(learning_rate=0.01)
    step = make_train_step(model, optimizer, keras.losses.mean_squared_error)
    if compiled:
        step = tf.function(step)
    mean_loss = keras.metrics.Mean(name="loss")
    metrics = [keras.metrics.MeanAbsoluteError(name="mae")]
    n_steps = len(X) // batch_size
    history = []
    for epoch in range(1, n_epochs + 1):
        if verbose:
            print("Epoch {}/{}".format(epoch, n_epochs))
        for i in range(1, n_steps + 1):
            X_batch, y_batch = random_batch(X, y, batch_size)
            loss, y_pred = step(X_batch, y_batch)
            history.append(float(loss))
            mean_loss(loss)
            for metric in metrics:
                metric(y_batch, y_pred)
            if verbose and i % 10 == 0 and i < n_steps:
                print_status_bar(i * batch_size, len(y), mean_loss, metrics)
        if verbose:
            print_status_bar(len(y), len(y), mean_loss, metrics)
        for metric in [mean_loss] + metrics:
            metric.reset_states()
    return model, history


def time_step(compiled, n=200, batch_size=32):
    """Mean seconds per train step (after a warm-up step that also traces)."""
    X, y = make_dataset(n=512)
    model = MLP(0)
    step = make_train_step(model, keras.optimizers.Nadam(learning_rate=0.01),
                           keras.losses.mean_squared_error)
    if compiled:
        step = tf.function(step)
    Xb, yb = X[:batch_size], y[:batch_size]
    step(Xb, yb)
    start = time.perf_counter()
    for _ in range(n):
        step(Xb, yb)
    return (time.perf_counter() - start) / n


def main():
    start = time.perf_counter()
    _, history = train()
    print("final loss: {:.4f}".format(np.mean(history[-50:])))
    eager, compiled = time_step(False), time_step(True)
    print("train step: eager {:.0f} us, compiled {:.0f} us, speedup {:.1f}x".format(
        eager * 1e6, compiled * 1e6, eager / compiled))
    print("total time: {:.1f} s".format(time.perf_counter() - start))


if __name__ == "__main__":
    main()
