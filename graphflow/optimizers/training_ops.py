"""Fused optimizer updates (TF's training ops): one stateful op per variable and step that
reads the variable and its slots and writes them back, so a compiled train step has a
node per variable instead of a dozen. Inputs: the variable and slot handles, then the
per-step scalars (already cast to the variable's dtype), then the gradient."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.registry import register, DTypeError, ShapeError


def _check_grad(name, n_handles):
    def infer(ins, attrs):
        grad = ins[-1]
        if grad.dtype is not attrs["dtype"]:
            raise DTypeError("%s: gradient of dtype %s for a variable of dtype %s"
                             % (name, grad.dtype.name, attrs["dtype"].name))
        shape, gs = attrs["shape"], grad._shape
        if shape is not None and gs is not None and (len(gs) != len(shape) or any(
                a is not None and b is not None and a != b for a, b in zip(gs, shape))):
            raise ShapeError("%s: gradient of shape %s for a variable of shape %s"
                             % (name, list(gs), list(shape)))
        for t in ins[n_handles:-1]:
            if t.dtype is not attrs["dtype"] or t._shape not in ((), None):
                raise DTypeError("%s: hyperparameters must be %s scalars, got %s %s"
                                 % (name, attrs["dtype"].name, t.dtype.name, t.shape))
        return []
    return infer


def _register(name, handles, scalars, kernel, **attrs):
    inputs = tuple(handles) + tuple(scalars) + ("grad",)
    return register(name, inputs, _check_grad(name, len(handles)), kernel,
                    attrs=dict({"dtype": None, "shape": None}, **attrs), writes_resource=True)


def _set(var, value):
    var._store(np.asarray(value, var._value.dtype))


def _sgd(var, lr, grad, dtype, shape):
    _set(var, var._value - lr * grad)
    return ()


def _momentum(var, accum, lr, momentum, grad, dtype, shape, use_nesterov):
    a = accum._value * momentum - lr * grad
    _set(accum, a)
    _set(var, var._value + (a * momentum - lr * grad if use_nesterov else a))
    return ()


def _adagrad(var, accum, lr, grad, dtype, shape, epsilon):
    a = accum._value + grad * grad
    _set(accum, a)
    _set(var, var._value - lr * grad / (np.sqrt(a) + epsilon))
    return ()


def _adam_moments(m, v, beta_1, beta_2, grad):
    m_t = beta_1 * m._value + (1 - beta_1) * grad
    v_t = beta_2 * v._value + (1 - beta_2) * grad * grad
    _set(m, m_t)
    _set(v, v_t)
    return m_t, v_t


def _adam(var, m, v, lr, beta_1, beta_2, grad, dtype, shape, epsilon):
    m_t, v_t = _adam_moments(m, v, beta_1, beta_2, grad)
    _set(var, var._value - lr * m_t / (np.sqrt(v_t) + epsilon))
    return ()


def _adam_amsgrad(var, m, v, vhat, lr, beta_1, beta_2, grad, dtype, shape, epsilon):
    m_t, v_t = _adam_moments(m, v, beta_1, beta_2, grad)
    vhat_t = np.maximum(vhat._value, v_t)
    _set(vhat, vhat_t)
    _set(var, var._value - lr * m_t / (np.sqrt(vhat_t) + epsilon))
    return ()


def _nadam(var, m, v, lr, beta_1, beta_2, mu_t, mu_next, m_schedule_new, m_schedule_next,
           v_denominator, grad, dtype, shape, epsilon):
    m_t, v_t = _adam_moments(m, v, beta_1, beta_2, grad)
    g_prime = grad / (1 - m_schedule_new)
    m_bar = (1 - mu_t) * g_prime + mu_next * (m_t / (1 - m_schedule_next))
    _set(var, var._value - lr * m_bar / (np.sqrt(v_t / v_denominator) + epsilon))
    return ()


def _rms_update(rms, mg, rho, grad):
    """Update the mean square (and mean gradient when centered); returns the denominator
    term ms (or ms - mg^2)."""
    ms = rho * rms._value + (1 - rho) * grad * grad
    _set(rms, ms)
    if mg is None:
        return ms
    mg_t = rho * mg._value + (1 - rho) * grad
    _set(mg, mg_t)
    return ms - mg_t * mg_t


def _rmsprop(var, rms, lr, rho, grad, dtype, shape, epsilon, mg=None):
    denom = _rms_update(rms, mg, rho, grad)
    _set(var, var._value - lr * grad / (np.sqrt(denom) + epsilon))
    return ()


def _centered_rmsprop(var, rms, mg, lr, rho, grad, dtype, shape, epsilon):
    return _rmsprop(var, rms, lr, rho, grad, dtype, shape, epsilon, mg)


def _rmsprop_momentum(var, rms, mom, lr, rho, momentum, grad, dtype, shape, epsilon, mg=None):
    denom = _rms_update(rms, mg, rho, grad)
    mom_t = momentum * mom._value + lr * grad / np.sqrt(denom + epsilon)
    _set(mom, mom_t)
    _set(var, var._value - mom_t)
    return ()


def _centered_rmsprop_momentum(var, rms, mg, mom, lr, rho, momentum, grad, dtype, shape,
                               epsilon):
    return _rmsprop_momentum(var, rms, mom, lr, rho, momentum, grad, dtype, shape, epsilon,
                             mg)


GRADIENT_DESCENT = _register("ResourceApplyGradientDescent", ("var",), ("alpha",), _sgd)
KERAS_MOMENTUM = _register("ResourceApplyKerasMomentum", ("var", "accum"), ("lr", "momentum"),
                           _momentum, use_nesterov=False)
ADAGRAD = _register("ResourceApplyAdagradV2", ("var", "accum"), ("lr",), _adagrad,
                    epsilon=1e-7)
ADAM = _register("ResourceApplyAdam", ("var", "m", "v"), ("lr", "beta_1", "beta_2"), _adam,
                 epsilon=1e-7)
ADAM_AMSGRAD = _register("ResourceApplyAdamWithAmsgrad", ("var", "m", "v", "vhat"),
                         ("lr", "beta_1", "beta_2"), _adam_amsgrad, epsilon=1e-7)
KERAS_RMSPROP = _register("ResourceApplyKerasRMSprop", ("var", "rms"), ("lr", "rho"),
                          _rmsprop, epsilon=1e-7)
KERAS_CENTERED_RMSPROP = _register("ResourceApplyKerasCenteredRMSprop", ("var", "rms", "mg"),
                                   ("lr", "rho"), _centered_rmsprop, epsilon=1e-7)
RMSPROP = _register("ResourceApplyRMSProp", ("var", "ms", "mom"), ("lr", "rho", "momentum"),
                    _rmsprop_momentum, epsilon=1e-7)
CENTERED_RMSPROP = _register("ResourceApplyCenteredRMSProp", ("var", "ms", "mg", "mom"),
                             ("lr", "rho", "momentum"), _centered_rmsprop_momentum,
                             epsilon=1e-7)
NADAM = _register("ResourceApplyKerasNadam", ("var", "m", "v"),
                  ("lr", "beta_1", "beta_2", "mu_t", "mu_next", "m_schedule_new",
                   "m_schedule_next", "v_denominator"), _nadam, epsilon=1e-7)


def apply_update(op, var, slots, scalars, grad, **attrs):
    """Run fused update `op` on variable `var` (its slots and per-step scalars given)."""
    handles = [var.handle] + [s.handle for s in slots]
    apply(op, handles + list(scalars) + [grad],
          dict({"dtype": var.dtype, "shape": var._shape}, **attrs))
