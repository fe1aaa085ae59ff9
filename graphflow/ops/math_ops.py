"""Elementwise binary arithmetic, comparisons and logic, each op defined once with its grad."""
import numpy as np

from graphflow import dtypes, errors
from graphflow.eager.context import apply
from graphflow.eager.tensor import Tensor
from graphflow.ops.convert import convert_scalar_like, convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import NUMERIC, FLOATS, COMPLEX, REAL, BOOL, INT_BOOL
from graphflow.ops.unbroadcast import unbroadcast


def binary_args(x, y):
    """Convert an operand pair: a Python operand takes the tensor operand's dtype."""
    if not isinstance(x, Tensor) and hasattr(x, "_as_graph_tensor"):
        x = x._as_graph_tensor()
    if not isinstance(y, Tensor) and hasattr(y, "_as_graph_tensor"):
        y = y._as_graph_tensor()
    if isinstance(x, Tensor):
        return x, (y if isinstance(y, Tensor) else convert_scalar_like(y, x))
    if isinstance(y, Tensor):
        return convert_scalar_like(x, y), y
    x = convert_to_tensor(x)
    return x, convert_scalar_like(y, x)


def _binary(name, allowed, kernel, grad=None, out_dtype=None, **flags):
    op = register(name, ("x", "y"), rules.binary(name, allowed, out_dtype), kernel,
                  grad=grad, elementwise=True, **flags)

    def public(x, y, name=None):
        x, y = binary_args(x, y)
        return apply(op, [x, y])
    public.op = op
    return public


def _g_add(op, dy):
    x, y = op.inputs
    return [unbroadcast(dy, x), unbroadcast(dy, y)]


def _g_sub(op, dy):
    x, y = op.inputs
    return [unbroadcast(dy, x), unbroadcast(negative(dy), y)]


def _g_mul(op, dy):
    x, y = op.inputs
    return [unbroadcast(multiply(dy, y), x), unbroadcast(multiply(dy, x), y)]


def _g_div(op, dy):
    x, y = op.inputs
    return [unbroadcast(realdiv(dy, y), x),
            unbroadcast(negative(multiply(dy, realdiv(op.outputs[0], y))), y)]


def _g_pow(op, dy):
    from graphflow.ops import unary_ops as u
    from graphflow.ops import array_ops
    x, y = op.inputs
    z = op.outputs[0]
    gx = multiply(dy, multiply(y, pow(x, subtract(y, convert_scalar_like(1, y)))))
    safe_log = u.log(array_ops.where(greater(x, 0), x, array_ops.ones_like(x)))
    gy = multiply(dy, multiply(z, array_ops.where(greater(x, 0), safe_log,
                                                  array_ops.zeros_like(x))))
    return [unbroadcast(gx, x), unbroadcast(gy, y) if y.dtype.is_floating else None]


def _g_maxmin(pick):
    def grad(op, dy):
        from graphflow.ops import array_ops
        x, y = op.inputs
        mask = pick(x, y)
        zeros = array_ops.zeros_like(dy)
        return [unbroadcast(array_ops.where(mask, dy, zeros), x),
                unbroadcast(array_ops.where(mask, zeros, dy), y)]
    return grad


def _g_sqdiff(op, dy):
    x, y = op.inputs
    g = multiply(dy, multiply(convert_scalar_like(2, x), subtract(x, y)))
    return [unbroadcast(g, x), unbroadcast(negative(g), y)]


def _g_atan2(op, dy):
    y, x = op.inputs
    scale = realdiv(dy, add(multiply(x, x), multiply(y, y)))
    return [unbroadcast(multiply(scale, x), y), unbroadcast(negative(multiply(scale, y)), x)]


def _refuse_int_division_by_zero(fn):
    """Wrap kernel fn(x, y) to raise TF's error for an integer division by zero."""
    def kernel(x, y):
        if x.dtype.kind in "iu" and np.any(np.asarray(y) == 0):
            raise ZeroDivisionError("Integer division by zero")
        return fn(x, y)
    return kernel


def _floordiv(x, y):
    return np.floor_divide(x, y) if x.dtype.kind in "iu" else np.floor(np.divide(x, y))


def _truncatediv(x, y):
    if x.dtype.kind in "iu":
        return (np.sign(x) * np.sign(y) * (np.abs(x) // np.abs(y))).astype(x.dtype)
    return np.trunc(np.divide(x, y))


def _g_mod(quotient):
    """x mod y = x - q * y with q piecewise constant: dx = dy, d/dy = -dy * q."""
    def grad(op, dy):
        x, y = op.inputs
        if not x.dtype.is_floating:
            return [None, None]
        q = quotient(x, y)
        return [unbroadcast(dy, x), unbroadcast(multiply(negative(dy), q), y)]
    return grad


def _floor_quotient(x, y):
    from graphflow.ops import unary_ops
    return unary_ops.floor(realdiv(x, y))


def _truncated_quotient(x, y):
    return cast(cast(realdiv(x, y), dtypes.int64), x.dtype)


def _int_pow(x, y):
    if x.dtype.kind in "iu" and np.any(np.asarray(y) < 0):
        raise ValueError("Integers to negative integer powers are not allowed.")
    return np.power(x, y)


def _add_kernel(x, y):
    out = np.add(x, y)
    if type(out) is bytes:  # two scalar strings: keep a 0-d object array
        return np.array(out, dtype=object)
    return out


add = _binary("AddV2", NUMERIC + (dtypes.string,), _add_kernel, _g_add)
subtract = _binary("Sub", NUMERIC, np.subtract, _g_sub)
multiply = _binary("Mul", NUMERIC, np.multiply, _g_mul)
realdiv = _binary("RealDiv", FLOATS + COMPLEX, np.divide, _g_div)
floordiv = _binary("FloorDiv", REAL, _refuse_int_division_by_zero(_floordiv))
floormod = _binary("FloorMod", REAL, _refuse_int_division_by_zero(np.mod),
                   _g_mod(_floor_quotient))
pow = _binary("Pow", NUMERIC, _int_pow, _g_pow)  # noqa: A001 - TF's name
_atan2 = _binary("Atan2", FLOATS, np.arctan2, _g_atan2)


def atan2(y, x, name=None):
    """Elementwise arctan(y / x) in the quadrant of (x, y), as `tf.math.atan2`."""
    return _atan2(y, x, name)


truncatediv = _binary("TruncateDiv", REAL, _refuse_int_division_by_zero(_truncatediv))
truncatemod = _binary("TruncateMod", REAL, _refuse_int_division_by_zero(np.fmod),
                      _g_mod(_truncated_quotient))
maximum = _binary("Maximum", REAL, np.maximum, _g_maxmin(lambda x, y: greater_equal(x, y)))
minimum = _binary("Minimum", REAL, np.minimum, _g_maxmin(lambda x, y: less_equal(x, y)))
squared_difference = _binary("SquaredDifference", NUMERIC,
                             lambda x, y: np.square(np.subtract(x, y)), _g_sqdiff)
mod = floormod
equal = _binary("Equal", rules.ALL, np.equal, out_dtype=dtypes.bool)
not_equal = _binary("NotEqual", rules.ALL, np.not_equal, out_dtype=dtypes.bool)
less = _binary("Less", REAL, np.less, out_dtype=dtypes.bool)
less_equal = _binary("LessEqual", REAL, np.less_equal, out_dtype=dtypes.bool)
greater = _binary("Greater", REAL, np.greater, out_dtype=dtypes.bool)
greater_equal = _binary("GreaterEqual", REAL, np.greater_equal, out_dtype=dtypes.bool)
logical_and = _binary("LogicalAnd", BOOL, np.logical_and)
logical_or = _binary("LogicalOr", BOOL, np.logical_or)
logical_xor = _binary("LogicalXor", BOOL, np.logical_xor)
bitwise_and = _binary("BitwiseAnd", INT_BOOL, np.bitwise_and)
bitwise_or = _binary("BitwiseOr", INT_BOOL, np.bitwise_or)
bitwise_xor = _binary("BitwiseXor", INT_BOOL, np.bitwise_xor)


def truediv(x, y, name=None):
    """x / y; integers are cast to float first (int8/16 -> float32, int32/64 -> float64)."""
    x, y = binary_args(x, y)
    if x.dtype is not y.dtype:
        raise TypeError("x and y must have the same dtype, got %r != %r" % (x.dtype, y.dtype))
    if x.dtype.is_integer:
        target = dtypes.float32 if x.dtype.size <= 2 else dtypes.float64
        x, y = cast(x, target), cast(y, target)
    return realdiv(x, y)


divide = truediv


def _add_n_infer(ins, attrs):
    dt = rules.same_dtypes("AddN", ins)
    if dt not in NUMERIC:
        rules.check_dtype("AddN", dt, NUMERIC)
    shape = ins[0]._shape
    for i, t in enumerate(ins[1:], 1):
        s = t._shape
        if not shapes_compatible(shape, s):
            raise ShapeError("Inputs to operation AddN must have the same size and shape. "
                             "Input 0: %s != input %d: %s" % (list(ins[0]._shape), i, list(s)))
        if shape is None or s is None:
            shape = s if shape is None else shape
        else:
            shape = tuple(a if a is not None else b for a, b in zip(shape, s))
    return [(dt, shape)]


def _add_n_kernel(*xs):
    out = xs[0]
    for x in xs[1:]:
        out = np.add(out, x)
    return np.asarray(out)


_ADD_N = register("AddN", ("inputs*",), _add_n_infer, _add_n_kernel,
                  grad=lambda op, dy: [dy] * len(op.inputs))


def add_n(inputs, name=None):
    """Sum of a list of tensors of equal shape and dtype."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("inputs must be a non-empty list of tensors, got %r" % (inputs,))
    tensors = [convert_to_tensor(t) for t in inputs]
    if len(tensors) == 1:
        return tensors[0]
    return apply(_ADD_N, tensors)


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clamp `t` to [clip_value_min, clip_value_max]; the bounds must not grow its shape."""
    t = convert_to_tensor(t)
    out = maximum(minimum(t, clip_value_max), clip_value_min)
    if not shapes_compatible(t._shape, out._shape):
        raise ValueError("clip_by_value: the bounds broadcast the values' shape %s to %s"
                         % (list(t._shape), list(out._shape)))
    return out


def shapes_compatible(a, b):
    """True unless two partial shape tuples are known to differ."""
    if a is None or b is None:
        return True
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def divide_no_nan(x, y, name=None):
    """x / y, with 0 wherever y is 0."""
    from graphflow.ops import array_ops
    x, y = binary_args(x, y)
    zero = equal(y, convert_scalar_like(0, y))
    quotient = realdiv(x, array_ops.where(zero, array_ops.ones_like(y), y))
    return array_ops.where(zero, array_ops.zeros_like(quotient), quotient)


def _g_neg(op, dy):
    return [negative(dy)]


_NEG = register("Neg", ("x",), rules.unary("Neg", rules.SIGNED), np.negative, grad=_g_neg,
                elementwise=True)


def negative(x, name=None):
    return apply(_NEG, [convert_to_tensor(x)])


def _cast_infer(ins, attrs):
    return [(attrs["DstT"], ins[0]._shape)]


def _cast_kernel(x, DstT):
    if DstT is dtypes.string or x.dtype.kind == "O":
        raise errors.UnimplementedError("Cast %s to %s is not supported"
                                        % (dtypes.from_numpy(x.dtype).name, DstT.name))
    np_dtype = DstT._np
    if x.dtype.kind == "f" and np_dtype().dtype.kind in "iu":
        with np.errstate(invalid="ignore"):
            return np.trunc(x).astype(np_dtype)
    if x.dtype.kind == "c" and np_dtype().dtype.kind != "c":
        x = x.real
    return np.asarray(x).astype(np_dtype)


def _g_cast(op, dy):
    src = op.inputs[0].dtype
    if not (src.is_floating or src.is_complex) or not dy.dtype.is_floating:
        return [None]
    return [cast(dy, src)]


_CAST = register("Cast", ("x",), _cast_infer, _cast_kernel, attrs={"DstT": None},
                 grad=_g_cast, elementwise=True)


def cast(x, dtype, name=None):
    """Convert `x` to `dtype` (floats to ints truncate toward zero, as TF)."""
    dtype = dtypes.as_dtype(dtype)
    x = convert_to_tensor(x)
    if x.dtype is dtype:
        return x
    return apply(_CAST, [x], {"DstT": dtype})


def logical_not(x, name=None):
    from graphflow.ops import unary_ops
    return unary_ops.logical_not(x)


__all__ = ["add", "subtract", "multiply", "realdiv", "truediv", "divide", "floordiv",
           "floormod", "mod", "pow", "maximum", "minimum", "squared_difference", "equal",
           "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
           "add_n", "clip_by_value", "divide_no_nan", "atan2", "truncatediv", "truncatemod",
           "logical_or", "logical_xor", "negative", "cast", "bitwise_and", "bitwise_or",
           "bitwise_xor"]
