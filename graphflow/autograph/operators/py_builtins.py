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


OVERRIDES = {builtins.print: print_, builtins.range: range_, builtins.len: len_}
