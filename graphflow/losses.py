"""Keras-style losses: functions returning one loss per sample, and `Loss` classes that
reduce them (`reduction`), as `keras.losses`."""
from graphflow.ops import array_ops, math_ops, reduction_ops, unary_ops
from graphflow.ops.convert import convert_to_tensor


class Reduction:
    """How a `Loss` reduces per-sample losses, as `keras.losses.Reduction`."""

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key: %s. Expected keys are \"%s\""
                             % (key, ", ".join(cls.all())))


def _prepare(y_true, y_pred):
    y_pred = convert_to_tensor(y_pred)
    y_true = math_ops.cast(convert_to_tensor(y_true), y_pred.dtype)
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """Mean over the last axis of (y_pred - y_true)^2."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return reduction_ops.reduce_mean(math_ops.squared_difference(y_pred, y_true), axis=-1)


def mean_absolute_error(y_true, y_pred):
    """Mean over the last axis of |y_pred - y_true|."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return reduction_ops.reduce_mean(unary_ops.abs(y_pred - y_true), axis=-1)


def huber(y_true, y_pred, delta=1.0):
    """Mean over the last axis of 0.5 e^2 where |e| <= delta, else delta |e| - 0.5 delta^2."""
    y_true, y_pred = _prepare(y_true, y_pred)
    delta = math_ops.cast(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = unary_ops.abs(error)
    quadratic = 0.5 * unary_ops.square(error)
    linear = delta * abs_error - 0.5 * unary_ops.square(delta)
    return reduction_ops.reduce_mean(
        array_ops.where(math_ops.less_equal(abs_error, delta), quadratic, linear), axis=-1)


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error


class Loss:
    """Base class: subclasses implement `call(y_true, y_pred)` (per-sample losses)."""

    def __init__(self, reduction=Reduction.AUTO, name=None):
        Reduction.validate(reduction)
        self.reduction = reduction
        self.name = name

    def __call__(self, y_true, y_pred, sample_weight=None):
        losses = convert_to_tensor(self.call(y_true, y_pred))
        if sample_weight is not None:
            losses = losses * math_ops.cast(convert_to_tensor(sample_weight), losses.dtype)
        if self.reduction == Reduction.NONE:
            return losses
        total = reduction_ops.reduce_sum(losses)
        if self.reduction == Reduction.SUM:
            return total
        return total / math_ops.cast(array_ops.size(losses), losses.dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError("Must be implemented in subclasses.")

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class LossFunctionWrapper(Loss):
    """A `Loss` computing `fn(y_true, y_pred, **kwargs)` per sample."""

    def __init__(self, fn, reduction=Reduction.AUTO, name=None, **kwargs):
        super().__init__(reduction=reduction, name=name)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = dict(self._fn_kwargs)
        config.update(super().get_config())
        return config


class MeanSquaredError(LossFunctionWrapper):
    def __init__(self, reduction=Reduction.AUTO, name="mean_squared_error"):
        super().__init__(mean_squared_error, reduction=reduction, name=name)


class MeanAbsoluteError(LossFunctionWrapper):
    def __init__(self, reduction=Reduction.AUTO, name="mean_absolute_error"):
        super().__init__(mean_absolute_error, reduction=reduction, name=name)


class Huber(LossFunctionWrapper):
    def __init__(self, delta=1.0, reduction=Reduction.AUTO, name="huber_loss"):
        super().__init__(huber, reduction=reduction, name=name, delta=delta)


_BY_NAME = {"mean_squared_error": mean_squared_error, "mse": mean_squared_error,
            "mean_absolute_error": mean_absolute_error, "mae": mean_absolute_error,
            "huber": huber, "huber_loss": huber}


def get(identifier):
    """A loss function from its name, or the callable itself."""
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError("Could not interpret loss function identifier: %r" % (identifier,))
