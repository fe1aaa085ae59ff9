"""Gradient descent with optional (Nesterov) momentum, as `keras.optimizers.SGD`."""
from graphflow.optimizers.optimizer import Optimizer
from graphflow.optimizers.training_ops import GRADIENT_DESCENT, KERAS_MOMENTUM, apply_update


class SGD(Optimizer):
    """`m <- momentum * m - lr * g; w <- w + m` (Nesterov: `w <- w + momentum * m - lr * g`);
    plain `w <- w - lr * g` when momentum is 0."""

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="SGD",
                 **kwargs):
        super().__init__(name, learning_rate, **kwargs)
        self._set_momentum(momentum)
        self.nesterov = nesterov

    def _create_slots(self, var_list):
        if self._momentum:
            for var in var_list:
                self.add_slot(var, "momentum")

    def _prepare_local(self, dtype):
        coefficients = super()._prepare_local(dtype)
        coefficients["momentum"] = self._get_hyper("momentum", dtype)
        return coefficients

    def _apply_dense(self, grad, var, c):
        if not self._momentum:
            apply_update(GRADIENT_DESCENT, var, [], [c["lr_t"]], grad)
            return
        apply_update(KERAS_MOMENTUM, var, [self.get_slot(var, "momentum")],
                     [c["lr_t"], c["momentum"]], grad, use_nesterov=bool(self.nesterov))

    def get_config(self):
        config = super().get_config()
        config.update({"momentum": self._serialize_hyperparameter("momentum"),
                       "nesterov": self.nesterov})
        return config
