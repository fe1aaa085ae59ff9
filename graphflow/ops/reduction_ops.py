"""Reductions over axes (`reduce_*`, with `axis` and `keepdims`) and arg-reductions."""
import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register
from graphflow.ops import rules
from graphflow.ops.rules import NUMERIC, REAL, BOOL


def _axes(axis, rank):
    """Normalize `axis` (None, int or list) to a sorted tuple, or None for 'all axes'."""
    if axis is None:
        return None if rank is None else tuple(range(rank))
    if isinstance(axis, (int, np.integer)):
        axis = (int(axis),)
    if rank is None:
        return tuple(int(a) for a in axis)
    return tuple(sorted({rules.normalize_axis(int(a), rank, "reduce") for a in axis}))


def reduced_shape(shape, axis, keepdims):
    """Static shape of reducing `shape` over `axis`."""
    if shape is None:
        return None
    axes = _axes(axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce_infer(allowed, out_dtype=None):
    def infer(ins, attrs):
        x = ins[0]
        rules.check_dtype("reduce", x.dtype, allowed) if x.dtype not in allowed else None
        return [(out_dtype or x.dtype, reduced_shape(x._shape, attrs["axis"],
                                                     attrs["keepdims"]))]
    return infer


def _np_axis(x, axis):
    if axis is None:
        return None
    return tuple(a % max(x.ndim, 1) for a in axis)


def _kernel(np_fn, keep_dtype=True):
    def kernel(x, axis, keepdims):
        ax = _np_axis(x, axis)
        if keep_dtype:
            out = np_fn(x, axis=ax, keepdims=keepdims, dtype=x.dtype)
        else:
            out = np_fn(x, axis=ax, keepdims=keepdims)
        return np.asarray(out)
    return kernel


def _mean_kernel(x, axis, keepdims):
    ax = _np_axis(x, axis)
    if x.dtype.kind in "iu":
        s = np.sum(x, axis=ax, keepdims=keepdims, dtype=np.int64)
        n = x.size // max(np.size(s), 1) if x.size else 1
        return np.asarray(np.trunc(s / max(n, 1)), dtype=x.dtype) if n else np.asarray(s,
                                                                                      x.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.mean(x, axis=ax, keepdims=keepdims, dtype=x.dtype))


def _minmax_kernel(np_fn):
    def kernel(x, axis, keepdims):
        ax = _np_axis(x, axis)
        if x.size == 0:
            fill = (-np.inf if np_fn is np.max else np.inf) if x.dtype.kind == "f" else (
                np.iinfo(x.dtype).min if np_fn is np.max else np.iinfo(x.dtype).max)
            shape = np.sum(np.zeros(x.shape), axis=ax, keepdims=keepdims).shape
            return np.full(shape, fill, x.dtype)
        return np.asarray(np_fn(x, axis=ax, keepdims=keepdims))
    return kernel


_ATTRS = {"axis": None, "keepdims": False}


def _make(name, op_name, kernel, allowed, grad=None, out_dtype=None):
    op = register(op_name, ("input",), _reduce_infer(allowed, out_dtype), kernel,
                  attrs=_ATTRS, grad=grad)

    def public(input_tensor, axis=None, keepdims=False, name=None):
        x = convert_to_tensor(input_tensor)
        return apply(op, [x], {"axis": _attr_axis(axis, x), "keepdims": bool(keepdims)})
    public.__name__ = name
    public.op = op
    return public


def _attr_axis(axis, x):
    if axis is None:
        return None
    if hasattr(axis, "dtype"):
        axis = np.asarray(rules.static_value(convert_to_tensor(axis))).tolist()
        if axis is None:
            raise ValueError("reduction axis must be known at trace time")
    rank = None if x._shape is None else len(x._shape)
    return _axes(axis, rank)


def _sum_grad(op, dy):
    from graphflow.ops import array_ops
    x = op.inputs[0]
    if not op.attrs["keepdims"]:
        dy = array_ops.reshape(dy, _kept_shape(op, x))
    return [array_ops.broadcast_to(dy, array_ops.shape(x))]


def _kept_shape(op, x):
    from graphflow.ops import array_ops
    axis = op.attrs["axis"]
    if x._shape is not None and None not in x._shape:
        return list(reduced_shape(x._shape, axis, True))
    return array_ops.shape(reduce_sum(x, axis=axis, keepdims=True))


def _mean_grad(op, dy):
    from graphflow.ops import math_ops, array_ops
    x = op.inputs[0]
    g = _sum_grad(op, dy)[0]
    n = math_ops.cast(array_ops.size(x), dy.dtype)
    m = math_ops.cast(array_ops.size(op.outputs[0]), dy.dtype)
    return [math_ops.realdiv(g, math_ops.realdiv(n, m))]


def _minmax_grad(op, dy):
    from graphflow.ops import math_ops, array_ops
    x, y = op.inputs[0], op.outputs[0]
    if not op.attrs["keepdims"]:
        shape = _kept_shape(op, x)
        y, dy = array_ops.reshape(y, shape), array_ops.reshape(dy, shape)
    mask = math_ops.cast(math_ops.equal(x, y), dy.dtype)
    count = reduce_sum(mask, axis=op.attrs["axis"], keepdims=True)
    return [math_ops.multiply(mask, math_ops.realdiv(dy, count))]


def _prod_grad(op, dy):
    from graphflow.ops import math_ops, array_ops
    x, y = op.inputs[0], op.outputs[0]
    if not op.attrs["keepdims"]:
        shape = _kept_shape(op, x)
        y, dy = array_ops.reshape(y, shape), array_ops.reshape(dy, shape)
    return [math_ops.multiply(dy, math_ops.realdiv(y, x))]


reduce_sum = _make("reduce_sum", "Sum", _kernel(np.sum), NUMERIC, _sum_grad)
reduce_prod = _make("reduce_prod", "Prod", _kernel(np.prod), NUMERIC, _prod_grad)
reduce_mean = _make("reduce_mean", "Mean", _mean_kernel, NUMERIC, _mean_grad)
reduce_max = _make("reduce_max", "Max", _minmax_kernel(np.max), REAL, _minmax_grad)
reduce_min = _make("reduce_min", "Min", _minmax_kernel(np.min), REAL, _minmax_grad)
reduce_any = _make("reduce_any", "Any", _kernel(np.any, False), BOOL)
reduce_all = _make("reduce_all", "All", _kernel(np.all, False), BOOL)

del dtypes
