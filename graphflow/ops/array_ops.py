"""Shape-changing and structural ops: reshape, shape, stack, broadcast_to, where, fills."""
import functools
import math

import numpy as np

from graphflow import dtypes
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.eager.tensor import EagerTensor
from graphflow.ops.convert import convert_to_tensor, constant_from_array
from graphflow.ops.math_ops import binary_args
from graphflow.ops.registry import register, ShapeError, DTypeError
from graphflow.ops import rules
from graphflow.ops.rules import shape_from_tensor
from graphflow.shapes import TensorShape


_INT32_LIMIT = 2 ** 31
_EAGER_SHAPES = {}        # tuple of ints -> its read-only int32 EagerTensor (eager reuse)
_EAGER_DIMS = {}          # id of such a tensor -> its tuple (they live as long as the cache)
_EAGER_SHAPES_LIMIT = 4096


def shape_arg(shape):
    """A shape given as list/tuple/TensorShape/tensor -> an int32 (or int64) tensor.

    Eagerly, a list or tuple of Python ints becomes a cached read-only tensor, so
    repeated shape arguments (`reshape(x, [-1, 4])`) cost a dict look-up.
    """
    if type(shape) in (list, tuple) and all(
            type(d) is int and -_INT32_LIMIT <= d < _INT32_LIMIT for d in shape):
        if context.state.builder is not None:
            return constant_from_array(np.array(shape, dtype=np.int32), dtypes.int32)
        key = tuple(shape)
        t = _EAGER_SHAPES.get(key)
        if t is None:
            t = _eager_shape(key)
        return t
    if isinstance(shape, TensorShape):
        return shape_arg(shape.as_list())
    t = convert_to_tensor(shape, dtype_hint=dtypes.int32)
    if not t.dtype.is_integer and not hasattr(shape, "dtype"):
        raise TypeError("Cannot convert %r to EagerTensor of dtype int32" % (shape,))
    return t


def _eager_shape(key):
    arr = np.array(key, dtype=np.int32)
    arr.flags.writeable = False
    t = EagerTensor(arr, dtypes.int32)
    if len(_EAGER_SHAPES) < _EAGER_SHAPES_LIMIT:
        t = _EAGER_SHAPES.setdefault(key, t)  # one tensor per key even when threads race
        _EAGER_DIMS[id(t)] = key
    return t


def cached_dims(t):
    """The tuple of a tensor made by `shape_arg`'s eager cache, else None."""
    return _EAGER_DIMS.get(id(t))


def static_shape(t):
    """`shape_from_tensor(t)`, a dict look-up for the cached tensors of `shape_arg`."""
    dims = _EAGER_DIMS.get(id(t))
    return shape_from_tensor(t) if dims is None else dims


# ---- Reshape -------------------------------------------------------------------------------
def _reshape_infer(ins, attrs):
    x, s = ins
    target = static_shape(s)
    if target is None:
        return [(x.dtype, None)]
    return [(x.dtype, _reshaped(x._shape, target))]


@functools.lru_cache(maxsize=1024)
def _reshaped(shape, target):
    """The result shape of reshaping `shape` to `target` (-1: inferred), checked as TF."""
    if shape is not None and None not in shape:
        n = math.prod(shape)
        if -1 in target:
            rest = math.prod(d for d in target if d != -1)
            if target.count(-1) > 1 or rest == 0 or n % rest:
                raise ShapeError("Input to reshape is a tensor with %d values, but the "
                                 "requested shape is %s" % (n, list(target)))
            return tuple(n // rest if d == -1 else d for d in target)
        if None not in target:
            if n != math.prod(target):
                raise ShapeError("Input to reshape is a tensor with %d values, but the "
                                 "requested shape has %d" % (n, math.prod(target)))
            return target
    return tuple(None if d == -1 else d for d in target)


def _reshape_grad(op, dy):
    return [reshape(dy, shape(op.inputs[0])), None]


RESHAPE = register("Reshape", ("tensor", "shape"), _reshape_infer,
                   lambda x, s: x.reshape(s.tolist()), grad=_reshape_grad)


def reshape(tensor, shape, name=None):
    return apply(RESHAPE, [convert_to_tensor(tensor), shape_arg(shape)])


# ---- Shape ---------------------------------------------------------------------------------
def _shape_infer(ins, attrs):
    s = ins[0]._shape
    return [(attrs["out_type"], (None if s is None else len(s),))]


SHAPE = register("Shape", ("input",), _shape_infer,
                 lambda x, out_type: np.array(np.shape(x), dtype=out_type._np),
                 attrs={"out_type": dtypes.int32})


def shape(input, out_type=dtypes.int32, name=None):  # noqa: A002 - TF's name
    return apply(SHAPE, [convert_to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)})


# ---- Pack (stack) ----------------------------------------------------------------------------
def _pack_infer(ins, attrs):
    dt = rules.same_dtypes("Pack", ins)
    return [(dt, _packed(tuple([t._shape for t in ins]), attrs["axis"]))]


@functools.lru_cache(maxsize=1024)
def _packed(shapes, axis):
    """The shape of stacking `shapes` along a new `axis`, checked as TF."""
    shp = shapes[0]
    for i, s in enumerate(shapes[1:], 1):
        if s == shp:
            continue
        if shp is None or s is None:
            shp = shp if s is None else s
            continue
        if len(s) != len(shp) or any(a is not None and b is not None and a != b
                                     for a, b in zip(s, shp)):
            raise ShapeError("Shapes of all inputs must match: values[0].shape = %s != "
                             "values[%d].shape = %s" % (list(shapes[0]), i, list(s)))
        shp = tuple(a if a is not None else b for a, b in zip(shp, s))
    if shp is None:
        return None
    axis = rules.normalize_axis(axis, len(shp) + 1, "Pack")
    return shp[:axis] + (len(shapes),) + shp[axis:]


def _pack_grad(op, dy):
    return list(unstack(dy, num=len(op.inputs), axis=op.attrs["axis"]))


PACK = register("Pack", ("values*",), _pack_infer, lambda *xs, axis: np.stack(xs, axis=axis),
                attrs={"axis": 0}, grad=_pack_grad)


def stack(values, axis=0, name="stack"):
    values = [convert_to_tensor(v) for v in values]
    if not values:
        raise ValueError("stack requires at least one value")
    return apply(PACK, values, {"axis": int(axis)})


def _unpack_infer(ins, attrs):
    x = ins[0]
    s = x._shape
    n, axis = attrs["num"], attrs["axis"]
    if s is None:
        return [(x.dtype, None)] * n
    axis = rules.normalize_axis(axis, len(s), "Unpack")
    if s[axis] is not None and s[axis] != n:
        raise ShapeError("Cannot unpack %d values along axis %d of size %d" % (n, axis, s[axis]))
    return [(x.dtype, s[:axis] + s[axis + 1:])] * n


def _unpack_kernel(x, num, axis):
    if num == 1:
        return np.take(x, 0, axis=axis)
    return tuple(x if axis % x.ndim == 0 else np.moveaxis(x, axis, 0))


def _unpack_grad(op, *dys):
    dys = [d if d is not None else zeros_like(o) for d, o in zip(dys, op.outputs)]
    return [stack(dys, axis=op.attrs["axis"])]


UNPACK = register("Unpack", ("value",), _unpack_infer, _unpack_kernel,
                  attrs={"num": 1, "axis": 0}, grad=_unpack_grad)


def unstack(value, num=None, axis=0, name="unstack"):
    value = convert_to_tensor(value)
    s = value._shape
    if num is None:
        if s is None or s[axis] is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % (value.shape,))
        num = s[axis]
    if num == 0:
        return []
    out = apply(UNPACK, [value], {"num": int(num), "axis": int(axis)})
    return list(out) if isinstance(out, tuple) else [out]


# ---- BroadcastTo -------------------------------------------------------------------------------
def _bcast_infer(ins, attrs):
    x, s = ins
    target = static_shape(s)
    if target is not None and x._shape is not None:
        try:
            out = rules.broadcast("BroadcastTo", x._shape, target)
        except ShapeError:
            raise ShapeError("Unable to broadcast tensor of shape %s to tensor of shape %s"
                             % (list(x._shape), list(target))) from None
        if len(out) != len(target):
            raise ShapeError("Unable to broadcast tensor of shape %s to tensor of shape %s"
                             % (list(x._shape), list(target)))
        target = out
    return [(x.dtype, target)]


def _bcast_grad(op, dy):
    from graphflow.ops.unbroadcast import unbroadcast
    return [unbroadcast(dy, op.inputs[0]), None]


BROADCAST_TO = register("BroadcastTo", ("input", "shape"), _bcast_infer,
                        lambda x, s: np.broadcast_to(x, tuple(s)), grad=_bcast_grad)


def broadcast_to(input, shape, name=None):  # noqa: A002
    return apply(BROADCAST_TO, [convert_to_tensor(input), shape_arg(shape)])


# ---- Select (where) ------------------------------------------------------------------------
def _select_infer(ins, attrs):
    c, x, y = ins
    if c.dtype is not dtypes.bool:
        raise DTypeError("where: condition must be a bool tensor, got %s" % c.dtype.name)
    dt = rules.same_dtypes("SelectV2", ins, start=1)
    s = rules.broadcast("SelectV2", rules.broadcast("SelectV2", c._shape, x._shape), y._shape)
    return [(dt, s)]


def _select_grad(op, dy):
    from graphflow.ops.unbroadcast import unbroadcast
    c, x, y = op.inputs
    z = zeros_like(dy)
    return [None, unbroadcast(where(c, dy, z), x), unbroadcast(where(c, z, dy), y)]


SELECT = register("SelectV2", ("condition", "t", "e"), _select_infer, np.where,
                  grad=_select_grad, elementwise=True)


def _where_index_infer(ins, attrs):
    s = ins[0]._shape
    return [(dtypes.int64, (None, None if s is None else len(s)))]


WHERE_INDEX = register("Where", ("condition",), _where_index_infer,
                       lambda c: np.argwhere(c).astype(np.int64))


def where(condition, x=None, y=None, name=None):
    """Elementwise select (3 args, broadcasting) or coordinates of true elements (1 arg)."""
    condition = convert_to_tensor(condition)
    if x is None and y is None:
        if not condition.dtype.is_bool:
            from graphflow.ops.math_ops import cast
            condition = cast(condition, dtypes.bool)
        return apply(WHERE_INDEX, [condition])
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    x, y = binary_args(x, y)
    return apply(SELECT, [condition, x, y])


# ---- Fills -----------------------------------------------------------------------------------
def _fill_like_infer(ins, attrs):
    return [(attrs.get("dtype") or ins[0].dtype, ins[0]._shape)]


def _filled_like(value):
    """Kernel making an array shaped like `x` full of `value` ('' for strings' zero)."""
    def kernel(x, dtype=None):
        np_dtype = dtype._np if dtype is not None else np.asarray(x).dtype
        fill_value = b"" if value == 0 and np_dtype == object else value
        return np.full(np.shape(x), fill_value, np_dtype)
    return kernel


ZEROS_LIKE = register("ZerosLike", ("x",), _fill_like_infer, _filled_like(0),
                      attrs={"dtype": None})
ONES_LIKE = register("OnesLike", ("x",), _fill_like_infer, _filled_like(1),
                     attrs={"dtype": None})


def zeros_like(input, dtype=None, name=None):  # noqa: A002
    attrs = {"dtype": dtypes.as_dtype(dtype)} if dtype is not None else {}
    return apply(ZEROS_LIKE, [convert_to_tensor(input)], attrs)


def ones_like(input, dtype=None, name=None):  # noqa: A002
    attrs = {"dtype": dtypes.as_dtype(dtype)} if dtype is not None else {}
    return apply(ONES_LIKE, [convert_to_tensor(input)], attrs)


def _fill_infer(ins, attrs):
    return [(ins[1].dtype, static_shape(ins[0]))]


def _fill_grad(op, dy):
    """Every element is the value: its gradient is the sum of dy; dims get none."""
    from graphflow.ops.reduction_ops import reduce_sum
    return [None, reduce_sum(dy)]


def _fill_kernel(dims, value):
    value = np.asarray(value)
    out = np.empty(tuple(dims.tolist()), value.dtype)  # tuple(): dims must be a vector
    out[...] = value
    return out


FILL = register("Fill", ("dims", "value"), _fill_infer, _fill_kernel, grad=_fill_grad)


def fill(dims, value, name=None):
    return apply(FILL, [shape_arg(dims), convert_to_tensor(value)])


@functools.lru_cache(maxsize=None)
def _scalar_array(value, dtype):
    """A read-only 0-d array of `value` ('' for a string zero) in `dtype`."""
    arr = np.array(b"" if dtype is dtypes.string and value == 0 else value, dtype._np)
    arr.flags.writeable = False
    return arr


def scalar_tensor(value, dtype):
    """A scalar tensor of Python number `value` in DType `dtype`, from a shared array."""
    return constant_from_array(_scalar_array(value, dtype), dtype)


def zeros(shape, dtype=dtypes.float32, name=None):
    return fill(shape, scalar_tensor(0, dtypes.as_dtype(dtype)))


def ones(shape, dtype=dtypes.float32, name=None):
    return fill(shape, scalar_tensor(1, dtypes.as_dtype(dtype)))


# ---- Identity ----------------------------------------------------------------------------
IDENTITY = register("Identity", ("input",), rules.passthrough, lambda x: x,
                    grad=lambda op, dy: [dy])


def identity(input, name=None):  # noqa: A002
    return apply(IDENTITY, [convert_to_tensor(input)])


# ---- Size / Rank -----------------------------------------------------------------------------
SIZE = register("Size", ("input",), lambda ins, attrs: [(attrs["out_type"], ())],
                lambda x, out_type: np.array(np.size(x), dtype=out_type._np),
                attrs={"out_type": dtypes.int32})
RANK = register("Rank", ("input",), lambda ins, attrs: [(dtypes.int32, ())],
                lambda x: np.array(np.ndim(x), dtype=np.int32))


def size(input, out_type=dtypes.int32, name=None):  # noqa: A002
    return apply(SIZE, [convert_to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)})


def rank(input, name=None):  # noqa: A002
    return apply(RANK, [convert_to_tensor(input)])
