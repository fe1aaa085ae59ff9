"""Learning-rate schedules usable as an optimizer's `learning_rate`, as
`keras.optimizers.schedules`: called with the step (the optimizer's iterations)."""
from graphflow import dtypes
from graphflow.ops import array_ops, math_ops, unary_ops
from graphflow.ops.convert import convert_to_tensor


class LearningRateSchedule:
    """Base class: `schedule(step)` returns the learning rate for that step."""

    def __call__(self, step):
        raise NotImplementedError("Learning rate schedule must override __call__")

    def get_config(self):
        raise NotImplementedError("Learning rate schedule must override get_config")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)` (floored exponent when
    `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name=None):
        if decay_steps <= 0:
            raise ValueError("decay_steps must be positive, got %r" % (decay_steps,))
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        lr = convert_to_tensor(self.initial_learning_rate, dtype_hint=dtypes.float32)
        dtype = lr.dtype
        p = math_ops.cast(step, dtype) / math_ops.cast(self.decay_steps, dtype)
        if self.staircase:
            p = unary_ops.floor(p)
        return lr * math_ops.pow(math_ops.cast(self.decay_rate, dtype), p)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate,
                "decay_steps": self.decay_steps, "decay_rate": self.decay_rate,
                "staircase": self.staircase, "name": self.name}


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` while step <= boundaries[0], `values[i]` while step <= boundaries[i],
    `values[-1]` after the last boundary."""

    def __init__(self, boundaries, values, name=None):
        if len(boundaries) != len(values) - 1:
            raise ValueError("The length of boundaries should be 1 less than the length of "
                             "values")
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step):
        step = convert_to_tensor(step)
        values = [convert_to_tensor(v, dtype_hint=dtypes.float32) for v in self.values]
        result = values[-1]
        for boundary, value in zip(reversed(self.boundaries), reversed(values[:-1])):
            b = math_ops.cast(boundary, step.dtype)
            result = array_ops.where(math_ops.less_equal(step, b), value, result)
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


def serialize(schedule):
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config):
    """A schedule from `serialize`'s output."""
    classes = {"ExponentialDecay": ExponentialDecay,
               "PiecewiseConstantDecay": PiecewiseConstantDecay}
    if config.get("class_name") not in classes:
        raise ValueError("Unknown learning rate schedule: %r" % (config.get("class_name"),))
    return classes[config["class_name"]].from_config(config["config"])
