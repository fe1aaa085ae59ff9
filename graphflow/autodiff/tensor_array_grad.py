"""Gradients of the TensorList ops behind `TensorArray` (ops/tensor_array_ops.py).

The gradient of a list is itself a list (a `variant` tensor) holding one gradient per
item; unwritten items read as zeros. Two lists' gradients add item by item.
"""
import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops import array_ops
from graphflow.ops import tensor_array_ops as ta
from graphflow.ops.registry import register, set_grad


def _add_items(a, b):
    n = max(len(a.items), len(b.items))
    items = list(a.items) + [None] * (n - len(a.items))
    for i, v in enumerate(b.items):
        if v is not None:
            items[i] = v if items[i] is None else np.add(items[i], v)
    return ta.TensorListValue(items)


LIST_ADD = register("TensorListAdd", ("a", "b"), lambda ins, attrs: [(dtypes.variant, ())],
                    _add_items, foldable=False)


def _scatter_add(handle, indices, values):
    items = list(handle.items)
    for i, v in zip(np.asarray(indices).reshape(-1), np.asarray(values)):
        i = int(i)
        items.extend([None] * (i + 1 - len(items)))
        items[i] = v if items[i] is None else np.add(items[i], v)
    return ta.TensorListValue(items)


SCATTER_ADD = register("TensorListScatterAdd", ("handle", "indices", "values"),
                       lambda ins, attrs: [(dtypes.variant, ())], _scatter_add, foldable=False)


def add_lists(a, b):
    """Item-wise sum of two list gradients."""
    return apply(LIST_ADD, [a, b])


def item_attrs(t):
    """TensorList attrs describing items shaped like tensor `t`."""
    return {"element_dtype": t.dtype, "element_shape": t._shape}


def zeros_list(like):
    """A list gradient of zeros with as many items as list `like`."""
    return apply(ta.RESERVE, [apply(ta.LENGTH, [like])], {"element_dtype": None,
                                                          "element_shape": None})


@set_grad("TensorListStack")
def _stack_grad(op, dy):
    return [apply(ta.FROM_TENSOR, [dy], dict(op.attrs))]


@set_grad("TensorListFromTensor")
def _from_tensor_grad(op, dlist):
    t = op.inputs[0]
    shape = None if t._shape is None else tuple(t._shape[1:])
    stacked = apply(ta.STACK, [dlist], {"element_dtype": t.dtype, "element_shape": shape})
    return [array_ops.reshape(stacked, array_ops.shape(t))]


@set_grad("TensorListGetItem")
def get_item_grad(op, dy):
    """Also the gradient of StackGet (a stack is a TensorList read by index)."""
    handle, index = op.inputs
    return [apply(ta.SET_ITEM, [zeros_list(handle), index, dy], {"resize": False}), None]


@set_grad("TensorListSetItem")
def _set_item_grad(op, dlist):
    _, index, item = op.inputs
    d_handle = apply(ta.SET_ITEM, [dlist, index, array_ops.zeros_like(item)],
                     {"resize": True})
    d_item = apply(ta.GET_ITEM, [dlist, index], item_attrs(item))
    return [d_handle, None, d_item]


@set_grad("TensorListGather")
def _gather_grad(op, dy):
    handle, indices = op.inputs
    return [apply(SCATTER_ADD, [zeros_list(handle), indices, dy]), None]


@set_grad("TensorListScatter")
def _scatter_grad(op, dlist):
    _, indices, values = op.inputs
    d_handle = apply(ta.SCATTER, [dlist, indices, array_ops.zeros_like(values)],
                     {"resize": True})
    shape = None if values._shape is None else tuple(values._shape[1:])
    d_values = apply(ta.GATHER, [dlist, indices],
                     {"element_dtype": values.dtype, "element_shape": shape})
    return [d_handle, None, d_values]


def _split_like(dy, handle):
    sizes = [0 if item is None else np.shape(item)[0] for item in handle.items]
    return ta.TensorListValue(np.split(dy, np.cumsum(sizes)[:-1]))


SPLIT_LIKE = register("TensorListSplitLike", ("tensor", "like"),
                      lambda ins, attrs: [(dtypes.variant, ())], _split_like, foldable=False)


@set_grad("TensorListConcat")
def _concat_grad(op, dy):
    """Split the gradient back into pieces as long as the concatenated items."""
    return [apply(SPLIT_LIKE, [dy, op.inputs[0]])]


@set_grad("TensorListResize")
def _resize_grad(op, dlist):
    handle = op.inputs[0]
    return [apply(ta.RESIZE, [dlist, apply(ta.LENGTH, [handle])]), None]
