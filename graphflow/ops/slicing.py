"""Tensor indexing (`t[...]`) as one StridedSlice op whose index spec is an attr.

The spec is a tuple of items: ("i", k) an int index, ("s", start, stop, step) a
slice, ("...",) an ellipsis, ("new",) a new axis. Any int or bound may instead be
("in", j): the j-th extra input, a scalar integer tensor known only at run time.
"""
import functools

import numpy as np

from graphflow import errors
from graphflow.eager.context import apply
from graphflow.eager.tensor import Tensor
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError


def _dyn(v, dyn):
    return int(dyn[v[1]]) if isinstance(v, tuple) else v


def to_index(spec, dyn):
    """The numpy index tuple for a spec, with dynamic values filled in."""
    out = []
    for item in spec:
        kind = item[0]
        if kind == "i":
            out.append(_dyn(item[1], dyn))
        elif kind == "s":
            out.append(slice(*(None if v is None else _dyn(v, dyn) for v in item[1:])))
        elif kind == "...":
            out.append(Ellipsis)
        else:
            out.append(np.newaxis)
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def _static_index(spec):
    """`to_index` for specs without run-time values (cached: specs repeat a lot)."""
    return to_index(spec, ())


def _kernel(x, *dyn, spec):
    idx = to_index(spec, dyn) if dyn else _static_index(spec)
    try:
        return np.asarray(x[idx])
    except IndexError as e:
        raise errors.InvalidArgumentError(None, None, "slice index out of bounds: %s" % e) \
            from None


@functools.lru_cache(maxsize=1024)
def result_shape(shape, spec):
    """Static result shape of indexing `shape` with `spec` (None where unknown)."""
    if shape is None:
        return None
    consumed = sum(1 for it in spec if it[0] in ("i", "s"))
    if consumed > len(shape):
        raise ShapeError("Index out of range: %d indices for a tensor of rank %d"
                         % (consumed, len(shape)))
    out, dim = [], 0
    for it in spec:
        kind = it[0]
        if kind == "...":
            n = len(shape) - consumed
            out.extend(shape[dim:dim + n])
            dim += n
        elif kind == "new":
            out.append(1)
        elif kind == "i":
            size = shape[dim]
            k = it[1]
            if size is not None and not isinstance(k, tuple) and not -size <= k < size:
                raise ShapeError("slice index %d of dimension %d out of bounds." % (k, dim))
            dim += 1
        else:
            size = shape[dim]
            bounds = it[1:]
            if bounds[2] == 0:
                raise ShapeError("strides[%d] must be non-zero" % dim)
            if size is None or any(isinstance(b, tuple) for b in bounds):
                out.append(None)
            else:
                out.append(len(range(*slice(*bounds).indices(size))))
            dim += 1
    out.extend(shape[dim:])
    return tuple(out)


def _infer(ins, attrs):
    x = ins[0]
    return [(x.dtype, result_shape(x._shape, attrs["spec"]))]


def _grad(op, dy):
    return [apply(SLICE_GRAD, [dy, op.inputs[0]] + list(op.inputs[1:]), op.attrs)] + \
        [None] * (len(op.inputs) - 1)


def _grad_kernel(dy, x, *dyn, spec):
    out = np.zeros(np.shape(x), dtype=np.asarray(dy).dtype)
    out[to_index(spec, dyn)] = dy
    return out


def _grad_infer(ins, attrs):
    return [(ins[0].dtype, ins[1]._shape)]


def _grad_grad(op, ddx):
    return [apply(STRIDED_SLICE, [ddx] + list(op.inputs[2:]), op.attrs), None] + \
        [None] * (len(op.inputs) - 2)


STRIDED_SLICE = register("StridedSlice", ("input", "dynamic_indices*"), _infer, _kernel,
                         attrs={"spec": ()}, grad=_grad)
SLICE_GRAD = register("StridedSliceGrad", ("dy", "like", "dynamic_indices*"), _grad_infer,
                      _grad_kernel, attrs={"spec": ()}, grad=_grad_grad)


_BAD_INDEX = ("Only integers, slices (`:`), ellipsis (`...`), graphflow.newaxis (`None`) and "
              "scalar int32/int64 tensors are valid indices, got %r")


def _scalar(v, dyn):
    """One int or slice bound of a key: an int, None, or ("in", j) for a tensor."""
    if v is None or type(v) is int:
        return v
    if isinstance(v, Tensor) or hasattr(v, "_as_graph_tensor"):
        t = convert_to_tensor(v)
        if not t.dtype.is_integer or (t._shape is not None and len(t._shape) != 0):
            raise TypeError(_BAD_INDEX % (v,))
        dyn.append(t)
        return ("in", len(dyn) - 1)
    if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
        return int(v)
    raise TypeError(_BAD_INDEX % (v,))


def parse_index(key):
    """Turn a Python index into (spec, dynamic tensors); TypeError for unsupported keys."""
    if not isinstance(key, tuple):
        key = (key,)
    spec, dyn = [], []
    ellipses = 0
    for k in key:
        if k is Ellipsis:
            spec.append(("...",))
            ellipses += 1
        elif k is None:
            spec.append(("new",))
        elif type(k) is slice:
            spec.append(("s", _scalar(k.start, dyn), _scalar(k.stop, dyn),
                         _scalar(k.step, dyn)))
        else:
            spec.append(("i", _scalar(k, dyn)))
    if ellipses > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    return tuple(spec), dyn


def getitem(tensor, key):
    """`tensor[key]` as TF's strided slice."""
    spec, dyn = parse_index(key)
    return apply(STRIDED_SLICE, [convert_to_tensor(tensor)] + dyn, {"spec": spec})
