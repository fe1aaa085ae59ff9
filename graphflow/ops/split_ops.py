"""Splitting a tensor into parts along an axis: split (Split, SplitV)."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops.shape_ops import concat, int_vector, static_int, static_ints


# ---- Split ---------------------------------------------------------------------------------------
def _split_axis(x, axis):
    if x._shape is None:
        return axis
    return rules.normalize_axis(axis, len(x._shape), "Split")


def _split_num_infer(ins, attrs):
    x = ins[0]
    n = attrs["num"]
    if x._shape is None:
        return [(x.dtype, None)] * n
    axis = _split_axis(x, attrs["axis"])
    d = x._shape[axis]
    if d is not None and d % n:
        raise ShapeError("Number of ways to split should evenly divide the split dimension, "
                         "but got split_dim %d (size = %d) and num_split %d" % (axis, d, n))
    part = None if d is None else d // n
    return [(x.dtype, x._shape[:axis] + (part,) + x._shape[axis + 1:])] * n


def _split_num_kernel(x, num, axis):
    parts = np.split(x, num, axis=axis)
    return parts[0] if num == 1 else tuple(parts)


def _split_grad(op, *dys):
    from graphflow.ops.array_ops import zeros_like
    dys = [d if d is not None else zeros_like(o) for d, o in zip(dys, op.outputs)]
    return [concat(dys, op.attrs["axis"])] + [None] * (len(op.inputs) - 1)


SPLIT = register("Split", ("value",), _split_num_infer, _split_num_kernel,
                 attrs={"num": 1, "axis": 0}, grad=_split_grad)


def _resolve_sizes(sizes, dim):
    """Fill in a -1 entry of `sizes` given the split dimension `dim`, checking the total."""
    if sizes.count(-1) > 1:
        raise ShapeError("Only one dimension in size_splits can be -1, got %s" % list(sizes))
    if dim is None:
        return tuple(None if s == -1 else s for s in sizes)
    if -1 in sizes:
        rest = sum(s for s in sizes if s != -1)
        if rest > dim:
            raise ShapeError("Determined shape must either match input shape along split_dim "
                             "exactly if fully specified, or be less than the size of the "
                             "input along split_dim if not fully specified.  Got: %d" % rest)
        return tuple(dim - rest if s == -1 else s for s in sizes)
    if sum(sizes) != dim:
        raise ShapeError("Determined shape must either match input shape along split_dim "
                         "exactly if fully specified, or be less than the size of the input "
                         "along split_dim if not fully specified.  Got: %d" % sum(sizes))
    return tuple(sizes)


def _splitv_infer(ins, attrs):
    x, s = ins
    n = attrs["num"]
    sizes = static_ints(s)
    if x._shape is None:
        return [(x.dtype, None)] * n
    axis = _split_axis(x, attrs["axis"])
    sizes = (None,) * n if sizes is None else _resolve_sizes(list(sizes), x._shape[axis])
    return [(x.dtype, x._shape[:axis] + (d,) + x._shape[axis + 1:]) for d in sizes]


def _splitv_kernel(x, sizes, num, axis):
    sizes = _resolve_sizes([int(v) for v in sizes], x.shape[axis])
    parts = np.split(x, np.cumsum(sizes)[:-1], axis=axis)
    return parts[0] if num == 1 else tuple(parts)


SPLIT_V = register("SplitV", ("value", "size_splits"), _splitv_infer, _splitv_kernel,
                   attrs={"num": 1, "axis": 0}, grad=_split_grad)


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Split `value` along `axis` into equal parts (an int) or parts of given sizes; a list."""
    value = convert_to_tensor(value)
    if isinstance(num_or_size_splits, (int, np.integer)):
        n = int(num_or_size_splits)
        if n <= 0:
            raise ValueError("num_or_size_splits must be positive, got %d" % n)
        out = apply(SPLIT, [value], {"num": n, "axis": static_int(axis)})
    else:
        sizes = int_vector(num_or_size_splits)
        if sizes._shape is None or len(sizes._shape) != 1:
            raise ValueError("size_splits must be a 1-D list or tensor, got %r"
                             % (num_or_size_splits,))
        n = sizes._shape[0] if num is None else int(num)
        if n is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % (sizes.shape,))
        out = apply(SPLIT_V, [value, sizes], {"num": n, "axis": static_int(axis)})
    return list(out) if isinstance(out, tuple) else [out]
