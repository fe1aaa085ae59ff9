"""Axis-rearranging ops: transpose, squeeze, expand_dims, concat, tile, reverse."""
import functools

import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.array_ops import cached_dims, reshape, shape, shape_arg
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops.rules import static_value


def static_ints(t):
    """The values of int tensor `t` as a tuple when known before running, else None."""
    dims = cached_dims(t)
    if dims is not None:
        return dims
    v = static_value(t)
    if type(v) is np.ndarray and v.ndim == 1:
        return tuple(v.tolist())
    return None if v is None else tuple(np.asarray(v).ravel().tolist())


def static_int(value, what="axis"):
    """A Python int from an int or a constant scalar tensor (ValueError if computed)."""
    if type(value) is int:
        return value
    if hasattr(value, "dtype") or hasattr(value, "_as_graph_tensor"):
        ints = static_ints(convert_to_tensor(value))
        if ints is None or len(ints) != 1:
            raise ValueError("graphflow needs %s as a constant scalar, got %r" % (what, value))
        return ints[0]
    return int(value)


def int_vector(value):
    """An int32 (or given int64) tensor from a list, tuple, TensorShape or tensor."""
    return shape_arg(value)


# ---- Transpose -----------------------------------------------------------------------------
def _transpose_infer(ins, attrs):
    x, p = ins
    perm = static_ints(p)
    if perm is None:
        n = p._shape[0] if p._shape is not None else None
        return [(x.dtype, None if n is None else (None,) * n)]
    return [(x.dtype, _transposed(x._shape, perm))]


@functools.lru_cache(maxsize=1024)
def _transposed(shape, perm):
    """`shape` permuted by `perm` (None for unknown rank), checking `perm` as TF."""
    n = len(perm)
    if shape is not None and n != len(shape):
        raise ShapeError("transpose expects a vector of size %d. But input(1) is a vector of "
                         "size %d" % (len(shape), n))
    if sorted(perm) != list(range(n)):
        raise ShapeError("%s is not a valid permutation of [0, %d)" % (list(perm), n))
    return None if shape is None else tuple(shape[i] for i in perm)


def _transpose_grad(op, dy):
    return [apply(TRANSPOSE, [dy, invert_permutation(op.inputs[1])], op.attrs), None]


def _transpose_kernel(x, perm, conjugate):
    out = x.transpose(tuple(perm.tolist()))
    return np.conj(out) if conjugate else out


TRANSPOSE = register("Transpose", ("x", "perm"), _transpose_infer, _transpose_kernel,
                     attrs={"conjugate": False}, grad=_transpose_grad)
INVERT_PERMUTATION = register(
    "InvertPermutation", ("x",), rules.passthrough,
    lambda p: np.argsort(p).astype(np.asarray(p).dtype))


def invert_permutation(x, name=None):
    return apply(INVERT_PERMUTATION, [convert_to_tensor(x, dtype_hint=dtypes.int32)])


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permute the axes of `a` (reverse them when `perm` is None)."""
    a = convert_to_tensor(a)
    if perm is None:
        rank = a.ndim
        if rank is None:
            raise ValueError("transpose with perm=None needs a tensor of known rank")
        perm = _reversed_axes(rank)
    return apply(TRANSPOSE, [a, int_vector(perm)],
                 {"conjugate": bool(conjugate and a.dtype.is_complex)})


@functools.lru_cache(maxsize=64)
def _reversed_axes(rank):
    return tuple(range(rank - 1, -1, -1))


# ---- Squeeze / ExpandDims -----------------------------------------------------------------------
def _squeeze_infer(ins, attrs):
    x = ins[0]
    return [(x.dtype, _squeezed(x._shape, attrs["axis"]))]


@functools.lru_cache(maxsize=1024)
def _squeezed(s, axes):
    """`s` without its size-1 dims (only those in `axes` when given), checked as TF."""
    if s is None:
        return None
    if not axes:
        if None in s:
            return None
        return tuple(d for d in s if d != 1)
    keep = set(range(len(s)))
    for a in axes:
        if not -len(s) <= a < len(s):
            raise ShapeError("Tried to squeeze dim index %d for tensor with %d dimensions."
                             % (a, len(s)))
        a %= len(s)
        if s[a] is not None and s[a] != 1:
            raise ShapeError("Can not squeeze dim[%d], expected a dimension of 1, got %d"
                             % (a, s[a]))
        keep.discard(a)
    return tuple(s[i] for i in sorted(keep))


def _squeeze_kernel(x, axis):
    return np.squeeze(x, axis=tuple(axis) if axis else None)


def _reshape_back_grad(op, dy):
    return [reshape(dy, shape(op.inputs[0]))]


SQUEEZE = register("Squeeze", ("input",), _squeeze_infer, _squeeze_kernel,
                   attrs={"axis": ()}, grad=_reshape_back_grad)


def squeeze(input, axis=None, name=None):  # noqa: A002 - TF's name
    """Remove size-1 dims (only those in `axis` when given)."""
    if axis is None:
        axis = ()
    elif type(axis) is int:
        axis = (axis,)
    elif isinstance(axis, np.integer):
        axis = (int(axis),)
    else:
        axis = tuple(int(a) for a in axis)
    return apply(SQUEEZE, [convert_to_tensor(input)], {"axis": axis})


def _expand_infer(ins, attrs):
    x = ins[0]
    s = x._shape
    if s is None:
        return [(x.dtype, None)]
    a = attrs["axis"]
    if not -len(s) - 1 <= a <= len(s):
        raise ShapeError("Tried to expand dim index %d for tensor with %d dimensions."
                         % (a, len(s)))
    a = a % (len(s) + 1)
    return [(x.dtype, s[:a] + (1,) + s[a:])]


def _expand_kernel(x, axis):
    rank = x.ndim
    if not -rank - 1 <= axis <= rank:
        raise ValueError("Tried to expand dim index %d for tensor with %d dimensions."
                         % (axis, rank))
    a = axis % (rank + 1)
    return x.reshape(x.shape[:a] + (1,) + x.shape[a:])


EXPAND_DIMS = register("ExpandDims", ("input",), _expand_infer, _expand_kernel,
                       attrs={"axis": 0}, grad=_reshape_back_grad)


def expand_dims(input, axis, name=None):  # noqa: A002
    """Insert a size-1 dim at `axis` (negative counts from the end)."""
    return apply(EXPAND_DIMS, [convert_to_tensor(input)], {"axis": static_int(axis)})


# ---- Concat --------------------------------------------------------------------------------------
def _dims_text(s):
    return "[%s]" % ",".join("?" if d is None else str(d) for d in s)


def _concat_infer(ins, attrs):
    dt = rules.same_dtypes("ConcatV2", ins)
    return [(dt, _concat_shape(tuple([t._shape for t in ins]), attrs["axis"]))]


@functools.lru_cache(maxsize=1024)
def _concat_shape(shapes, axis):
    """The shape of joining `shapes` along `axis` (None where unknown), checked as TF."""
    known = [(i, s) for i, s in enumerate(shapes) if s is not None]
    if not known:
        return None
    i0, first = known[0]
    rank = len(first)
    if rank == 0:
        raise ShapeError("Can't concatenate scalars (use graphflow.stack instead)")
    if not -rank <= axis < rank:
        raise ShapeError("ConcatOp : Expected concatenating dimensions in the range [%d, %d),"
                         " but got %d" % (-rank, rank, axis))
    axis %= rank
    out = list(first)
    for i, s in known[1:]:
        if len(s) != rank:
            raise ShapeError("ConcatOp : Ranks of all input tensors should match: shape[%d] = "
                             "%s vs. shape[%d] = %s" % (i0, _dims_text(first), i,
                                                        _dims_text(s)))
        for d in range(rank):
            if d == axis:
                continue
            if out[d] is not None and s[d] is not None and out[d] != s[d]:
                raise ShapeError("ConcatOp : Dimension %d in both shapes must be equal: "
                                 "shape[%d] = %s vs. shape[%d] = %s"
                                 % (d, i0, _dims_text(first), i, _dims_text(s)))
            if out[d] is None:
                out[d] = s[d]
    sizes = [s[axis] if s is not None else None for s in shapes]
    out[axis] = None if None in sizes else sum(sizes)
    return tuple(out)


def _concat_kernel(*xs, axis):
    return np.concatenate(xs, axis=axis)


def _concat_grad(op, dy):
    axis = op.attrs["axis"]
    sizes = []
    for x in op.inputs:
        s = x._shape
        rank = len(s) if s is not None else len(op.outputs[0]._shape)
        a = axis % rank
        sizes.append(s[a] if s is not None and s[a] is not None else shape(x)[a])
    from graphflow.ops.split_ops import split
    if all(isinstance(s, int) for s in sizes):
        return split(dy, sizes, axis=axis)
    from graphflow.ops.array_ops import stack
    return split(dy, stack(sizes), axis=axis)


CONCAT = register("ConcatV2", ("values*",), _concat_infer, _concat_kernel, attrs={"axis": 0},
                  grad=_concat_grad)


def concat(values, axis, name="concat"):
    """Join tensors along an existing `axis`."""
    if not isinstance(values, (list, tuple)):
        values = [values]
    values = [convert_to_tensor(v) for v in values]
    if not values:
        raise ValueError("concat needs at least one tensor")
    if len(values) == 1:
        from graphflow.ops.array_ops import identity
        return identity(values[0])
    return apply(CONCAT, values, {"axis": static_int(axis)})


# ---- Tile ----------------------------------------------------------------------------------------
def _tile_infer(ins, attrs):
    x, m = ins
    mult = static_ints(m)
    s = x._shape
    n = m._shape[0] if m._shape is not None else None
    if s is not None and n is not None and n != len(s):
        raise ShapeError("Expected multiples argument to be a vector of length %d but got "
                         "length %d" % (len(s), n))
    if s is None:
        return [(x.dtype, None if n is None else (None,) * n)]
    if mult is None:
        return [(x.dtype, (None,) * len(s))]
    if any(k < 0 for k in mult):
        raise ShapeError("Expected multiples to be non-negative, got %s" % list(mult))
    return [(x.dtype, tuple(None if d is None else d * k for d, k in zip(s, mult)))]


def _tile_grad(op, dy):
    from graphflow.ops.array_ops import stack
    from graphflow.ops.reduction_ops import reduce_sum
    x, m = op.inputs
    rank = len(x._shape)
    xs = shape(x, out_type=m.dtype)
    split_shape = reshape(transpose(stack([m, xs])), [-1])
    return [reduce_sum(reshape(dy, split_shape), axis=list(range(0, 2 * rank, 2))), None]


TILE = register("Tile", ("input", "multiples"), _tile_infer,
                lambda x, m: np.tile(x, tuple(m.tolist())) if x.ndim else np.asarray(x),
                grad=_tile_grad)


def tile(input, multiples, name=None):  # noqa: A002
    """Repeat `input` `multiples[i]` times along each axis i."""
    return apply(TILE, [convert_to_tensor(input), int_vector(multiples)])


# ---- Reverse -------------------------------------------------------------------------------------
def _reverse_infer(ins, attrs):
    x = ins[0]
    if x._shape is not None:
        seen = set()
        for a in attrs["axis"]:
            a = rules.normalize_axis(a, len(x._shape), "ReverseV2")
            if a in seen:
                raise ShapeError("axis %d specified more than once." % a)
            seen.add(a)
    return [(x.dtype, x._shape)]


REVERSE = register("ReverseV2", ("tensor",), _reverse_infer,
                   lambda x, axis: np.flip(x, axis=axis) if axis else x, attrs={"axis": ()},
                   grad=lambda op, dy: [reverse(dy, op.attrs["axis"])])


def reverse(tensor, axis, name=None):
    """Reverse the order of elements along each axis in `axis`."""
    from graphflow.ops.reduction_ops import axis_attr
    return apply(REVERSE, [convert_to_tensor(tensor)], {"axis": axis_attr(axis) or ()})
