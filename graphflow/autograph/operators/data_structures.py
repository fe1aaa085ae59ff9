"""List operations that become TensorArray operations on tensor-loop state."""


def _is_tensor_array(value):
    from graphflow.ops.tensor_array_ops import TensorArray
    return isinstance(value, TensorArray)


def list_append(target, element):
    """`target.append(element)`, returning the list (a new TensorArray for TensorArrays)."""
    if _is_tensor_array(target):
        return target.write(target.size(), element)
    target.append(element)
    return target


def list_pop(target):
    """(list, last element) after `target.pop()`."""
    if _is_tensor_array(target):
        from graphflow.ops import math_ops
        last = math_ops.subtract(target.size(), 1)
        value = target.read(last)
        return target.resize(last), value
    return target, target.pop()


def list_stack(original, value, **kwargs):
    """`graphflow.stack(l)`: the TensorArray's stack when `l` became one, else the call."""
    if _is_tensor_array(value):
        return value.stack()
    return original(value, **kwargs)
