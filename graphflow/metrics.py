"""Keras-style streaming metrics (`Mean` and mean-of-a-function metrics), as
`keras.metrics`: state in non-trainable variables, so they also update inside `function`."""
import re

import numpy as np

from graphflow import dtypes
from graphflow.eager.variable import Variable
from graphflow.ops import array_ops, math_ops, reduction_ops
from graphflow.ops.convert import convert_to_tensor
from graphflow import losses as _losses


class Metric:
    """Base class: subclasses create weights with `add_weight` and implement `update_state`
    and `result`."""

    def __init__(self, name=None, dtype=None, **kwargs):
        self.name = name or re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()
        self.dtype = dtypes.as_dtype(dtype or dtypes.float32)
        self._variables = []

    def add_weight(self, name, shape=(), dtype=None, initializer=None, **kwargs):
        dtype = dtypes.as_dtype(dtype or self.dtype)
        fill = 0 if initializer in (None, "zeros") else (1 if initializer == "ones" else
                                                         initializer)
        var = Variable(np.full(tuple(shape), fill, dtype._np), trainable=False, name=name)
        self._variables.append(var)
        return var

    @property
    def variables(self):
        return list(self._variables)

    weights = variables

    def __call__(self, *args, **kwargs):
        """Update the state with this batch, then return the current result."""
        self.update_state(*args, **kwargs)
        return self.result()

    def reset_state(self):
        """Set every state variable back to zero (start of an epoch)."""
        for var in self._variables:
            var.assign(np.zeros(var._shape, var.dtype._np))

    reset_states = reset_state

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Mean(Metric):
    """The (weighted) mean of all values seen since the last reset."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_weight("total")
        self.count = self.add_weight("count")

    def update_state(self, values, sample_weight=None):
        values = math_ops.cast(convert_to_tensor(values), self.dtype)
        if sample_weight is None:
            n = math_ops.cast(array_ops.size(values), self.dtype)
        else:
            weights = math_ops.cast(convert_to_tensor(sample_weight), self.dtype)
            weights = array_ops.broadcast_to(weights, array_ops.shape(values))
            values = values * weights
            n = reduction_ops.reduce_sum(weights)
        self.total.assign_add(reduction_ops.reduce_sum(values))
        self.count.assign_add(n)

    def result(self):
        count = self.count.value()
        zero = math_ops.equal(count, 0.0)
        safe = array_ops.where(zero, array_ops.ones_like(count), count)
        return array_ops.where(zero, array_ops.zeros_like(count), self.total.value() / safe)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples seen."""

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        return super().update_state(self._fn(y_true, y_pred, **self._fn_kwargs),
                                    sample_weight)

    def get_config(self):
        config = dict(self._fn_kwargs)
        config.update(super().get_config())
        return config


class MeanAbsoluteError(MeanMetricWrapper):
    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(_losses.mean_absolute_error, name, dtype=dtype)


class MeanSquaredError(MeanMetricWrapper):
    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(_losses.mean_squared_error, name, dtype=dtype)


mean_squared_error = mse = MSE = _losses.mean_squared_error
mean_absolute_error = mae = MAE = _losses.mean_absolute_error
