"""Adam, as `keras.optimizers.Adam` (bias correction folded into the step size)."""
from graphflow.optimizers.optimizer import Optimizer
from graphflow.optimizers.step_coefficients import adam_learning_rate
from graphflow.optimizers.training_ops import ADAM, ADAM_AMSGRAD, apply_update


class Adam(Optimizer):
    """`m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2;
    w <- w - lr sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + epsilon)` (t = iterations + 1);
    with amsgrad, `v` is replaced by its running maximum."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="Adam", **kwargs):
        super().__init__(name, learning_rate, **kwargs)
        self._set_hyper("beta_1", beta_1)
        self._set_hyper("beta_2", beta_2)
        self.epsilon = 1e-7 if epsilon is None else epsilon
        self.amsgrad = amsgrad

    def _create_slots(self, var_list):
        for name in ("m", "v") + (("vhat",) if self.amsgrad else ()):
            for var in var_list:
                self.add_slot(var, name)

    def _prepare_local(self, dtype):
        c = super()._prepare_local(dtype)
        b1, b2 = self._get_hyper("beta_1", dtype), self._get_hyper("beta_2", dtype)
        c.update(beta_1_t=b1, beta_2_t=b2,
                 lr=adam_learning_rate(c["lr_t"], b1, b2, self.iterations.value()))
        return c

    def _apply_dense(self, grad, var, c):
        slots = [self.get_slot(var, name) for name in ("m", "v") +
                 (("vhat",) if self.amsgrad else ())]
        apply_update(ADAM_AMSGRAD if self.amsgrad else ADAM, var, slots,
                     [c["lr"], c["beta_1_t"], c["beta_2_t"]], grad,
                     epsilon=float(self.epsilon))

    def get_config(self):
        config = super().get_config()
        config.update({"beta_1": self._serialize_hyperparameter("beta_1"),
                       "beta_2": self._serialize_hyperparameter("beta_2"),
                       "epsilon": self.epsilon, "amsgrad": self.amsgrad})
        return config
