"""`Optimizer`: the Keras (optimizer_v2) base class, working eagerly and inside `function`.

Hyperparameters become non-trainable float32 variables and slot variables are created on
the first `apply_gradients` (inside `init_scope`, so the first apply may happen while a
`graphflow.function` is being traced); later calls, eager or compiled, reuse them.
"""
import numpy as np

from graphflow import dtypes
from graphflow.autodiff.tape import GradientTape, is_variable
from graphflow.eager.context import init_scope
from graphflow.eager.variable import Variable
from graphflow.ops import array_ops, math_ops, reduction_ops, unary_ops
from graphflow.ops.convert import convert_to_tensor
from graphflow.optimizers.schedules import LearningRateSchedule

_ALLOWED_KWARGS = {"clipnorm", "clipvalue", "global_clipnorm", "decay"}


class Optimizer:
    """Base class: subclasses define `_create_slots`, `_prepare_local` and `_apply_dense`."""

    def __init__(self, name, learning_rate, **kwargs):
        learning_rate = kwargs.pop("lr", learning_rate)     # Keras' older name
        for k in kwargs:
            if k not in _ALLOWED_KWARGS:
                raise TypeError("Unexpected keyword argument passed to optimizer: " + str(k))
            if kwargs[k] is not None and kwargs[k] < 0:
                raise ValueError("Expected {} >= 0, received: {}".format(k, kwargs[k]))
        if kwargs.get("clipnorm") is not None and kwargs.get("global_clipnorm") is not None:
            raise ValueError("Cannot accept both `clipnorm` and `global_clipnorm`, passed "
                             "`clipnorm` {}, `global_clipnorm` {}".format(
                                 kwargs["clipnorm"], kwargs["global_clipnorm"]))
        self.__dict__["_hyper"] = {}
        self._name = name
        self.clipnorm = kwargs.get("clipnorm")
        self.clipvalue = kwargs.get("clipvalue")
        self.global_clipnorm = kwargs.get("global_clipnorm")
        self._initial_decay = float(kwargs.get("decay", 0.0))
        self._set_hyper("decay", self._initial_decay)
        self._slots = {}          # id(variable) -> {slot name: slot variable}
        self._slot_names = []
        self._iterations = None
        self._hypers_created = False
        self._weights = []
        self._set_hyper("learning_rate", learning_rate)

    # --- hyperparameters ------------------------------------------------------------------------
    def _set_hyper(self, name, value):
        """Set a hyperparameter (assigning to its variable once it exists)."""
        current = self._hyper.get(name)
        if is_variable(current) and not isinstance(value, LearningRateSchedule):
            current.assign(_float(value))
        else:
            self._hyper[name] = value

    def _set_momentum(self, momentum):
        """The `momentum` hyperparameter of SGD and RMSprop: a number in [0, 1] or a callable;
        momentum slots are needed only when it is a callable or positive."""
        if isinstance(momentum, (int, float)) and not 0 <= momentum <= 1:
            raise ValueError("`momentum` must be between [0, 1].")
        self._momentum = callable(momentum) or momentum > 0
        self._set_hyper("momentum", momentum)

    def _get_hyper(self, name, dtype=None):
        """The hyperparameter as a tensor of `dtype` (a schedule is returned as is)."""
        if not self._hypers_created:
            self._create_hypers()
        value = self._hyper[name]
        if isinstance(value, LearningRateSchedule) or dtype is None:
            return value
        if callable(value):
            value = value()
        return math_ops.cast(value, dtype)

    def _create_hypers(self):
        with init_scope():
            for name, value in sorted(self._hyper.items()):
                if is_variable(value) or isinstance(value, LearningRateSchedule) or \
                        callable(value):
                    continue
                var = Variable(np.float32(_float(value)), trainable=False, name=name)
                self._hyper[name] = var
                self._weights.append(var)
        self._hypers_created = True

    def __getattr__(self, name):
        if name == "lr":
            name = "learning_rate"
        hyper = self.__dict__.get("_hyper", {})
        if name in hyper:
            return self._get_hyper(name)
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    def __setattr__(self, name, value):
        if name == "lr":
            name = "learning_rate"
        if name in self.__dict__.get("_hyper", {}):
            self._set_hyper(name, value)
        else:
            object.__setattr__(self, name, value)

    # --- state ---------------------------------------------------------------------------------
    @property
    def iterations(self):
        """Number of `apply_gradients` calls so far (an int64 variable)."""
        if self._iterations is None:
            with init_scope():
                self._iterations = Variable(np.int64(0), trainable=False, name="iter")
            self._weights.insert(0, self._iterations)
        return self._iterations

    @iterations.setter
    def iterations(self, variable):
        if self._iterations is not None:
            raise RuntimeError("Cannot set `iterations` to a new Variable after the "
                               "Optimizer weights have been created")
        self._iterations = variable
        self._weights.insert(0, variable)

    def add_slot(self, var, slot_name, initializer="zeros"):
        """Create (once) the `slot_name` slot of `var`, filled with zeros or a constant."""
        slots = self._slots.setdefault(id(var), {})
        if slot_name not in self._slot_names:
            self._slot_names.append(slot_name)
        if slot_name not in slots:
            fill = 0.0 if initializer == "zeros" else float(initializer)
            with init_scope():
                slot = Variable(np.full(var._shape, fill, var.dtype._np), trainable=False,
                                name="%s/%s" % (var.name.split(":")[0], slot_name))
            slots[slot_name] = slot
            self._weights.append(slot)
        return slots[slot_name]

    def add_weight(self, name, shape=(), dtype=dtypes.float32, initializer="zeros"):
        """A non-trainable optimizer variable (created outside any traced function)."""
        fill = 0.0 if initializer == "zeros" else (1.0 if initializer == "ones" else
                                                   float(initializer))
        with init_scope():
            var = Variable(np.full(tuple(shape), fill, dtypes.as_dtype(dtype)._np),
                           trainable=False, name=name)
        self._weights.append(var)
        return var

    def get_slot(self, var, slot_name):
        slots = self._slots.get(id(var), {})
        if slot_name not in slots:
            raise KeyError("Unknown slot %r for variable %s (slots: %s)"
                           % (slot_name, var.name, ", ".join(sorted(slots)) or "none"))
        return slots[slot_name]

    def get_slot_names(self):
        return list(self._slot_names)

    def variables(self):
        """The optimizer's variables: iterations, hyperparameters, then slots."""
        return list(self._weights)

    @property
    def weights(self):
        return self.variables()

    def _create_slots(self, var_list):
        """Subclasses create their slot variables here."""

    # --- applying ------------------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars, name=None, experimental_aggregate_gradients=True):
        """Apply one update per (gradient, variable) pair; None gradients are skipped."""
        pairs = _filter_grads(grads_and_vars)
        var_list = [v for _, v in pairs]
        self.iterations  # noqa: B018 - creates the counter on the first apply
        self._get_hyper("decay")
        self._create_slots(var_list)
        grads = self._clip([g for g, _ in pairs])
        coefficients = {}
        for g, var in zip(grads, var_list):
            dtype = var.dtype
            if dtype not in coefficients:
                coefficients[dtype] = self._prepare_local(dtype)
            self._apply_dense(math_ops.cast(convert_to_tensor(g), dtype), var,
                              coefficients[dtype])
            if getattr(var, "constraint", None) is not None:
                var.assign(var.constraint(var))  # as Keras: constraints run after updates
        return self.iterations.assign_add(np.int64(1))

    def minimize(self, loss, var_list, grad_loss=None, name=None, tape=None):
        """Compute gradients of `loss` (a callable, or a tensor with `tape`) and apply them."""
        var_list = list(var_list() if callable(var_list) else var_list)
        if callable(loss):
            with GradientTape() as tape:
                tape.watch(var_list)
                loss = loss()
        elif tape is None:
            raise ValueError("`tape` is required when a `Tensor` loss is passed.")
        grads = tape.gradient(loss, var_list, grad_loss)
        return self.apply_gradients(zip(grads, var_list))

    def _decayed_lr(self, dtype):
        """The learning rate for this step: schedule(iterations), then 1/(1 + decay*t)."""
        lr = self._get_hyper("learning_rate", dtype)
        if isinstance(lr, LearningRateSchedule):
            lr = math_ops.cast(lr(math_ops.cast(self.iterations, dtype)), dtype)
        if self._initial_decay > 0.0:
            step = math_ops.cast(self.iterations, dtype)
            lr = lr / (1.0 + self._get_hyper("decay", dtype) * step)
        return lr

    def _prepare_local(self, dtype):
        return {"lr_t": self._decayed_lr(dtype)}

    def _clip(self, grads):
        if self.clipnorm is not None:
            grads = [clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            grads = _clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue is not None:
            grads = [math_ops.clip_by_value(g, -self.clipvalue, self.clipvalue)
                     for g in grads]
        return grads

    # --- config --------------------------------------------------------------------------------
    def _serialize_hyperparameter(self, name):
        value = self._hyper[name]
        if isinstance(value, LearningRateSchedule):
            return {"class_name": type(value).__name__, "config": value.get_config()}
        if callable(value) and not is_variable(value):
            return value()
        return float(np.asarray(value)) if is_variable(value) else value

    def get_config(self):
        config = {"name": self._name}
        for key in ("clipnorm", "clipvalue", "global_clipnorm"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        config.update({"learning_rate": self._serialize_hyperparameter("learning_rate"),
                       "decay": self._initial_decay})
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        lr = config.get("learning_rate")
        if isinstance(lr, dict):
            from graphflow.optimizers import schedules
            config["learning_rate"] = schedules.deserialize(lr)
        return cls(**config)


def _float(value):
    return float(np.asarray(value))


def _filter_grads(grads_and_vars):
    pairs = list(grads_and_vars)
    for _, v in pairs:
        if not is_variable(v):
            raise ValueError("apply_gradients expects (gradient, variable) pairs; got %r "
                             "where a Variable was expected" % (v,))
    kept = [(g, v) for g, v in pairs if g is not None]
    if not kept:
        raise ValueError("No gradients provided for any variable: %s."
                         % ([v.name for _, v in pairs],))
    return kept


def clip_by_norm(t, clip_norm):
    """`t * clip_norm / max(l2norm(t), clip_norm)`, with TF's care for a zero norm."""
    t = convert_to_tensor(t)
    l2sum = reduction_ops.reduce_sum(t * t)
    positive = math_ops.greater(l2sum, 0)
    safe = array_ops.where(positive, l2sum, array_ops.ones_like(l2sum))
    l2norm = array_ops.where(positive, unary_ops.sqrt(safe), l2sum)
    clip = math_ops.cast(clip_norm, t.dtype)
    return t * clip / math_ops.maximum(l2norm, clip)


def _clip_by_global_norm(grads, clip_norm):
    sq = [reduction_ops.reduce_sum(g * g) for g in grads]
    total = sq[0]
    for s in sq[1:]:
        total = total + math_ops.cast(s, total.dtype)
    global_norm = unary_ops.sqrt(total)
    scale = clip_norm * math_ops.minimum(1.0 / global_norm, 1.0 / clip_norm)
    return [g * math_ops.cast(scale, g.dtype) for g in grads]
