"""Index-driven ops: gather, gather_nd, scatter_nd, one_hot, boolean_mask."""
import numpy as np

from graphflow import dtypes, errors
from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.array_ops import scalar_tensor as _scalar_tensor
from graphflow.ops.array_ops import shape, reshape, static_shape, where
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError, DTypeError
from graphflow.ops.shape_ops import concat, squeeze, static_int

_INDEX_DTYPE_NAMES = frozenset(("int32", "int64"))  # a set test without DType.__eq__
_ONE_HOT_INDEX_DTYPE_NAMES = frozenset(("uint8", "int32", "int64"))
_INT32 = np.dtype(np.int32)


def _check_indices(opname, idx):
    if idx.dtype.name not in _INDEX_DTYPE_NAMES:
        raise DTypeError("%s: indices must be int32 or int64, got %s" % (opname, idx.dtype.name))


def _bounds(indices, limit, what="indices"):
    """TF's error for an index outside [0, limit)."""
    bad = np.flatnonzero((indices < 0) | (indices >= limit))
    if bad.size:
        pos = np.unravel_index(bad[0], indices.shape)
        raise errors.InvalidArgumentError(
            None, None, "%s[%s] = %d is not in [0, %d)" % (
                what, ",".join(str(int(i)) for i in pos), int(indices.reshape(-1)[bad[0]]),
                limit))


# ---- Gather --------------------------------------------------------------------------------
def _gather_axes(p_rank, i_rank, axis, batch_dims):
    if batch_dims < 0 and i_rank is not None:
        batch_dims += i_rank
    if p_rank is None:
        return axis, batch_dims
    axis = rules.normalize_axis(axis, p_rank, "GatherV2")
    if i_rank is not None and not 0 <= batch_dims <= i_rank:
        raise ShapeError("batch_dims (%d) must be in [0, rank(indices) = %d]"
                         % (batch_dims, i_rank))
    if axis < batch_dims:
        raise ShapeError("batch_dims (%d) must be less than or equal to axis (%d)"
                         % (batch_dims, axis))
    return axis, batch_dims


def _gather_infer(ins, attrs):
    p, idx = ins
    _check_indices("GatherV2", idx)
    ps, js = p._shape, idx._shape
    if ps is None or js is None:
        return [(p.dtype, None)]
    axis, b = _gather_axes(len(ps), len(js), attrs["axis"], attrs["batch_dims"])
    for k in range(b):
        if ps[k] is not None and js[k] is not None and ps[k] != js[k]:
            raise ShapeError("params.shape[%d]: %d should be equal to indices.shape[%d]: %d"
                             % (k, ps[k], k, js[k]))
    return [(p.dtype, ps[:axis] + js[b:] + ps[axis + 1:])]


def _batched(fn, params, indices, *extra, batch_dims, axis):
    """Apply `fn(params_i, indices_i, ..., axis)` per batch element (batch_dims leading dims)."""
    if batch_dims == 0:
        return fn(params, indices, *extra, axis=axis)
    lead = params.shape[:batch_dims]
    n = int(np.prod(lead))
    p = params.reshape((n,) + params.shape[batch_dims:])
    i = indices.reshape((n,) + indices.shape[batch_dims:])
    e = [x.reshape((n,) + x.shape[batch_dims:]) for x in extra]
    parts = [fn(p[k], i[k], *[x[k] for x in e], axis=axis - batch_dims) for k in range(n)]
    out = np.stack(parts) if parts else None
    return out.reshape(lead + out.shape[1:])


def _take(params, indices, axis):
    if indices.dtype == _INT32:
        safe = indices.view(np.uint32)  # negative indices become out of range
    else:
        safe = indices
        if indices.size and indices.min() < 0:
            _bounds(indices, params.shape[axis])
    try:
        return params.take(safe, axis=axis)
    except IndexError:
        _bounds(indices, params.shape[axis])
        raise


def _gather_kernel(params, indices, axis, batch_dims):
    if batch_dims == 0 and 0 <= axis < params.ndim:
        return _take(params, indices, axis)
    axis, b = _gather_axes(params.ndim, indices.ndim, axis, batch_dims)
    if b and 0 in params.shape[:b]:
        shape = params.shape[:axis] + indices.shape[b:] + params.shape[axis + 1:]
        return np.zeros(shape, params.dtype)
    return _batched(_take, params, indices, batch_dims=b, axis=axis)


def _gather_grad(op, dy):
    params, indices = op.inputs
    return [apply(GATHER_GRAD, [dy, indices, shape(params, out_type=dtypes.int64)], op.attrs),
            None]


GATHER = register("GatherV2", ("params", "indices"), _gather_infer, _gather_kernel,
                  attrs={"axis": 0, "batch_dims": 0}, grad=_gather_grad)


def _gather_grad_infer(ins, attrs):
    return [(ins[0].dtype, rules.shape_from_tensor(ins[2]))]


def _scatter_add(dy, indices, zeros, axis):
    out = zeros.copy()
    moved = np.moveaxis(out, axis, 0)
    pre = dy.shape[:axis]
    rows = np.moveaxis(dy.reshape(pre + (indices.size,) + dy.shape[axis + indices.ndim:]),
                       axis, 0)
    np.add.at(moved, indices.reshape(-1), rows)
    return out


def _gather_grad_kernel(dy, indices, params_shape, axis, batch_dims):
    zeros = np.zeros(tuple(int(d) for d in params_shape), dtype=dy.dtype)
    axis, b = _gather_axes(zeros.ndim, indices.ndim, axis, batch_dims)
    if b == 0:
        return _scatter_add(dy, indices, zeros, axis)
    if 0 in zeros.shape[:b]:
        return zeros
    return _batched(lambda z, i, d, axis: _scatter_add(d, i, z, axis), zeros, indices, dy,
                    batch_dims=b, axis=axis)


GATHER_GRAD = register(
    "GatherGrad", ("grad", "indices", "params_shape"), _gather_grad_infer, _gather_grad_kernel,
    attrs={"axis": 0, "batch_dims": 0},
    grad=lambda op, ddx: [apply(GATHER, [ddx, op.inputs[1]], op.attrs), None, None])


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Take slices of `params` at `indices` along `axis` (default batch_dims)."""
    axis = batch_dims if axis is None else static_int(axis)
    return apply(GATHER, [convert_to_tensor(params),
                          convert_to_tensor(indices, dtype_hint=dtypes.int32)],
                 {"axis": axis, "batch_dims": int(batch_dims)})


# ---- GatherNd / ScatterNd --------------------------------------------------------------------
def _gather_nd_infer(ins, attrs):
    p, idx = ins
    _check_indices("GatherNd", idx)
    ps, js = p._shape, idx._shape
    if ps is None or js is None or js[-1] is None:
        return [(p.dtype, None)]
    k = js[-1]
    if k > len(ps):
        raise ShapeError("index innermost dimension length must be <= params rank; saw: "
                         "%d vs. %d" % (k, len(ps)))
    return [(p.dtype, js[:-1] + ps[k:])]


def _gather_nd_kernel(params, indices):
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    if not k:
        out = np.broadcast_to(params, (flat.shape[0],) + params.shape)
        return np.array(out.reshape(indices.shape[:-1] + params.shape))
    try:
        positions = np.ravel_multi_index(flat.T, params.shape[:k])
    except ValueError:
        for axis in range(k):
            _bounds(flat[:, axis], params.shape[axis], "indices[:, %d]" % axis)
        raise
    rows = params.reshape((-1,) + params.shape[k:]).take(positions, axis=0)
    return rows.reshape(indices.shape[:-1] + params.shape[k:])


def _gather_nd_grad(op, dy):
    params, indices = op.inputs
    return [scatter_nd(indices, dy, shape(params, out_type=indices.dtype)), None]


GATHER_ND = register("GatherNd", ("params", "indices"), _gather_nd_infer, _gather_nd_kernel,
                     grad=_gather_nd_grad)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gather slices of `params` addressed by the last axis of `indices`.

    With `batch_dims` b, the first b dims of params and indices are batch dims: the
    batch coordinates are prepended to every index, as TF does.
    """
    params = convert_to_tensor(params)
    indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
    batch_dims = static_int(batch_dims, "batch_dims")
    if batch_dims:
        indices = _with_batch_coordinates(params, indices, batch_dims)
    return apply(GATHER_ND, [params, indices])


def _with_batch_coordinates(params, indices, b):
    """`indices` with the coordinates of their batch element prepended on the last axis."""
    from graphflow.ops.array_ops import broadcast_to
    from graphflow.ops.math_ops import cast
    ps, js = params._shape, indices._shape
    if ps is None or js is None or None in ps[:b]:
        raise ValueError("gather_nd with batch_dims needs params with known batch dims, got "
                         "shape %s" % params.shape)
    if len(js) < b + 1 or js[:b] != ps[:b] and None not in js[:b]:
        raise ValueError("gather_nd: batch dims of params %s and indices %s must match"
                         % (params.shape, indices.shape))
    batch = ps[:b]
    mid = len(js) - b - 1
    grid = np.moveaxis(np.indices(batch), 0, -1).reshape(batch + (1,) * mid + (b,))
    target = concat([shape(indices)[:-1], [b]], 0)
    grid = broadcast_to(cast(grid.astype(np.int64), indices.dtype), target)
    return concat([grid, indices], -1)


def _scatter_nd_infer(ins, attrs):
    idx, upd, s = ins
    _check_indices("ScatterNd", idx)
    return [(upd.dtype, static_shape(s))]


def _scatter_nd_kernel(indices, updates, shape):
    out = np.zeros(tuple(int(d) for d in shape), dtype=updates.dtype)
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    for axis in range(k):
        _bounds(flat[:, axis], out.shape[axis], "indices[:, %d]" % axis)
    np.add.at(out, tuple(flat.T), updates.reshape((flat.shape[0],) + out.shape[k:]))
    return out


SCATTER_ND = register(
    "ScatterNd", ("indices", "updates", "shape"), _scatter_nd_infer, _scatter_nd_kernel,
    grad=lambda op, dy: [None, gather_nd(dy, op.inputs[0]), None])


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of `shape` with `updates` summed in at `indices`."""
    from graphflow.ops.array_ops import shape_arg
    indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
    return apply(SCATTER_ND, [indices, convert_to_tensor(updates), shape_arg(shape)])


# ---- OneHot ----------------------------------------------------------------------------------
def _one_hot_infer(ins, attrs):
    idx, on, off = ins
    if idx.dtype.name not in _ONE_HOT_INDEX_DTYPE_NAMES:
        raise DTypeError("one_hot: indices must be uint8, int32 or int64, got %s"
                         % idx.dtype.name)
    dt = rules.same_dtypes("OneHot", [on, off])
    s = idx._shape
    if s is None:
        return [(dt, None)]
    axis = attrs["axis"]
    if not -1 <= axis <= len(s):
        raise ShapeError("Expected axis to be -1 or between [0, %d).  But received: %d"
                         % (len(s) + 1, axis))
    axis = len(s) if axis == -1 else axis
    return [(dt, s[:axis] + (attrs["depth"],) + s[axis:])]


def _one_hot_kernel(indices, on_value, off_value, depth, axis):
    hot = indices[..., None] == np.arange(depth)
    out = np.where(hot, on_value, off_value).astype(np.asarray(on_value).dtype)
    return out if axis == -1 else np.moveaxis(out, -1, axis)


ONE_HOT = register("OneHot", ("indices", "on_value", "off_value"), _one_hot_infer,
                   _one_hot_kernel, attrs={"depth": 1, "axis": -1})


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """Vectors that are `on_value` at each index and `off_value` elsewhere."""
    indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
    depth = static_int(depth, "depth")
    given = [convert_to_tensor(v) for v in (on_value, off_value) if v is not None]
    if dtype is None:
        dtype = given[0].dtype if given else dtypes.float32
    dtype = dtypes.as_dtype(dtype)
    for t in given:
        if t.dtype is not dtype:
            raise TypeError("dtype %s of on_value/off_value does not match dtype parameter %s"
                            % (t.dtype.name, dtype.name))
    on = _scalar_tensor(1, dtype) if on_value is None else convert_to_tensor(on_value,
                                                                             dtype=dtype)
    off = _scalar_tensor(0, dtype) if off_value is None else convert_to_tensor(off_value,
                                                                              dtype=dtype)
    return apply(ONE_HOT, [indices, on, off],
                 {"depth": depth, "axis": -1 if axis is None else static_int(axis)})


# ---- boolean_mask ----------------------------------------------------------------------------
def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements (or slices) of `tensor` where boolean `mask` is true, as TF."""
    tensor = convert_to_tensor(tensor)
    mask = convert_to_tensor(mask)
    if mask.dtype is not dtypes.bool:
        raise TypeError("boolean_mask: mask must be a bool tensor, got %s" % mask.dtype.name)
    ms, ts = mask._shape, tensor._shape
    if ms is None:
        raise ValueError("Number of mask dimensions must be specified, even if some "
                         "dimensions are None.  E.g. shape=[None] is ok, but shape=None is "
                         "not.")
    k = len(ms)
    axis = 0 if axis is None else int(axis)
    if ts is not None:
        axis %= max(len(ts), 1)
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    if ts is not None:
        part = ts[axis:axis + k]
        if len(part) != k or any(a is not None and b is not None and a != b
                                 for a, b in zip(part, ms)):
            raise ValueError("Shapes %s and %s are incompatible"
                             % (_shape_text(part), _shape_text(ms)))
    if ts is not None and None not in ts:
        flat_shape = list(ts[:axis]) + [-1] + list(ts[axis + k:])
    else:
        s = shape(tensor)
        flat_shape = concat([s[:axis], [-1], s[axis + k:]], 0)
    flat = reshape(tensor, flat_shape)
    index = squeeze(where(reshape(mask, [-1])), axis=[1])
    return gather(flat, index, axis=axis)


def _shape_text(dims):
    from graphflow.shapes import TensorShape
    return str(TensorShape(dims))
