"""Python operators for tensors and variables, all routed to the registered ops."""
from graphflow.ops import math_ops as m
from graphflow.ops import slicing


def _lazy(module, name):
    """Look the op up at call time, so ops defined in later modules are found."""
    def call(*args):
        import importlib
        return getattr(importlib.import_module("graphflow.ops." + module), name)(*args)
    return call


def _abs(x):
    return _lazy("unary_ops", "abs")(x)


def _matmul(x, y):
    return _lazy("linalg_ops", "matmul")(x, y)


def _and(x, y):
    x, y = m.binary_args(x, y)
    return m.logical_and(x, y) if x.dtype.is_bool else m.bitwise_and(x, y)


def _or(x, y):
    x, y = m.binary_args(x, y)
    return m.logical_or(x, y) if x.dtype.is_bool else m.bitwise_or(x, y)


def _xor(x, y):
    x, y = m.binary_args(x, y)
    return m.logical_xor(x, y) if x.dtype.is_bool else m.bitwise_xor(x, y)


def _invert(x):
    from graphflow.ops import unary_ops
    return unary_ops.logical_not(x) if x.dtype.is_bool else unary_ops.invert(x)


def _eq(x, y):
    if y is None or not _comparable(y):
        return False
    try:
        return m.equal(x, y)
    except ValueError:
        return False


def _ne(x, y):
    if y is None or not _comparable(y):
        return True
    try:
        return m.not_equal(x, y)
    except ValueError:
        return True


def _comparable(y):
    import numbers
    import numpy as np
    from graphflow.ops.convert import is_tensor_like
    return is_tensor_like(y) or isinstance(y, (numbers.Number, np.ndarray, np.generic,
                                               list, tuple, str, bytes))


def _swap(fn):
    return lambda x, y: fn(y, x)


OPERATORS = {
    "__add__": m.add, "__radd__": _swap(m.add),
    "__sub__": m.subtract, "__rsub__": _swap(m.subtract),
    "__mul__": m.multiply, "__rmul__": _swap(m.multiply),
    "__truediv__": m.truediv, "__rtruediv__": _swap(m.truediv),
    "__floordiv__": m.floordiv, "__rfloordiv__": _swap(m.floordiv),
    "__mod__": m.floormod, "__rmod__": _swap(m.floormod),
    "__pow__": m.pow, "__rpow__": _swap(m.pow),
    "__matmul__": _matmul, "__rmatmul__": _swap(_matmul),
    "__lt__": m.less, "__le__": m.less_equal, "__gt__": m.greater, "__ge__": m.greater_equal,
    "__eq__": _eq, "__ne__": _ne,
    "__and__": _and, "__rand__": _swap(_and), "__or__": _or, "__ror__": _swap(_or),
    "__xor__": _xor, "__rxor__": _swap(_xor),
    "__neg__": m.negative, "__pos__": lambda x: x, "__abs__": _abs, "__invert__": _invert,
    "__getitem__": slicing.getitem,
}


def install(cls):
    """Give `cls` every tensor operator (used for Tensor and Variable)."""
    for name, fn in OPERATORS.items():
        if name not in cls.__dict__:
            setattr(cls, name, fn)
