"""Loop and branch state as flat tensors: each variable (a tensor, Python number, nested
structure or TensorArray) flattens to graph values and is rebuilt after the op."""
from graphflow import nest
from graphflow.autograph.operators.undefined import Undefined, UndefinedReturnValue
from graphflow.autograph.pyct import origin
from graphflow.ops.convert import convert_to_tensor


def _is_tensor_array(value):
    from graphflow.ops.tensor_array_ops import TensorArray
    return isinstance(value, TensorArray)


def flatten(name, value, what):
    """Graph values of variable `name`; TypeError naming it when one is not a tensor."""
    leaves = []
    for leaf in nest.flatten(value):
        if _is_tensor_array(leaf):
            leaves.append(leaf.handle)
            continue
        if leaf is None:
            raise ValueError("'%s' is None %s; graph control flow needs a tensor (or a "
                             "structure of tensors) there.%s"
                             % (name, what, origin.user_location_text()))
        if isinstance(leaf, (Undefined, UndefinedReturnValue)):
            raise ValueError("'%s' must be defined %s, got %r.%s"
                             % (name, what, leaf, origin.user_location_text()))
        try:
            leaves.append(convert_to_tensor(leaf))
        except (TypeError, ValueError) as e:
            raise TypeError("'%s' %s must be a tensor or convertible to one, got %r (%s).%s"
                            % (name, what, leaf, e, origin.user_location_text())) from None
    return leaves


def unflatten(like, leaves):
    """Rebuild a variable shaped as `like` from graph values (TensorArrays re-wrapped)."""
    it = iter(leaves)

    def rebuild(leaf):
        value = next(it)
        return leaf.with_handle(value) if _is_tensor_array(leaf) else value
    flat = [rebuild(leaf) for leaf in nest.flatten(like)]
    return nest.pack_sequence_as(like, flat) if nest.is_nested(like) else flat[0]


def count(value):
    return len(nest.flatten(value))


def check_item_writes(item_writes, where):
    """Reject item assignments to outer Python lists and dicts inside graph control flow:
    the op cannot carry them, and the collection would keep values of its inner graph."""
    for name, load in item_writes:
        try:
            value = load()
        except (NameError, AttributeError):
            continue
        if isinstance(value, (list, dict)):
            raise ValueError(
                "'%s' is a Python %s modified by item assignment (%s[...] = ...) inside %s, "
                "which cannot carry it; only whole variables and items at constant keys "
                "(%s[0], %s['key']) are carried. Assign a new value to the variable or use "
                "a TensorArray or tensor instead.%s"
                % (name, type(value).__name__, name, where, name, name,
                   origin.user_location_text()))
