"""Sum a broadcast gradient back to an input's shape (shared by every binary op's grad)."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.registry import register


def _sum_to(g, x):
    """Reduce array `g` to `x`'s shape by summing the broadcast axes."""
    shape = np.shape(x)
    if np.shape(g) == shape:
        return g
    lead = np.ndim(g) - len(shape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, d in enumerate(shape) if d == 1 and np.shape(g)[i + lead] != 1)
    out = np.sum(g, axis=axes, keepdims=True, dtype=np.asarray(g).dtype)
    return out.reshape(shape)


def _infer(ins, attrs):
    return [(ins[0].dtype, ins[1]._shape)]


def _grad(op, dy):
    from graphflow.ops import array_ops
    return [array_ops.broadcast_to(dy, array_ops.shape(op.inputs[0])), None]


SUM_TO = register("SumToShapeOf", ("grad", "like"), _infer, _sum_to, grad=_grad,
                  cost="light")


def unbroadcast(g, x):
    """`g` summed down to the shape of tensor `x` (no-op when the shapes already match)."""
    if g is None:
        return None
    gs, xs = g._shape, x._shape
    if gs == xs and gs is not None and None not in gs:
        return g
    return apply(SUM_TO, [g, x])
