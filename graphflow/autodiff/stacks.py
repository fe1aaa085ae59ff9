"""Per-iteration stacks a differentiated While keeps for its backward pass (TF's
accumulators). A stack is a `variant` value: pushes are O(1) and never change a value
another op still holds (an append-only log shared by successive versions).

For higher-order gradients a stack is differentiable: its gradient is a TensorList
(one gradient per saved iteration), as for TensorArrays.
"""
import numpy as np

from graphflow import dtypes
from graphflow.autodiff.tensor_array_grad import get_item_grad, item_attrs
from graphflow.eager.context import apply
from graphflow.ops import tensor_array_ops as ta
from graphflow.ops.registry import register, set_grad


class StackValue:
    """The first `length` entries of the shared append-only list `log`."""

    __slots__ = ("log", "length")
    shape = ()
    ndim = 0

    def __init__(self, log, length):
        self.log = log
        self.length = length

    def push(self, value):
        if self.length == len(self.log):
            self.log.append(value)
            return StackValue(self.log, self.length + 1)
        log = self.log[:self.length] + [value]
        return StackValue(log, len(log))

    @property
    def items(self):
        """The saved values, oldest first (what TensorList ops see)."""
        return tuple(self.log[:self.length])

    def get(self, index):
        if not 0 <= index < self.length:
            raise IndexError("stack index %d out of range for %d saved iterations"
                             % (index, self.length))
        return self.log[index]

    def __repr__(self):
        return "Stack(%d items)" % self.length


def _variant(ins, attrs):
    return [(dtypes.variant, ())]


EMPTY_STACK = register("EmptyStack", (), _variant, lambda: StackValue([], 0),
                       foldable=False)
STACK_PUSH = register("StackPush", ("stack", "value"), _variant,
                      lambda s, x: s.push(x), foldable=False)
STACK_GET = register("StackGet", ("stack", "index"),
                     lambda ins, attrs: [(attrs["element_dtype"], attrs["element_shape"])],
                     lambda s, i, element_dtype, element_shape: s.get(int(i)),
                     attrs={"element_dtype": None, "element_shape": None}, foldable=False)


def stack_get(stack, index, like):
    """The value pushed at `index`, typed like tensor `like`."""
    return apply(STACK_GET, [stack, index], item_attrs(like))


set_grad("StackGet")(get_item_grad)


@set_grad("StackPush")
def _stack_push_grad(op, dlist):
    stack, value = op.inputs
    length = apply(ta.LENGTH, [stack])
    d_stack = apply(ta.RESIZE, [dlist, length])
    d_value = apply(ta.GET_ITEM, [dlist, length], item_attrs(value))
    return [d_stack, d_value]


def _to_tensor_infer(ins, attrs):
    shape = attrs["element_shape"]
    return [(attrs["element_dtype"], None if shape is None else (None,) + tuple(shape))]


def _to_tensor(s, element_dtype, element_shape):
    if s.length == 0:
        return np.zeros((0,) + tuple(element_shape or ()), element_dtype.as_numpy_dtype)
    return np.stack(s.items)


STACK_TO_TENSOR = register("StackToTensor", ("stack",), _to_tensor_infer, _to_tensor,
                           attrs={"element_dtype": None, "element_shape": None},
                           foldable=False)


def stack_to_tensor(stack, like):
    """All pushed values stacked along a new first axis, typed like tensor `like`."""
    return apply(STACK_TO_TENSOR, [stack], {"element_dtype": like.dtype,
                                            "element_shape": like._shape})
