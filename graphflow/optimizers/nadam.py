"""Nadam (Adam with Nesterov momentum), as `keras.optimizers.Nadam`."""

from graphflow.ops import math_ops
from graphflow.optimizers.optimizer import Optimizer
from graphflow.optimizers.training_ops import NADAM, apply_update
from graphflow.optimizers.schedules import LearningRateSchedule
from graphflow.optimizers.step_coefficients import nadam_schedule

_SCHEDULE_DECAY = 0.004


class Nadam(Optimizer):
    """Keras' Nadam: a momentum schedule `mu_t = b1 (1 - 0.5 * 0.96^(0.004 t))` whose running
    product (the `momentum_cache` weight) corrects the bias of the first moment."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 name="Nadam", **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)
        if isinstance(learning_rate, LearningRateSchedule):
            raise ValueError("The Nadam optimizer does not support "
                             "graphflow.optimizers.schedules.LearningRateSchedules as the "
                             "learning rate.")
        kwargs["decay"] = kwargs.pop("schedule_decay", _SCHEDULE_DECAY)
        super().__init__(name, learning_rate, **kwargs)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = 1e-7 if epsilon is None else epsilon
        self._m_cache = None

    def _create_slots(self, var_list):
        if self._m_cache is None:
            self._m_cache = self.add_weight("momentum_cache", initializer="ones")
        for name in ("m", "v"):
            for var in var_list:
                self.add_slot(var, name)

    def _prepare_local(self, dtype):
        lr = self._get_hyper("learning_rate", dtype)
        b1, b2 = self._get_hyper("beta_1", dtype), self._get_hyper("beta_2", dtype)
        m_cache = math_ops.cast(self._m_cache, dtype)
        mu_t, mu_next, m_schedule_new, m_schedule_next, v_denominator = nadam_schedule(
            b1, b2, m_cache, self.iterations.value(), self._initial_decay)
        if dtype is self._m_cache.dtype:
            self._m_cache.assign(m_schedule_new)
        return [lr, b1, b2, mu_t, mu_next, m_schedule_new, m_schedule_next, v_denominator]

    def _apply_dense(self, grad, var, scalars):
        """g' = g / (1 - m_schedule_new); m' = m_t / (1 - m_schedule_next);
        v' = v_t / (1 - b2^t); w <- w - lr ((1 - mu_t) g' + mu_next m') / (sqrt(v') + eps)."""
        apply_update(NADAM, var, [self.get_slot(var, "m"), self.get_slot(var, "v")],
                     scalars, grad, epsilon=float(self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self._serialize_hyperparameter("beta_1"),
                       "beta_2": self._serialize_hyperparameter("beta_2"),
                       "epsilon": self.epsilon})
        return config
