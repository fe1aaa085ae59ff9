"""Elementwise unary math ops, one table row each: name, kernel, allowed dtypes, grad."""
import numpy as np

from graphflow import dtypes
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_scalar_like, convert_to_tensor
from graphflow.ops.registry import register
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS, COMPLEX, NUMERIC, SIGNED, BOOL, INTS
from graphflow.ops import math_ops as m

FLOATC = FLOATS + COMPLEX


def _sigmoid(x):
    """1 / (1 + exp(-x)) without overflow: exp only ever sees -|x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


def _erf(x):
    from math import erf
    return np.vectorize(erf, otypes=[x.dtype])(x) if x.size else x.copy()


_ERF_GRAD_SCALE = float(2 / np.sqrt(np.pi))


def _rsqrt(x):
    with np.errstate(divide="ignore"):
        return (1 / np.sqrt(x)).astype(x.dtype)


def _reciprocal(x):
    with np.errstate(divide="ignore"):
        if x.dtype.kind in "iu":
            return (np.sign(x) * (1 // np.where(x == 0, 1, np.abs(x)))).astype(x.dtype)
        return np.reciprocal(x)


def _quiet(fn):
    def kernel(x):
        with np.errstate(all="ignore"):
            return fn(x)
    return kernel


def _g(fn):
    """Grad rule dy * fn(x, y) where y is the op's output."""
    def grad(op, dy):
        return [m.multiply(dy, fn(op.inputs[0], op.outputs[0]))]
    return grad


def _fused(name, op, dy):
    """The fused gradient op `name` (activation_grads) of y = op's output."""
    from graphflow.ops import activation_grads
    return getattr(activation_grads, name)(op.outputs[0], dy)


def _c(v, like):
    """Python number `v` as a constant of `like`'s dtype."""
    return convert_scalar_like(v, like)


_TABLE = [
    # public name, op name, kernel, dtypes, grad (None: not differentiable / zero)
    ("abs", "Abs", np.abs, SIGNED, _g(lambda x, y: sign(x))),
    ("sign", "Sign", np.sign, SIGNED, lambda op, dy: [_zeros_like(dy)]),
    ("square", "Square", np.square, NUMERIC, _g(lambda x, y: m.multiply(_c(2, x), x))),
    ("sqrt", "Sqrt", _quiet(np.sqrt), FLOATC,
     lambda op, dy: [m.realdiv(dy, m.multiply(_c(2, dy), op.outputs[0]))]),
    ("rsqrt", "Rsqrt", _quiet(_rsqrt), FLOATC,
     _g(lambda x, y: m.multiply(_c(-0.5, x), m.realdiv(y, x)))),
    ("exp", "Exp", _quiet(np.exp), FLOATC, _g(lambda x, y: y)),
    ("log", "Log", _quiet(np.log), FLOATC, lambda op, dy: [m.realdiv(dy, op.inputs[0])]),
    ("log1p", "Log1p", _quiet(np.log1p), FLOATC,
     lambda op, dy: [m.realdiv(dy, m.add(_c(1, dy), op.inputs[0]))]),
    ("expm1", "Expm1", _quiet(np.expm1), FLOATC, _g(lambda x, y: m.add(y, _c(1, y)))),
    ("sin", "Sin", np.sin, FLOATC, _g(lambda x, y: cos(x))),
    ("cos", "Cos", np.cos, FLOATC, _g(lambda x, y: m.negative(sin(x)))),
    ("tan", "Tan", np.tan, FLOATC,
     _g(lambda x, y: m.add(_c(1, y), square(y)))),
    ("tanh", "Tanh", np.tanh, FLOATC, lambda op, dy: [_fused("tanh_grad", op, dy)]),
    ("sigmoid", "Sigmoid", _sigmoid, FLOATC,
     lambda op, dy: [_fused("sigmoid_grad", op, dy)]),
    ("sinh", "Sinh", _quiet(np.sinh), FLOATC, _g(lambda x, y: cosh(x))),
    ("cosh", "Cosh", _quiet(np.cosh), FLOATC, _g(lambda x, y: sinh(x))),
    ("asin", "Asin", _quiet(np.arcsin), FLOATC,
     _g(lambda x, y: rsqrt(m.subtract(_c(1, x), square(x))))),
    ("acos", "Acos", _quiet(np.arccos), FLOATC,
     _g(lambda x, y: m.negative(rsqrt(m.subtract(_c(1, x), square(x)))))),
    ("atan", "Atan", np.arctan, FLOATC,
     _g(lambda x, y: reciprocal(m.add(_c(1, x), square(x))))),
    ("asinh", "Asinh", np.arcsinh, FLOATC, _g(lambda x, y: reciprocal(cosh(y)))),
    ("acosh", "Acosh", _quiet(np.arccosh), FLOATC, _g(lambda x, y: reciprocal(sinh(y)))),
    ("atanh", "Atanh", _quiet(np.arctanh), FLOATC,
     _g(lambda x, y: reciprocal(m.subtract(_c(1, x), square(x))))),
    ("reciprocal", "Reciprocal", _quiet(_reciprocal), NUMERIC,
     _g(lambda x, y: m.negative(square(y)))),
    ("round", "Round", np.round, NUMERIC, None),
    ("floor", "Floor", np.floor, FLOATS, None),
    ("ceil", "Ceil", np.ceil, FLOATS, None),
    ("logical_not", "LogicalNot", np.logical_not, BOOL, None),
    ("invert", "Invert", np.invert, INTS, None),
    ("is_nan", "IsNan", np.isnan, FLOATS, None),
    ("is_inf", "IsInf", np.isinf, FLOATS, None),
    ("is_finite", "IsFinite", np.isfinite, FLOATS, None),
    ("erf", "Erf", _erf, FLOATS,
     _g(lambda x, y: m.multiply(_c(_ERF_GRAD_SCALE, x), exp(m.negative(square(x)))))),
]


def _zeros_like(t):
    from graphflow.ops.array_ops import zeros_like
    return zeros_like(t)


_BOOL_OUT = {"IsNan", "IsInf", "IsFinite"}


def _make(public_name, op_name, kernel, allowed, grad):
    out = dtypes.bool if op_name in _BOOL_OUT else None
    op = register(op_name, ("x",), rules.unary(op_name, allowed, out), kernel, grad=grad,
                  elementwise=True)

    def public(x, name=None):
        return apply(op, [convert_to_tensor(x)])
    public.__name__ = public_name
    public.__doc__ = "Elementwise %s (op %s)." % (public_name, op_name)
    public.op = op
    return public


for _row in _TABLE:
    globals()[_row[0]] = _make(*_row)

abs = globals()["abs"]  # noqa: A001 - TF's names
round = globals()["round"]  # noqa: A001

__all__ = [row[0] for row in _TABLE]
