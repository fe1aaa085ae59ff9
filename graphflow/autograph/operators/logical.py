"""Lazy `and`, `or`, `not`: Python semantics on Python values, logical ops on tensors."""
from graphflow.autograph.operators.tensors import is_symbolic


def and_(a, b):
    """`a() and b()`; a symbolic `a` makes `cond(a, b, False)`-like logical_and."""
    left = a()
    if is_symbolic(left):
        return _tensor_lazy(left, b, is_and=True)
    return left and b()


def or_(a, b):
    left = a()
    if is_symbolic(left):
        return _tensor_lazy(left, b, is_and=False)
    return left or b()


def _tensor_lazy(left, b, is_and):
    """Evaluate `b` only when it can change the result: as a Cond when `b` builds ops."""
    from graphflow.ops import control_flow_ops, math_ops
    from graphflow.ops.convert import convert_to_tensor
    from graphflow import dtypes
    left = convert_to_tensor(left)
    if left.dtype is not dtypes.bool:
        left = math_ops.cast(left, dtypes.bool)

    def right():
        r = convert_to_tensor(b())
        return r if r.dtype is dtypes.bool else math_ops.cast(r, dtypes.bool)
    if is_and:
        return control_flow_ops.cond(left, right, lambda: convert_to_tensor(False))
    return control_flow_ops.cond(left, lambda: convert_to_tensor(True), right)


def not_(a):
    if is_symbolic(a):
        from graphflow.ops import math_ops
        return math_ops.logical_not(a)
    return not a
