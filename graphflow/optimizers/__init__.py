"""Keras-style optimizers (`graphflow.optimizers`, also `graphflow.keras.optimizers`)."""
from graphflow.optimizers import schedules  # noqa: F401
from graphflow.optimizers.optimizer import Optimizer  # noqa: F401
from graphflow.optimizers.sgd import SGD
from graphflow.optimizers.adagrad import Adagrad
from graphflow.optimizers.rmsprop import RMSprop
from graphflow.optimizers.adam import Adam
from graphflow.optimizers.nadam import Nadam

_BY_NAME = {"sgd": SGD, "adagrad": Adagrad, "rmsprop": RMSprop, "adam": Adam, "nadam": Nadam}


def get(identifier):
    """An optimizer from a name ("nadam"), a config dict, or an optimizer (returned as is)."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    if isinstance(identifier, dict) and identifier.get("class_name", "").lower() in _BY_NAME:
        return _BY_NAME[identifier["class_name"].lower()].from_config(
            identifier.get("config", {}))
    raise ValueError("Could not interpret optimizer identifier: %r" % (identifier,))


def serialize(optimizer):
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}
