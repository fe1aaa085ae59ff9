"""Shared shape/dtype rules for op definitions (they work on partial shapes)."""
from graphflow import dtypes as d
from graphflow.eager.tensor import tf_dtype_name
from graphflow.ops.registry import DTypeError, ShapeError
from graphflow.shapes import broadcast_dims

FLOATS = (d.float16, d.float32, d.float64)
COMPLEX = (d.complex64, d.complex128)
INTS = (d.int8, d.int16, d.int32, d.int64, d.uint8, d.uint16, d.uint32, d.uint64)
SIGNED = FLOATS + COMPLEX + (d.int8, d.int16, d.int32, d.int64)
NUMERIC = FLOATS + COMPLEX + INTS
REAL = FLOATS + INTS
ALL = NUMERIC + (d.bool, d.string)
BOOL = (d.bool,)
INT_BOOL = INTS + (d.bool,)


def check_dtype(opname, dtype, allowed, index=0):
    """Refuse a dtype an op has no kernel for, naming the allowed ones as TF does."""
    if dtype not in allowed:
        raise DTypeError(
            "Value for attr 'T' of %s is not in the list of allowed values: %s; "
            "NodeDef: %s input #%d" % (dtype.name, ", ".join(tf_dtype_name(a) for a in allowed),
                                       opname, index))


def same_dtypes(opname, ins, start=0):
    """All inputs share the first one's dtype, else TF's 'expected to be a X tensor' error."""
    first = ins[start].dtype
    for i in range(start + 1, len(ins)):
        dt = ins[i].dtype
        if dt is not first:
            raise DTypeError(
                "cannot compute %s as input #%d(zero-based) was expected to be a %s tensor "
                "but is a %s tensor" % (opname, i, tf_dtype_name(first), tf_dtype_name(dt)))
    return first


def broadcast(opname, a, b):
    """Broadcast two shape tuples, with TF's message when they conflict."""
    if a == b:
        return a
    try:
        return broadcast_dims(a, b)
    except ValueError:
        raise ShapeError("Incompatible shapes: %s vs. %s" % (list(a), list(b))) from None


def unary(name, allowed, out_dtype=None):
    """Rule for an elementwise unary op: same shape, dtype kept (or `out_dtype`)."""
    def infer(ins, attrs):
        x = ins[0]
        if x.dtype not in allowed:
            check_dtype(name, x.dtype, allowed)
        return [(out_dtype or x.dtype, x._shape)]
    return infer


def binary(name, allowed, out_dtype=None):
    """Rule for an elementwise binary op: equal dtypes, broadcast shapes."""
    def infer(ins, attrs):
        x, y = ins
        dt = x.dtype
        if y.dtype is not dt:
            same_dtypes(name, ins)
        if dt not in allowed:
            check_dtype(name, dt, allowed)
        xs, ys = x._shape, y._shape
        return [(out_dtype or dt, xs if xs == ys else broadcast(name, xs, ys))]
    return infer


def passthrough(ins, attrs):
    """Rule for ops whose single output matches the first input exactly."""
    return [(ins[0].dtype, ins[0]._shape)]


def known(shape):
    """True when a shape tuple has known rank and dims."""
    return shape is not None and None not in shape


def normalize_axis(axis, rank, opname="op"):
    """Map a possibly negative axis into [0, rank), with TF's error when out of range."""
    if rank is None:
        return axis
    if not -rank <= axis < rank:
        raise ShapeError("%s: axis %d is out of range for a tensor of rank %d (expected in "
                         "[%d, %d))" % (opname, axis, rank, -rank, rank))
    return axis % rank


def static_value(t):
    """The value of `t` if it is known without running the graph (eager or Const), else None."""
    v = getattr(t, "_value", None)
    if v is not None:
        return v
    node = getattr(t, "node", None)
    if node is None:
        return None
    name = node.op.name
    if name == "Const":
        return node.attrs["value"]
    if name == "Shape":
        s = node.inputs[0]._shape
        if known(s):
            import numpy as np
            return np.array(s, dtype=node.outputs[0].dtype._np)
    return None


def shape_from_tensor(t):
    """A shape tuple described by a 1-D int tensor `t` (None dims where not static)."""
    v = static_value(t)
    if v is not None:
        return tuple(map(int, v.reshape(-1).tolist()))
    node = getattr(t, "node", None)
    if node is not None and node.op.name == "Shape" and node.inputs[0]._shape is not None:
        return tuple(node.inputs[0]._shape)
    s = t._shape
    if s is None or s[0] is None:
        return None
    return (None,) * s[0]
