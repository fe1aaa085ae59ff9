"""Reductions over axes (`reduce_*`, with `axis` and `keepdims`) and arg-reductions.

The `axis` attr is a tuple of ints as the user gave them (maybe negative) or None
for all axes; rules check the range so a bad axis is InvalidArgumentError eagerly
and ValueError while tracing, as in TF.
"""
import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError, DTypeError
from graphflow.ops.registry import get as get_op
from graphflow.ops import rules
from graphflow.ops.rules import NUMERIC, REAL, BOOL


def _axes(axis, rank, opname="reduce"):
    """Normalize the axis attr to a sorted tuple for a known `rank`."""
    if axis is None:
        return tuple(range(rank))
    out = set()
    for a in axis:
        if not -rank <= a < max(rank, 1):
            raise ShapeError("Invalid reduction dimension (%d for input with %d dimension(s)"
                             % (a, rank))
        out.add(a % max(rank, 1))
    return tuple(sorted(a for a in out if a < rank))


def reduced_shape(shape, axis, keepdims):
    """Static shape of reducing `shape` over `axis` (None when the rank is unknown)."""
    if shape is None:
        return None
    if axis is None:
        return (1,) * len(shape) if keepdims else ()
    axes = _axes(axis, len(shape))
    if keepdims:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


def _reduce_infer(name, allowed, out_dtype=None):
    def infer(ins, attrs):
        x = ins[0]
        if x.dtype not in allowed:
            rules.check_dtype(name, x.dtype, allowed)
        return [(out_dtype or x.dtype, reduced_shape(x._shape, attrs["axis"],
                                                     attrs["keepdims"]))]
    return infer


def _np_axis(x, axis):
    return None if axis is None else _axes(axis, x.ndim)


_HALF = np.dtype(np.float16)


def _half_in_float32(np_fn, x, **kwargs):
    """Half-precision sums accumulate in float32, as TF's CPU kernels do."""
    return np.asarray(np_fn(x, dtype=np.float32, **kwargs), dtype=np.float16)


def _kernel(np_fn, keep_dtype=True):
    def kernel(x, axis, keepdims):
        ax = _np_axis(x, axis)
        if not keep_dtype:
            return np.asarray(np_fn(x, axis=ax, keepdims=keepdims))
        if x.dtype is _HALF:
            return _half_in_float32(np_fn, x, axis=ax, keepdims=keepdims)
        return np.asarray(np_fn(x, axis=ax, keepdims=keepdims, dtype=x.dtype))
    return kernel


def _mean_kernel(x, axis, keepdims):
    ax = _np_axis(x, axis)
    if x.dtype.kind in "iu":
        total = np.sum(x, axis=ax, keepdims=keepdims, dtype=np.int64)
        count = x.size // max(np.size(total), 1)
        if count == 0:
            return np.zeros(np.shape(total), x.dtype)
        # TF divides integers with C semantics: truncate toward zero.
        return (np.sign(total) * (np.abs(total) // count)).astype(x.dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        if x.dtype is _HALF:
            return _half_in_float32(np.mean, x, axis=ax, keepdims=keepdims)
        return np.asarray(np.mean(x, axis=ax, keepdims=keepdims, dtype=x.dtype))


def _minmax_kernel(np_fn, identity_sign):
    def kernel(x, axis, keepdims):
        ax = _np_axis(x, axis)
        if x.size == 0:
            info = np.finfo(x.dtype) if x.dtype.kind == "f" else np.iinfo(x.dtype)
            fill = -identity_sign * np.inf if x.dtype.kind == "f" else (
                info.min if identity_sign > 0 else info.max)
            shape = np.sum(np.zeros(x.shape), axis=ax, keepdims=keepdims).shape
            return np.full(shape, fill, x.dtype)
        return np.asarray(np_fn(x, axis=ax, keepdims=keepdims))
    return kernel


_ATTRS = {"axis": None, "keepdims": False}


def axis_attr(axis):
    """The `axis` argument (None, int, list or constant tensor) as a tuple of ints."""
    if axis is None:
        return None
    if hasattr(axis, "dtype") or hasattr(axis, "_as_graph_tensor"):
        value = rules.static_value(convert_to_tensor(axis))
        if value is None:
            raise ValueError("this op needs its axis as a constant; got the computed "
                             "tensor %r" % (axis,))
        axis = np.asarray(value).tolist()
    if isinstance(axis, (int, np.integer)):
        return (int(axis),)
    try:
        return tuple(int(a) for a in axis)
    except TypeError:
        raise TypeError("axis must be an int, a list of ints or an int tensor, got %r"
                        % (axis,)) from None


def single_axis(axis, what="axis"):
    """An int axis given as an int or a constant scalar/one-element tensor."""
    axes = axis_attr(axis)
    if axes is None or len(axes) != 1:
        raise ValueError("%s must be a single int, got %r" % (what, axis))
    return axes[0]


def _computed(axis):
    """A tensor axis whose value is only known when the graph runs."""
    if not (hasattr(axis, "dtype") or hasattr(axis, "_as_graph_tensor")):
        return None
    axis = convert_to_tensor(axis)
    return None if rules.static_value(axis) is not None else axis


def _make(name, op_name, kernel, allowed, grad=None, out_dtype=None):
    op = register(op_name, ("input",), _reduce_infer(op_name, allowed, out_dtype), kernel,
                  attrs=_ATTRS, grad=grad)

    def public(input_tensor, axis=None, keepdims=False, name=None):
        x = convert_to_tensor(input_tensor)
        if axis is None:
            return apply(op, [x], {"axis": None, "keepdims": bool(keepdims)})
        computed = _computed(axis)
        if computed is not None:
            return apply(_BY_TENSOR_AXIS, [x, computed],
                         {"reduction": op_name, "keepdims": bool(keepdims)})
        return apply(op, [x], {"axis": axis_attr(axis), "keepdims": bool(keepdims)})
    public.__name__ = name
    public.__doc__ = "Reduce by %s over `axis` (all axes when None)." % op_name
    public.op = op
    return public


def _kept_shape(op, x):
    """The output's shape with the reduced axes kept as 1 (static list or shape tensor)."""
    from graphflow.ops import array_ops
    axis = op.attrs["axis"]
    if rules.known(x._shape) and not hasattr(axis, "dtype"):
        return list(reduced_shape(x._shape, axis, True))
    return array_ops.shape(reduce_sum(x, axis=axis, keepdims=True))


def _keep_dims(op, *tensors):
    """Reshape reduction results to keepdims form so they broadcast against the input."""
    from graphflow.ops import array_ops
    if op.attrs["keepdims"]:
        return tensors
    shape = _kept_shape(op, op.inputs[0])
    return tuple(array_ops.reshape(t, shape) for t in tensors)


def _shape_of(x):
    """x's shape as a static list when known (no Shape node), else a shape tensor."""
    from graphflow.ops import array_ops
    return list(x._shape) if rules.known(x._shape) else array_ops.shape(x)


def _sum_grad(op, dy):
    from graphflow.ops import array_ops
    (dy,) = _keep_dims(op, dy)
    return [array_ops.broadcast_to(dy, _shape_of(op.inputs[0]))]


def _mean_grad(op, dy):
    """The sum's gradient divided by how many inputs each output averages (static if known)."""
    from graphflow.ops import math_ops, array_ops
    x, y = op.inputs[0], op.outputs[0]
    g = _sum_grad(op, dy)[0]
    if rules.known(x._shape) and rules.known(y._shape):
        count = max(int(np.prod(x._shape)) // max(int(np.prod(y._shape)), 1), 1)
        return [math_ops.realdiv(g, float(count) if dy.dtype.is_floating else count)]
    n = math_ops.cast(array_ops.size(x), dy.dtype)
    m = math_ops.cast(array_ops.size(y), dy.dtype)
    return [math_ops.realdiv(g, math_ops.maximum(math_ops.realdiv(n, m), 1))]


def _minmax_grad(op, dy):
    """Split the gradient evenly between tied extreme elements, as TF does."""
    from graphflow.ops import math_ops
    x = op.inputs[0]
    y, dy = _keep_dims(op, op.outputs[0], dy)
    mask = math_ops.cast(math_ops.equal(x, y), dy.dtype)
    count = reduce_sum(mask, axis=op.attrs["axis"], keepdims=True)
    return [math_ops.multiply(mask, math_ops.realdiv(dy, count))]


def _prod_grad(op, dy):
    """d prod / d x_i = product of the other elements, exact also where x_i is 0.

    The reduced axes are moved last and flattened; exclusive cumulative products from
    both ends give each element the product of all the others.
    """
    from graphflow.ops import math_ops, array_ops, shape_ops
    from graphflow.ops.scan_ops import cumprod
    x = op.inputs[0]
    (dy,) = _keep_dims(op, dy)
    if x._shape is None or hasattr(op.attrs["axis"], "dtype"):
        y, = _keep_dims(op, op.outputs[0])  # axes unknown: y / x (undefined at zeros)
        return [math_ops.multiply(dy, math_ops.realdiv(y, x))]
    rank = len(x._shape)
    reduced = _axes(op.attrs["axis"], rank)
    kept = [a for a in range(rank) if a not in reduced]
    perm = kept + list(reduced)
    moved = shape_ops.transpose(x, perm) if perm != list(range(rank)) else x
    moved_shape = array_ops.shape(moved)
    flat = array_ops.reshape(moved, shape_ops.concat(
        [moved_shape[:len(kept)], convert_to_tensor([-1])], 0))
    others = math_ops.multiply(cumprod(flat, axis=-1, exclusive=True),
                               cumprod(flat, axis=-1, exclusive=True, reverse=True))
    others = array_ops.reshape(others, moved_shape)
    if perm != list(range(rank)):
        others = shape_ops.transpose(others, [perm.index(a) for a in range(rank)])
    return [math_ops.multiply(array_ops.broadcast_to(dy, _shape_of(x)), others)]


reduce_sum = _make("reduce_sum", "Sum", _kernel(np.sum), NUMERIC, _sum_grad)
reduce_prod = _make("reduce_prod", "Prod", _kernel(np.prod), NUMERIC, _prod_grad)
reduce_mean = _make("reduce_mean", "Mean", _mean_kernel, NUMERIC, _mean_grad)
reduce_max = _make("reduce_max", "Max", _minmax_kernel(np.max, 1), REAL, _minmax_grad)
reduce_min = _make("reduce_min", "Min", _minmax_kernel(np.min, -1), REAL, _minmax_grad)
reduce_any = _make("reduce_any", "Any", _kernel(np.any, False), BOOL)
reduce_all = _make("reduce_all", "All", _kernel(np.all, False), BOOL)


# ---- Reductions over axes computed at run time ------------------------------------------------
class _Reduction:
    """What a reduction's gradient rule reads, with the axis given as a tensor."""

    __slots__ = ("inputs", "outputs", "attrs")

    def __init__(self, op):
        self.inputs = op.inputs[:1]
        self.outputs = op.outputs
        self.attrs = {"axis": op.inputs[1], "keepdims": op.attrs["keepdims"]}


def _by_tensor_infer(ins, attrs):
    x, axis = ins
    if not axis.dtype.is_integer:
        raise DTypeError("reduction axis must be an int32 or int64 tensor, got %s"
                         % axis.dtype.name)
    static = get_op(attrs["reduction"])
    dtype = static.infer([x], {"axis": None, "keepdims": True})[0][0]
    if x._shape is not None and attrs["keepdims"]:
        return [(dtype, (None,) * len(x._shape))]
    return [(dtype, None)]


def _by_tensor_kernel(x, axis, reduction, keepdims):
    axes = tuple(int(a) for a in np.reshape(axis, -1))
    return get_op(reduction).kernel(x, axis=axes, keepdims=keepdims)


def _by_tensor_grad(op, dy):
    static = get_op(op.attrs["reduction"])
    if static.grad is None:
        return [None, None]
    return static.grad(_Reduction(op), dy) + [None]


_BY_TENSOR_AXIS = register("ReduceOverTensorAxis", ("input", "axis"), _by_tensor_infer,
                           _by_tensor_kernel, attrs={"reduction": "Sum", "keepdims": False},
                           grad=_by_tensor_grad)


# ---- ArgMax / ArgMin -------------------------------------------------------------------------
def _arg_infer(ins, attrs):
    x = ins[0]
    if x.dtype not in REAL:
        rules.check_dtype("ArgMax", x.dtype, REAL)
    if x._shape is None:
        return [(attrs["output_type"], None)]
    rank = len(x._shape)
    if not -rank <= attrs["axis"] < rank:
        raise ShapeError("Expected dimension in the range [%d, %d), but got %d"
                         % (-rank, rank, attrs["axis"]))
    axis = attrs["axis"] % rank
    if x._shape[axis] == 0:
        raise ShapeError("Reduction axis %d is empty in shape %s" % (axis, list(x._shape)))
    return [(attrs["output_type"], x._shape[:axis] + x._shape[axis + 1:])]


def _arg_kernel(np_fn):
    def kernel(x, axis, output_type):
        if x.shape[axis] == 0:
            raise ValueError("Reduction axis %d is empty in shape %s" % (axis, list(x.shape)))
        return np.asarray(np_fn(x, axis=axis)).astype(output_type._np)
    return kernel


_ARG_ATTRS = {"axis": 0, "output_type": dtypes.int64}
_ARGMAX = register("ArgMax", ("input",), _arg_infer, _arg_kernel(np.argmax), attrs=_ARG_ATTRS)
_ARGMIN = register("ArgMin", ("input",), _arg_infer, _arg_kernel(np.argmin), attrs=_ARG_ATTRS)


def _arg_attrs(axis, output_type):
    axis = 0 if axis is None else single_axis(axis, "argmax/argmin's axis")
    output_type = dtypes.as_dtype(output_type)
    if output_type not in (dtypes.int32, dtypes.int64, dtypes.int16, dtypes.uint16):
        raise TypeError("output_type must be int16, uint16, int32 or int64, got %s"
                        % output_type.name)
    return {"axis": axis, "output_type": output_type}


def argmax(input, axis=None, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the largest value along `axis` (0 when None); ties give the first."""
    return apply(_ARGMAX, [convert_to_tensor(input)], _arg_attrs(axis, output_type))


def argmin(input, axis=None, output_type=dtypes.int64, name=None):  # noqa: A002
    """Index of the smallest value along `axis` (0 when None); ties give the first."""
    return apply(_ARGMIN, [convert_to_tensor(input)], _arg_attrs(axis, output_type))


# ---- Reductions built from the ones above (their gradients come from the parts) ----------
def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """log(sum(exp(x))) computed stably by shifting by the maximum."""
    from graphflow.ops import math_ops, unary_ops, array_ops
    x = convert_to_tensor(input_tensor)
    peak = reduce_max(x, axis=axis, keepdims=True)
    peak = array_ops.where(unary_ops.is_finite(peak), peak, array_ops.zeros_like(peak))
    total = reduce_sum(unary_ops.exp(math_ops.subtract(x, peak)), axis=axis, keepdims=True)
    out = math_ops.add(unary_ops.log(total), peak)
    if keepdims:
        return out
    return array_ops.reshape(out, _static_or_dynamic_shape(x, axis))


def _static_or_dynamic_shape(x, axis):
    from graphflow.ops import array_ops
    if rules.known(x._shape) and _computed(axis) is None:
        return list(reduced_shape(x._shape, axis_attr(axis), False))
    return array_ops.shape(reduce_sum(x, axis=axis))


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Mean squared deviation from the mean (floats only, as TF)."""
    from graphflow.ops import math_ops
    x = convert_to_tensor(input_tensor)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise TypeError("Input must be either real or complex, got %s" % x.dtype.name)
    mean = reduce_mean(x, axis=axis, keepdims=True)
    return reduce_mean(math_ops.squared_difference(x, mean), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Square root of `reduce_variance`."""
    from graphflow.ops import unary_ops
    return unary_ops.sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x**2)) over `axis`."""
    from graphflow.ops import unary_ops
    x = convert_to_tensor(input_tensor)
    return unary_ops.sqrt(reduce_sum(unary_ops.square(x), axis=axis, keepdims=keepdims))


def count_nonzero(input, axis=None, keepdims=None, dtype=dtypes.int64, name=None):  # noqa: A002
    """Number of non-zero (or True) elements over `axis`, as `dtype`."""
    from graphflow.ops import math_ops
    x = convert_to_tensor(input)
    nonzero = math_ops.not_equal(x, False if x.dtype.is_bool else 0)
    return reduce_sum(math_ops.cast(nonzero, dtype), axis=axis, keepdims=bool(keepdims))
