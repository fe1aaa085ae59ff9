"""TensorArray: a list of same-typed tensors that works eagerly and as loop-carried state.

Inside graphs a TensorArray is one scalar `variant` tensor holding an immutable list value
(TF's TensorList); every write makes a new value, so While loops carry it like any tensor.
The Python `TensorArray` object adds the static dtype and element shape.
"""
import numpy as np

from graphflow import dtypes, errors
from graphflow.ops.registry import register, ShapeError


class TensorListValue:
    """The runtime value of a TensorArray: a tuple of arrays (None = never written)."""

    __slots__ = ("items",)
    shape = ()
    ndim = 0

    def __init__(self, items):
        self.items = tuple(items)

    def __repr__(self):
        return "TensorList(%d items)" % len(self.items)


def _list_spec(ins, attrs):
    return [(dtypes.variant, ())]


def _elem_dtype(attrs):
    return attrs["element_dtype"]


def _check_index(items, index, op):
    if index < 0 or index >= len(items):
        raise errors.OutOfRangeError("%s: index %d is out of range for a TensorArray of size %d"
                                     % (op, index, len(items)))


def _item(items, index, element_dtype, element_shape):
    _check_index(items, index, "read")
    value = items[index]
    if value is not None:
        return value
    return _zeros(items, element_dtype, element_shape, index)


def _zeros(items, element_dtype, element_shape, index):
    written = next((v for v in items if v is not None), None)
    if written is not None:
        return np.zeros(written.shape, element_dtype.as_numpy_dtype)
    if element_shape is None or None in element_shape:
        raise ValueError("Could not read index %d of a TensorArray: it was never written and "
                         "the element shape is not fully defined" % index)
    return np.zeros(element_shape, element_dtype.as_numpy_dtype)


def _stacked(items, element_dtype, element_shape):
    if not items:
        if element_shape is None or None in element_shape:
            raise ValueError("Tried to stack an empty TensorArray whose element shape is not "
                             "fully defined")
        return np.zeros((0,) + tuple(element_shape), element_dtype.as_numpy_dtype)
    return np.stack([_item(items, i, element_dtype, element_shape) for i in range(len(items))])


def _set_item(items, index, value, resize):
    items = list(items)
    if index < 0:
        raise errors.OutOfRangeError("Writing to negative indices (index %d) is not allowed."
                                     % index)
    if index >= len(items):
        if not resize:
            raise errors.OutOfRangeError("Tried to write to index %d but array is not "
                                         "resizeable and size is: %d" % (index, len(items)))
        items.extend([None] * (index + 1 - len(items)))
    items[index] = value
    return TensorListValue(items)


def _stack_shape(ins, attrs):
    shape = attrs["element_shape"]
    return [(_elem_dtype(attrs), None if shape is None else (None,) + tuple(shape))]


def _concat_shape(ins, attrs):
    shape = attrs["element_shape"]
    if shape is not None and not shape:
        raise ShapeError("Concat saw a scalar element shape; TensorArray.concat needs "
                         "elements of rank >= 1")
    return [(_elem_dtype(attrs), None if shape is None else (None,) + tuple(shape[1:]))]


_ATTRS = {"element_dtype": None, "element_shape": None}
RESERVE = register("TensorListReserve", ("num_elements",), _list_spec,
                   lambda n, **a: TensorListValue([None] * int(n)), attrs=dict(_ATTRS),
                   foldable=False)
FROM_TENSOR = register("TensorListFromTensor", ("tensor",), _list_spec,
                       lambda t, **a: TensorListValue(list(np.asarray(t))), attrs=dict(_ATTRS),
                       foldable=False)
SET_ITEM = register("TensorListSetItem", ("handle", "index", "item"), _list_spec,
                    lambda h, i, v, resize: _set_item(h.items, int(i), np.asarray(v), resize),
                    attrs={"resize": False}, foldable=False)
SCATTER = register("TensorListScatter", ("handle", "indices", "values"), _list_spec,
                   lambda h, idx, vals, resize: _scatter(h, idx, vals, resize),
                   attrs={"resize": False}, foldable=False)
RESIZE = register("TensorListResize", ("handle", "size"), _list_spec,
                  lambda h, n: TensorListValue((list(h.items) + [None] * int(n))[:int(n)]),
                  foldable=False)
GET_ITEM = register("TensorListGetItem", ("handle", "index"),
                    lambda ins, attrs: [(_elem_dtype(attrs), attrs["element_shape"])],
                    lambda h, i, element_dtype, element_shape: _item(
                        h.items, int(i), element_dtype, element_shape),
                    attrs=dict(_ATTRS), foldable=False)
LENGTH = register("TensorListLength", ("handle",), lambda ins, attrs: [(dtypes.int32, ())],
                  lambda h: np.int32(len(h.items)), foldable=False)
STACK = register("TensorListStack", ("handle",), _stack_shape,
                 lambda h, element_dtype, element_shape: _stacked(
                     h.items, element_dtype, element_shape),
                 attrs=dict(_ATTRS), foldable=False)
GATHER = register("TensorListGather", ("handle", "indices"), _stack_shape,
                  lambda h, idx, element_dtype, element_shape: _gather(
                      h, idx, element_dtype, element_shape),
                  attrs=dict(_ATTRS), foldable=False)
CONCAT = register("TensorListConcat", ("handle",), _concat_shape,
                  lambda h, element_dtype, element_shape: _concat(
                      h, element_dtype, element_shape),
                  attrs=dict(_ATTRS), foldable=False)


def _split_grad(op, dlist):
    """The pieces' gradients concatenated back; none for the lengths."""
    t = op.inputs[0]
    shape = None if t._shape is None else (None,) + tuple(t._shape[1:])
    from graphflow.eager.context import apply
    return [apply(CONCAT, [dlist], {"element_dtype": t.dtype, "element_shape": shape}), None]


SPLIT = register("TensorListSplit", ("tensor", "lengths"), _list_spec,
                 lambda t, lengths: _split(t, lengths), grad=_split_grad, foldable=False)


def _split(tensor, lengths):
    lengths = np.asarray(lengths).reshape(-1).astype(np.int64)
    if (lengths < 0).any() or int(lengths.sum()) != tensor.shape[0]:
        raise ValueError("Expected sum of lengths to be equal to values.shape[0], but sum of "
                         "lengths is %d and value's shape is: %s"
                         % (int(lengths.sum()), list(tensor.shape)))
    return TensorListValue(np.split(tensor, np.cumsum(lengths)[:-1]))


def _scatter(handle, indices, values, resize):
    value = handle
    for i, v in zip(np.asarray(indices).reshape(-1), np.asarray(values)):
        value = _set_item(value.items, int(i), np.asarray(v), resize)
    return value


def _gather(handle, indices, element_dtype, element_shape):
    picked = [_item(handle.items, int(i), element_dtype, element_shape)
              for i in np.asarray(indices).reshape(-1)]
    if not picked:
        return _stacked((), element_dtype, element_shape)
    return np.stack(picked)


def _concat(handle, element_dtype, element_shape):
    parts = [_item(handle.items, i, element_dtype, element_shape)
             for i in range(len(handle.items))]
    if not parts:
        return np.zeros((0,) + tuple(element_shape[1:]), element_dtype.as_numpy_dtype)
    return np.concatenate(parts, axis=0)


from graphflow.ops.tensor_array import TensorArray  # noqa: E402,F401
