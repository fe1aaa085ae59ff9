"""RMSprop, as `keras.optimizers.RMSprop` (optionally centered, with momentum)."""
from graphflow.optimizers.optimizer import Optimizer
from graphflow.optimizers.training_ops import (CENTERED_RMSPROP, KERAS_CENTERED_RMSPROP,
                                               KERAS_RMSPROP, RMSPROP, apply_update)


class RMSprop(Optimizer):
    """`s <- rho * s + (1 - rho) * g^2; w <- w - lr * g / (sqrt(s) + epsilon)`.

    Centered, the denominator uses `s - mg^2` (mg: mean gradient). With momentum, as TF's
    fused kernel: `mom <- momentum * mom + lr * g / sqrt(s + epsilon); w <- w - mom`."""

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, name="RMSprop", **kwargs):
        super().__init__(name, learning_rate, **kwargs)
        self._set_hyper("rho", rho)
        self._set_momentum(momentum)
        self.epsilon = 1e-7 if epsilon is None else epsilon
        self.centered = centered

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "rms")
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")
        if self.centered:
            for var in var_list:
                self.add_slot(var, "mg")

    def _prepare_local(self, dtype):
        c = super()._prepare_local(dtype)
        c["rho"] = self._get_hyper("rho", dtype)
        c["momentum"] = self._get_hyper("momentum", dtype)
        return c

    def _apply_dense(self, grad, var, c):
        slots = [self.get_slot(var, "rms")] + ([self.get_slot(var, "mg")] if self.centered
                                               else [])
        scalars = [c["lr_t"], c["rho"]]
        if self._momentum:
            op = CENTERED_RMSPROP if self.centered else RMSPROP
            slots.append(self.get_slot(var, "momentum"))
            scalars.append(c["momentum"])
        else:
            op = KERAS_CENTERED_RMSPROP if self.centered else KERAS_RMSPROP
        apply_update(op, var, slots, scalars, grad, epsilon=float(self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self._serialize_hyperparameter("rho"),
                       "momentum": self._serialize_hyperparameter("momentum"),
                       "epsilon": self.epsilon, "centered": self.centered})
        return config
