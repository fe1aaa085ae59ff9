"""Keras-style losses and metrics, eagerly and compiled, against numpy."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import losses, metrics
from book_functions import create_huber

Y_TRUE = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 3.0]], np.float32)
Y_PRED = np.array([[1.5, 0.0], [0.0, 2.0], [2.0, 3.5]], np.float32)


def np_huber(y_true, y_pred, delta=1.0):
    e = np.abs(y_pred - y_true)
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * e - 0.5 * delta ** 2), axis=-1)


@pytest.mark.parametrize("compiled", [False, True])
def test_loss_functions(compiled):
    def run(t, p):
        return (losses.mean_squared_error(t, p), losses.mean_absolute_error(t, p),
                losses.huber(t, p, delta=1.5))
    fn = tf.function(run) if compiled else run
    mse, mae, huber = fn(tf.constant(Y_TRUE), tf.constant(Y_PRED))
    np.testing.assert_allclose(mse.numpy(), np.mean((Y_PRED - Y_TRUE) ** 2, axis=-1))
    np.testing.assert_allclose(mae.numpy(), np.mean(np.abs(Y_PRED - Y_TRUE), axis=-1))
    np.testing.assert_allclose(huber.numpy(), np_huber(Y_TRUE, Y_PRED, 1.5), rtol=1e-6)


def test_loss_classes_reductions():
    per_sample = np.mean((Y_PRED - Y_TRUE) ** 2, axis=-1)
    mse = losses.MeanSquaredError()
    np.testing.assert_allclose(mse(Y_TRUE, Y_PRED).numpy(), per_sample.mean(), rtol=1e-6)
    none = losses.MeanSquaredError(reduction=losses.Reduction.NONE)
    np.testing.assert_allclose(none(Y_TRUE, Y_PRED).numpy(), per_sample, rtol=1e-6)
    total = losses.MeanSquaredError(reduction="sum")
    np.testing.assert_allclose(total(Y_TRUE, Y_PRED).numpy(), per_sample.sum(), rtol=1e-6)
    w = np.array([1.0, 0.0, 2.0], np.float32)
    np.testing.assert_allclose(mse(Y_TRUE, Y_PRED, sample_weight=w).numpy(),
                               (per_sample * w).sum() / 3, rtol=1e-6)
    with pytest.raises(ValueError, match="Reduction"):
        losses.MeanSquaredError(reduction="average")


def test_huber_class_and_config():
    h = losses.Huber(delta=2.0)
    np.testing.assert_allclose(h(Y_TRUE, Y_PRED).numpy(), np_huber(Y_TRUE, Y_PRED, 2.0).mean(),
                               rtol=1e-6)
    config = h.get_config()
    assert config == {"delta": 2.0, "reduction": "auto", "name": "huber_loss"}
    assert losses.Huber.from_config(config).get_config() == config


def test_book_style_loss_subclass():
    class HuberLoss(tf.keras.losses.Loss):
        def __init__(self, threshold=1.0, **kwargs):
            self.threshold = threshold
            super().__init__(**kwargs)

        def call(self, y_true, y_pred):
            error = y_true - y_pred
            is_small = tf.abs(error) < self.threshold
            return tf.where(is_small, tf.square(error) / 2,
                            self.threshold * tf.abs(error) - self.threshold ** 2 / 2)

        def get_config(self):
            return {**super().get_config(), "threshold": self.threshold}
    loss = HuberLoss(2.0)
    e = np.abs(Y_TRUE - Y_PRED)
    expected = np.where(e < 2, e ** 2 / 2, 2 * e - 2).mean()
    np.testing.assert_allclose(loss(Y_TRUE, Y_PRED).numpy(), expected, rtol=1e-6)
    assert loss.get_config()["threshold"] == 2.0


def test_mean_metric():
    m = metrics.Mean()
    assert float(m.result()) == 0.0
    m(1.0)
    m.update_state([2.0, 3.0, 6.0])
    assert float(m.result()) == 3.0
    m.update_state([10.0, 0.0], sample_weight=[1.0, 3.0])
    assert float(m.result()) == pytest.approx((12 + 10) / (4 + 4))
    m.reset_states()
    assert float(m.result()) == 0.0
    m(4.0)
    m.reset_state()
    assert [float(v.numpy()) for v in m.variables] == [0.0, 0.0]


def test_mean_metric_updates_inside_function():
    m = metrics.Mean(name="loss")

    @tf.function
    def update(x):
        m.update_state(x)
        return m.result()
    update(tf.constant([1.0, 3.0]))
    assert float(update(tf.constant([5.0, 7.0]))) == 4.0
    assert m.name == "loss"


def test_mean_absolute_error_metric():
    mae = tf.keras.metrics.MeanAbsoluteError()
    mae(Y_TRUE[:2], Y_PRED[:2])
    mae.update_state(Y_TRUE[2:], Y_PRED[2:])
    np.testing.assert_allclose(mae.result().numpy(), np.mean(np.abs(Y_TRUE - Y_PRED)),
                               rtol=1e-6)
    assert mae.get_config()["name"] == "mean_absolute_error"


def test_book_style_metric_subclass():
    class HuberMetric(tf.keras.metrics.Metric):
        def __init__(self, threshold=1.0, **kwargs):
            super().__init__(**kwargs)
            self.threshold = threshold
            self.huber_fn = create_huber(threshold)
            self.total = self.add_weight("total", initializer="zeros")
            self.count = self.add_weight("count", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            metric = self.huber_fn(y_true, y_pred)
            self.total.assign_add(tf.reduce_sum(metric))
            self.count.assign_add(tf.cast(tf.size(y_true), tf.float32))

        def result(self):
            return self.total / self.count

        def get_config(self):
            base_config = super().get_config()
            return {**base_config, "threshold": self.threshold}
    m = HuberMetric(2.0)
    value = m(tf.constant([[2.0]]), tf.constant([[10.0]]))
    assert float(value) == 14.0
    m(tf.constant([[0.0]]), tf.constant([[1.0]]))
    assert float(m.result()) == pytest.approx(7.25)
    assert m.get_config()["threshold"] == 2.0
    assert m.name == "huber_metric"
    m.reset_states()
    assert [float(v.numpy()) for v in m.variables] == [0.0, 0.0]
