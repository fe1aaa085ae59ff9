"""Adagrad, as `keras.optimizers.Adagrad`: per-coordinate steps shrink with the sum of
squared gradients."""
from graphflow.optimizers.optimizer import Optimizer
from graphflow.optimizers.training_ops import ADAGRAD, apply_update


class Adagrad(Optimizer):
    """`acc <- acc + g^2; w <- w - lr * g / (sqrt(acc) + epsilon)`."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 name="Adagrad", **kwargs):
        if initial_accumulator_value < 0.0:
            raise ValueError("initial_accumulator_value must be non-negative: %s"
                             % initial_accumulator_value)
        super().__init__(name, learning_rate, **kwargs)
        self._initial_accumulator_value = initial_accumulator_value
        self.epsilon = 1e-7 if epsilon is None else epsilon

    def _create_slots(self, var_list):
        for var in var_list:
            self.add_slot(var, "accumulator", self._initial_accumulator_value)

    def _apply_dense(self, grad, var, c):
        apply_update(ADAGRAD, var, [self.get_slot(var, "accumulator")], [c["lr_t"]], grad,
                     epsilon=float(self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"initial_accumulator_value": self._initial_accumulator_value,
                       "epsilon": self.epsilon})
        return config
