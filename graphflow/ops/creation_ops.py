"""Tensors made from scratch: range, linspace, eye."""
import functools
import math

import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.convert import convert_to_tensor, constant_from_array
from graphflow.ops.registry import register, ShapeError, DTypeError

_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)
_RANGE_DTYPES = frozenset(d.name for d in _RANGE_ORDER + (dtypes.int8, dtypes.int16))


@functools.lru_cache(maxsize=1024)
def _range_size(start, limit, delta, integer):
    """Number of elements TF's Range produces, with its argument checks."""
    if delta == 0:
        raise ShapeError("Requires delta != 0: %s" % delta)
    if delta > 0 and start > limit:
        raise ShapeError("Requires start <= limit when delta > 0: %s/%s" % (start, limit))
    if delta < 0 and start < limit:
        raise ShapeError("Requires start >= limit when delta < 0: %s/%s" % (start, limit))
    if integer:
        return (abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta))
    return int(math.ceil(abs((float(limit) - float(start)) / float(delta))))


def _scalar_value(t):
    v = rules.static_value(t)
    if type(v) is np.ndarray and v.ndim == 0:
        return v[()]
    return None if v is None else np.asarray(v).reshape(())[()]


def _range_infer(ins, attrs):
    dt = rules.same_dtypes("Range", ins)
    if dt.name not in _RANGE_DTYPES:
        rules.check_dtype("Range", dt, _RANGE_ORDER)
    values = []
    for name, t in zip(("start", "limit", "delta"), ins):
        if t._shape:
            raise ShapeError("%s must be a scalar, not shape %s" % (name, list(t._shape)))
        v = _scalar_value(t)
        if v is None:
            return [(dt, (None,))]
        values.append(v)
    return [(dt, (_range_size(*values, dt.is_integer),))]


def _range_kernel(start, limit, delta):
    dtype = np.asarray(start).dtype
    n = _range_size(start[()], limit[()], delta[()], dtype.kind in "iu")
    if dtype.kind in "iu":
        return np.arange(int(start), int(start) + n * int(delta), int(delta), dtype=dtype)[:n]
    return (start + np.arange(n, dtype=dtype) * delta).astype(dtype)


RANGE = register("Range", ("start", "limit", "delta"), _range_infer, _range_kernel)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """Numbers from `start` up to (not including) `limit` by `delta`, as `tf.range`.

    Without `dtype` the widest argument dtype wins (int32 < int64 < float32 < float64),
    so all-int arguments give int32 and any float gives float32.
    """
    if limit is None:
        start, limit = 0, start
    args = [start, limit, delta]
    if dtype is None and all(type(a) is int and -2 ** 31 <= a < 2 ** 31 for a in args):
        return apply(RANGE, [constant_from_array(np.array(a, np.int32), dtypes.int32)
                             for a in args])
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        tensors = [_cast_to(a, dtype) for a in args]
    else:
        tensors = [convert_to_tensor(a) for a in args]
        present = [t.dtype for t in tensors]
        dtype = max(present, key=lambda d: _RANGE_ORDER.index(d) if d in _RANGE_ORDER else -1)
        if present.count(dtype) != 3:
            tensors = [_cast_to(t, dtype) for t in tensors]
    return apply(RANGE, tensors)


def _cast_to(value, dtype):
    t = convert_to_tensor(value) if hasattr(value, "dtype") else None
    if t is None:
        return convert_to_tensor(np.asarray(value).astype(dtype.as_numpy_dtype))
    if t.dtype is dtype:
        return t
    from graphflow.ops.math_ops import cast
    return cast(t, dtype)


# ---- LinSpace --------------------------------------------------------------------------------
def _linspace_infer(ins, attrs):
    start, stop = ins
    dt = rules.same_dtypes("LinSpace", ins)
    if dt not in (dtypes.float16, dtypes.float32, dtypes.float64):
        raise DTypeError("linspace: start and stop must be float16, float32 or float64, got %s"
                         % dt.name)
    s = rules.broadcast("LinSpace", start._shape, stop._shape)
    if s is None:
        return [(dt, None)]
    axis = attrs["axis"] % (len(s) + 1)
    return [(dt, s[:axis] + (attrs["num"],) + s[axis:])]


def _linspace_kernel(start, stop, num, axis):
    out = np.linspace(start, stop, num, axis=axis, dtype=np.float64)
    return out.astype(np.asarray(start).dtype)


LINSPACE = register("LinSpace", ("start", "stop"), _linspace_infer, _linspace_kernel,
                    attrs={"num": 1, "axis": 0})


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` inclusive (batched along `axis`)."""
    start = convert_to_tensor(start)
    stop = convert_to_tensor(stop, dtype=start.dtype) if not hasattr(stop, "dtype") else \
        convert_to_tensor(stop)
    if hasattr(num, "dtype") or hasattr(num, "_as_graph_tensor"):
        value = _scalar_value(convert_to_tensor(num))
        if value is None:
            raise ValueError("graphflow.linspace needs a constant num, got %r" % (num,))
        num = value
    num = int(num)
    if num < 0:
        raise ValueError("linspace: num must be >= 0, got %d" % num)
    return apply(LINSPACE, [start, stop], {"num": num, "axis": int(axis)})


# ---- eye -------------------------------------------------------------------------------------
def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (or a batch of them), as `tf.eye`."""
    dtype = dtypes.as_dtype(dtype)
    rows = _static_int(num_rows, "num_rows")
    cols = rows if num_columns is None else _static_int(num_columns, "num_columns")
    batch = () if batch_shape is None else tuple(
        _static_int(b, "batch_shape") for b in np.asarray(
            rules.static_value(batch_shape) if hasattr(batch_shape, "dtype") else batch_shape
        ).reshape(-1))
    value = np.broadcast_to(np.eye(rows, cols, dtype=dtype.as_numpy_dtype),
                            batch + (rows, cols)).copy()
    return constant_from_array(value, dtype)


def _static_int(value, what):
    if hasattr(value, "dtype") or hasattr(value, "_as_graph_tensor"):
        v = _scalar_value(convert_to_tensor(value))
        if v is None:
            raise ValueError("graphflow.eye needs a constant %s, got %r" % (what, value))
        value = v
    value = int(value)
    if value < 0:
        raise ValueError("%s must be >= 0, got %d" % (what, value))
    return value
