"""Cache keys for traced functions, following TF 2's rules.

Tensors and numpy arrays are keyed by dtype and shape; variables by identity;
Python scalars, strings, None and other hashables by type and value; lists, tuples,
dicts and namedtuples by structure with their leaves keyed recursively; anything
else by identity.
"""
import numpy as np

from graphflow.eager.tensor import EagerTensor, Tensor
from graphflow.eager.variable import Variable
from graphflow.graph.node import Output
from graphflow.shapes import TensorSpec
from graphflow import dtypes


def make_key(args, tensors, relaxed=None):
    """A hashable key for `args`; appends tensor-like leaves (the graph inputs) to `tensors`."""
    t = type(args)
    if t is EagerTensor:
        tensors.append(args)
        return (args.dtype, args._value.shape)
    if t is tuple or t is list:
        return (t,) + tuple(make_key(a, tensors) for a in args)
    if t is np.ndarray:
        tensors.append(args)
        return (dtypes.from_numpy(args.dtype), args.shape)
    if t is int or t is float or t is bool or t is str or args is None:
        return (t, args)
    if isinstance(args, Variable):
        return ("var", id(args))
    if isinstance(args, dict):
        return ("dict",) + tuple((k, make_key(args[k], tensors)) for k in sorted(args, key=repr))
    if isinstance(args, tuple):  # namedtuple
        return (t,) + tuple(make_key(a, tensors) for a in args)
    if isinstance(args, TensorSpec):
        tensors.append(args)
        return ("spec", args.dtype, args.shape._dims)
    if isinstance(args, Tensor):
        if type(args) is Output:
            tensors.append(args)
            return (args.dtype, args._shape)
        tensors.append(args)
        return (args.dtype, tuple(args.shape))
    if isinstance(args, np.generic):
        tensors.append(np.asarray(args))
        return (dtypes.from_numpy(args.dtype), ())
    try:
        hash(args)
    except TypeError:
        return ("id", id(args))
    return (t, args)


def spec_of(value):
    """The TensorSpec of a tensor-like leaf (tensor, ndarray or spec)."""
    if isinstance(value, TensorSpec):
        return value
    if isinstance(value, np.ndarray):
        return TensorSpec(value.shape, dtypes.from_numpy(value.dtype))
    return TensorSpec(value.shape, value.dtype)


def relax_key(key):
    """The same key with every tensor shape dim replaced by None (reduce_retracing)."""
    if isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], dtypes.DType):
        shape = key[1]
        return (key[0], None if shape is None else tuple(None for _ in shape))
    if isinstance(key, tuple) and key and key[0] == "spec":
        return key
    if isinstance(key, tuple):
        return tuple(relax_key(k) for k in key)
    return key


def bind_positional(signature, args, kwargs, name):
    """All arguments in parameter order, kwargs and defaults filled in (*args spread, **kwargs
    as one dict), so equivalent calls get the same key."""
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as e:
        raise TypeError("%s: %s" % (name, e)) from None
    bound.apply_defaults()
    out = []
    for pname, p in signature.parameters.items():
        v = bound.arguments.get(pname, ())
        if p.kind is p.VAR_POSITIONAL:
            out.extend(v)
        elif p.kind is p.VAR_KEYWORD:
            out.append(dict(v))
        else:
            out.append(v)
    return tuple(out)
