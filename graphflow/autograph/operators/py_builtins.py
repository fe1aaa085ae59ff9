"""Builtins that must also work on tensors: print, range, len."""
import builtins

from graphflow.autograph.operators.tensors import is_symbolic


def range_(*args):
    """Python's range, or graphflow.range when a bound is a tensor (a While loop when
    iterated)."""
    if any(is_symbolic(a) for a in args):
        from graphflow.ops.creation_ops import range as tensor_range
        return tensor_range(*args)
    return builtins.range(*args)


def len_(value):
    if hasattr(value, "handle") and hasattr(value, "size"):
        return value.size()
    if is_symbolic(value):
        shape = value._shape
        if shape is not None and shape and shape[0] is not None:
            return shape[0]
        from graphflow.ops import array_ops
        return array_ops.shape(value)[0]
    return builtins.len(value)


def print_(*args, **kwargs):
    """Python's print, or graphflow.print (runs on every call of the graph) for tensors."""
    if any(is_symbolic(a) for a in args):
        from graphflow.ops import debug_ops
        return debug_ops.print(*args, **kwargs)
    return builtins.print(*args, **kwargs)


class TensorIteration:
    """`enumerate` or `zip` over tensors: a tensor `for` loop indexes them together."""

    def __init__(self, tensors, index_start=None):
        self.tensors = tensors
        self.index_start = index_start

    def element(self, i, parts):
        if self.index_start is None:
            return tuple(parts)
        from graphflow.ops import math_ops
        return (math_ops.add(i, self.index_start), parts[0])


def _as_tensor(value):
    return value.stack() if hasattr(value, "handle") and hasattr(value, "stack") else value


def enumerate_(iterable, start=0):
    if is_symbolic(iterable):
        return TensorIteration([_as_tensor(iterable)], start)
    return builtins.enumerate(iterable, start)


def zip_(*iterables):
    if any(is_symbolic(v) for v in iterables):
        from graphflow.ops.convert import convert_to_tensor
        return TensorIteration([convert_to_tensor(_as_tensor(v)) for v in iterables])
    return builtins.zip(*iterables)


OVERRIDES = {builtins.print: print_, builtins.range: range_, builtins.len: len_,
             builtins.enumerate: enumerate_, builtins.zip: zip_}
