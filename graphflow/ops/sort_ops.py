"""Sorting: sort, argsort and top_k, plus the gather/scatter pair their gradients use."""
import collections

import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import REAL
from graphflow.ops.reduction_ops import single_axis


def _stable_order(x, axis, descending):
    """Stable argsort along `axis`; equal values keep their original order either way."""
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    n = x.shape[axis]
    flipped = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return np.flip(n - 1 - flipped, axis)


def _check_axis(name, shape, axis):
    if shape is not None:
        rules.normalize_axis(axis, len(shape), name)


# ---- ArgSort ---------------------------------------------------------------------------------
def _argsort_infer(ins, attrs):
    x = ins[0]
    if x.dtype not in REAL:
        rules.check_dtype("ArgSort", x.dtype, REAL)
    _check_axis("argsort", x._shape, attrs["axis"])
    return [(dtypes.int32, x._shape)]


_ARGSORT = register("ArgSort", ("values",), _argsort_infer,
                    lambda x, axis, descending: _stable_order(x, axis, descending).astype(
                        np.int32),
                    attrs={"axis": -1, "descending": False})


def _direction(direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError('`direction` should be one of {"ASCENDING", "DESCENDING"}. '
                         'Received: direction=%r' % (direction,))
    return direction == "DESCENDING"


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """Indices (int32) that sort `values` along `axis`; ties keep their order."""
    return apply(_ARGSORT, [convert_to_tensor(values)],
                 {"axis": single_axis(axis), "descending": _direction(direction)})


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`values` sorted along `axis`; differentiable through the permutation."""
    values = convert_to_tensor(values)
    return take_along_axis(values, argsort(values, axis, direction), axis)


# ---- Gather/scatter along an axis (permutations and top-k selections) -------------------------
def _take_infer(ins, attrs):
    x, idx = ins
    _check_axis("take_along_axis", x._shape, attrs["axis"])
    return [(x.dtype, idx._shape)]


def _take_grad(op, dy):
    x, idx = op.inputs
    return [scatter_along_axis(dy, idx, x, op.attrs["axis"]), None]


def _scatter_infer(ins, attrs):
    return [(ins[0].dtype, ins[2]._shape)]


def _scatter_kernel(updates, indices, like, axis):
    out = np.zeros(np.shape(like), updates.dtype)
    np.put_along_axis(out, indices.astype(np.intp), updates, axis)
    return out


def _scatter_grad(op, dy):
    return [take_along_axis(dy, op.inputs[1], op.attrs["axis"]), None, None]


_TAKE = register("TakeAlongAxis", ("x", "indices"), _take_infer,
                 lambda x, indices, axis: np.take_along_axis(x, indices.astype(np.intp), axis),
                 attrs={"axis": -1}, grad=_take_grad)
_SCATTER = register("ScatterAlongAxis", ("updates", "indices", "like"), _scatter_infer,
                    _scatter_kernel, attrs={"axis": -1}, grad=_scatter_grad)


def take_along_axis(x, indices, axis):
    """x's values at `indices` along `axis` (numpy's take_along_axis)."""
    return apply(_TAKE, [convert_to_tensor(x), convert_to_tensor(indices)], {"axis": int(axis)})


def scatter_along_axis(updates, indices, like, axis):
    """Zeros shaped like `like` with `updates` put at distinct `indices` along `axis`."""
    return apply(_SCATTER, [updates, indices, like], {"axis": int(axis)})


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


# ---- TopKV2 ----------------------------------------------------------------------------------
def _topk_infer(ins, attrs):
    x, k = ins
    if x.dtype not in REAL:
        rules.check_dtype("TopKV2", x.dtype, REAL)
    if k.dtype not in (dtypes.int32, dtypes.int64) or k._shape != ():
        raise ShapeError("k must be a 0-D int32 tensor, got %s of shape %s"
                         % (k.dtype.name, k._shape))
    kv = rules.static_value(k)
    s = x._shape
    if s is None:
        return [(x.dtype, None), (dtypes.int32, None)]
    if len(s) < 1:
        raise ShapeError("input must be at least 1-D, got shape %s" % (list(s),))
    if kv is not None:
        kv = int(kv)
        if kv < 0:
            raise ShapeError("Need k >= 0, got %d" % kv)
        if s[-1] is not None and s[-1] < kv:
            raise ShapeError("input must have at least k columns. Had %d, needed %d"
                             % (s[-1], kv))
    out = s[:-1] + (kv,)
    return [(x.dtype, out), (dtypes.int32, out)]


def _topk_kernel(x, k, sorted):  # noqa: A002 - TF's attr name
    k = int(k)
    if k < 0 or x.shape[-1] < k:
        raise ValueError("input must have at least k columns. Had %d, needed %d"
                         % (x.shape[-1], k))
    idx = _stable_order(x, -1, True)[..., :k]
    return np.take_along_axis(x, idx, -1), idx.astype(np.int32)


def _topk_grad(op, dvalues, dindices):
    if dvalues is None:
        return [None, None]
    return [scatter_along_axis(dvalues, op.outputs[1], op.inputs[0], -1), None]


_TOPK = register("TopKV2", ("input", "k"), _topk_infer, _topk_kernel,
                 attrs={"sorted": True}, grad=_topk_grad)


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 - TF's names
    """The k largest entries of the last axis and their int32 indices (ties: lower first)."""
    k = convert_to_tensor(k, dtype_hint=dtypes.int32)
    values, indices = apply(_TOPK, [convert_to_tensor(input), k], {"sorted": bool(sorted)})
    return TopKV2(values, indices)
