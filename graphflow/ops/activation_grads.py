"""Fused gradient ops of activations (TF's ReluGrad, EluGrad, SigmoidGrad...).

One node per backward step instead of a compare/select/multiply chain keeps compiled
training steps short. Each is an op with its own gradient rule, so second derivatives
(nested tapes) work as in TF.
"""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.registry import register
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS, COMPLEX, REAL

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _infer(name, allowed):
    def infer(ins, attrs):
        dt = rules.same_dtypes(name, ins)
        if dt not in allowed:
            rules.check_dtype(name, dt, allowed)
        return [(dt, rules.broadcast(name, ins[0]._shape, ins[1]._shape))]
    return infer


def _zero(like):
    return np.zeros((), like.dtype)


def _elu_grad_kernel(dy, y):
    return np.where(y > 0, dy, dy * (y + y.dtype.type(1)))


def _selu_grad_kernel(dy, y):
    scale, slope = y.dtype.type(SELU_SCALE), y.dtype.type(SELU_SCALE * SELU_ALPHA)
    return np.where(y > 0, dy * scale, dy * (y + slope))


def _g_relu_grad(op, ddx):
    return [relu_grad(ddx, op.inputs[1]), None]


def _g_elu_grad(op, ddx):
    from graphflow.ops import math_ops as m, array_ops
    dy, y = op.inputs
    negative = m.less(y, 0)
    return [elu_grad(ddx, y),
            array_ops.where(negative, m.multiply(ddx, dy), array_ops.zeros_like(ddx))]


def _g_selu_grad(op, ddx):
    from graphflow.ops import math_ops as m, array_ops
    dy, y = op.inputs
    negative = m.less(y, 0)
    return [selu_grad(ddx, y),
            array_ops.where(negative, m.multiply(ddx, dy), array_ops.zeros_like(ddx))]


def _g_leaky_grad(op, ddx):
    return [leaky_relu_grad(ddx, op.inputs[1], op.attrs["alpha"]), None]


def _g_sigmoid_grad(op, ddx):
    """SigmoidGrad(y, dy) = dy * y * (1 - y)."""
    from graphflow.ops import math_ops as m
    y, dy = op.inputs
    scaled = m.multiply(ddx, dy)
    return [m.subtract(scaled, m.multiply(2, m.multiply(scaled, y))),
            sigmoid_grad(y, ddx)]


def _g_tanh_grad(op, ddx):
    """TanhGrad(y, dy) = dy * (1 - y * y)."""
    from graphflow.ops import math_ops as m
    y, dy = op.inputs
    return [m.multiply(-2, m.multiply(m.multiply(ddx, dy), y)),
            tanh_grad(y, ddx)]


_RELU_GRAD = register("ReluGrad", ("gradients", "features"), _infer("ReluGrad", REAL),
                      lambda dy, y: np.where(y > 0, dy, _zero(dy)), grad=_g_relu_grad,
                      elementwise=True)
_ELU_GRAD = register("EluGrad", ("gradients", "outputs"), _infer("EluGrad", FLOATS),
                     _elu_grad_kernel, grad=_g_elu_grad, elementwise=True)
_SELU_GRAD = register("SeluGrad", ("gradients", "outputs"), _infer("SeluGrad", FLOATS),
                      _selu_grad_kernel, grad=_g_selu_grad, elementwise=True)
_LEAKY_GRAD = register("LeakyReluGrad", ("gradients", "features"),
                       _infer("LeakyReluGrad", FLOATS),
                       lambda dy, x, alpha: np.where(x > 0, dy, dy * dy.dtype.type(alpha)),
                       attrs={"alpha": 0.2}, grad=_g_leaky_grad, elementwise=True)
_SIGMOID_GRAD = register("SigmoidGrad", ("y", "dy"), _infer("SigmoidGrad", FLOATS + COMPLEX),
                         lambda y, dy: dy * (y * (y.dtype.type(1) - y)),
                         grad=_g_sigmoid_grad, elementwise=True)
_TANH_GRAD = register("TanhGrad", ("y", "dy"), _infer("TanhGrad", FLOATS + COMPLEX),
                      lambda y, dy: dy * (y.dtype.type(1) - y * y), grad=_g_tanh_grad,
                      elementwise=True)


def relu_grad(dy, y):
    return apply(_RELU_GRAD, [dy, y])


def elu_grad(dy, y):
    return apply(_ELU_GRAD, [dy, y])


def selu_grad(dy, y):
    return apply(_SELU_GRAD, [dy, y])


def leaky_relu_grad(dy, x, alpha):
    return apply(_LEAKY_GRAD, [dy, x], {"alpha": alpha})


def sigmoid_grad(y, dy):
    return apply(_SIGMOID_GRAD, [y, dy])


def tanh_grad(y, dy):
    return apply(_TANH_GRAD, [y, dy])
