"""`graphflow.nn` ops: activations, softmax, normalization helpers and dropout, each op
defined once with its gradient."""
import numpy as np

from graphflow import errors
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS, REAL
from graphflow.ops import math_ops as m
from graphflow.ops.activation_grads import SELU_ALPHA, SELU_SCALE


def _zeros(t):
    from graphflow.ops import array_ops
    return array_ops.zeros_like(t)


def _quiet(fn):
    def kernel(x, **attrs):
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            return np.asarray(fn(x, **attrs)).astype(x.dtype, copy=False)
    return kernel


def _softplus(x):
    return np.logaddexp(np.zeros((), x.dtype), x)


def _elu(x):
    """expm1 of a non-positive value cannot overflow, so no errstate is needed."""
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def _selu(x):
    out = np.where(x > 0, x, np.expm1(np.minimum(x, 0)) * x.dtype.type(SELU_ALPHA))
    out *= x.dtype.type(SELU_SCALE)
    return out


def _g_relu(op, dy):
    from graphflow.ops.activation_grads import relu_grad
    return [relu_grad(dy, op.outputs[0])]


def _g_relu6(op, dy):
    from graphflow.ops import array_ops
    x = op.inputs[0]
    inside = m.logical_and(m.greater(x, 0), m.less(x, 6))
    return [array_ops.where(inside, dy, _zeros(dy))]


def _g_elu(op, dy):
    from graphflow.ops.activation_grads import elu_grad
    return [elu_grad(dy, op.outputs[0])]


def _g_selu(op, dy):
    from graphflow.ops.activation_grads import selu_grad
    return [selu_grad(dy, op.outputs[0])]


def _g_leaky(op, dy):
    from graphflow.ops.activation_grads import leaky_relu_grad
    return [leaky_relu_grad(dy, op.inputs[0], op.attrs["alpha"])]


def _g_softplus(op, dy):
    return [m.multiply(dy, sigmoid(op.inputs[0]))]


def _g_softsign(op, dy):
    from graphflow.ops.unary_ops import abs, square
    x = op.inputs[0]
    return [m.realdiv(dy, square(m.add(1, abs(x))))]


def _activation(public_name, op_name, kernel, allowed, grad, attrs=None):
    op = register(op_name, ("features",), rules.unary(op_name, allowed), kernel,
                  attrs=attrs, grad=grad, elementwise=True)

    def public(features, name=None):
        return apply(op, [convert_to_tensor(features)])
    public.__name__ = public_name
    public.__doc__ = "Elementwise %s activation (op %s)." % (public_name, op_name)
    public.op = op
    return public


relu = _activation("relu", "Relu", lambda x: np.maximum(x, np.zeros((), x.dtype)), REAL,
                   _g_relu)
relu6 = _activation("relu6", "Relu6", lambda x: np.clip(x, 0, 6).astype(x.dtype), REAL,
                    _g_relu6)
elu = _activation("elu", "Elu", _elu, FLOATS, _g_elu)
selu = _activation("selu", "Selu", _selu, FLOATS, _g_selu)
softplus = _activation("softplus", "Softplus", _quiet(_softplus), FLOATS, _g_softplus)
softsign = _activation("softsign", "Softsign", _quiet(lambda x: x / (1 + np.abs(x))), FLOATS,
                       _g_softsign)

_LEAKY = register("LeakyRelu", ("features",), rules.unary("LeakyRelu", FLOATS),
                  _quiet(lambda x, alpha: np.where(x > 0, x, x * np.asarray(alpha, x.dtype))),
                  attrs={"alpha": 0.2}, grad=_g_leaky, elementwise=True)


def leaky_relu(features, alpha=0.2, name=None):
    """x where x > 0, else alpha * x (integer inputs are cast to float32 first, as TF)."""
    features = convert_to_tensor(features)
    if features.dtype.is_integer:
        features = m.cast(features, "float32")
    return apply(_LEAKY, [features], {"alpha": float(alpha)})


def log_sigmoid(x, name=None):
    """log(sigmoid(x)) = -softplus(-x), finite for large |x|."""
    return m.negative(softplus(m.negative(x)))


# ---- Softmax / LogSoftmax --------------------------------------------------------------------
def _softmax_infer(name):
    def infer(ins, attrs):
        x = ins[0]
        if x.dtype not in FLOATS:
            rules.check_dtype(name, x.dtype, FLOATS)
        if x._shape is not None:
            rank = len(x._shape)
            if rank == 0:
                raise ShapeError("logits must have >= 1 dimension, got shape []")
            rules.normalize_axis(attrs["axis"], rank, name)
        return [(x.dtype, x._shape)]
    return infer


def _shifted(x, axis):
    peak = np.max(x, axis=axis, keepdims=True) if x.size else 0
    return x - np.where(np.isfinite(peak), peak, 0)


def _softmax_kernel(x, axis):
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        e = np.exp(_shifted(x, axis))
        return (e / np.sum(e, axis=axis, keepdims=True)).astype(x.dtype)


def _log_softmax_kernel(x, axis):
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z = _shifted(x, axis)
        return (z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))).astype(x.dtype)


def _g_softmax(op, dy):
    from graphflow.ops.reduction_ops import reduce_sum
    y = op.outputs[0]
    inner = reduce_sum(m.multiply(dy, y), axis=op.attrs["axis"], keepdims=True)
    return [m.multiply(y, m.subtract(dy, inner))]


def _g_log_softmax(op, dy):
    from graphflow.ops.reduction_ops import reduce_sum
    from graphflow.ops.unary_ops import exp
    y = op.outputs[0]
    total = reduce_sum(dy, axis=op.attrs["axis"], keepdims=True)
    return [m.subtract(dy, m.multiply(exp(y), total))]


_SOFTMAX = register("Softmax", ("logits",), _softmax_infer("Softmax"), _softmax_kernel,
                    attrs={"axis": -1}, grad=_g_softmax)
_LOG_SOFTMAX = register("LogSoftmax", ("logits",), _softmax_infer("LogSoftmax"),
                        _log_softmax_kernel, attrs={"axis": -1}, grad=_g_log_softmax)


def _axis(axis):
    from graphflow.ops.reduction_ops import single_axis
    return -1 if axis is None else single_axis(axis)


def softmax(logits, axis=None, name=None):
    """exp(x) / sum(exp(x)) along `axis` (default last), computed without overflow."""
    return apply(_SOFTMAX, [convert_to_tensor(logits)], {"axis": _axis(axis)})


def log_softmax(logits, axis=None, name=None):
    """x - log(sum(exp(x))) along `axis` (default last), computed without overflow."""
    return apply(_LOG_SOFTMAX, [convert_to_tensor(logits)], {"axis": _axis(axis)})


# ---- Normalization helpers (built from other ops; their gradients come from the parts) -------
def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """x / sqrt(max(sum(x**2, axis), epsilon))."""
    from graphflow.ops.reduction_ops import reduce_sum
    from graphflow.ops.unary_ops import rsqrt, square
    x = convert_to_tensor(x)
    axis = dim if axis is None else axis
    total = reduce_sum(square(x), axis=axis, keepdims=True)
    return m.multiply(x, rsqrt(m.maximum(total, float(epsilon))))


def moments(x, axes, shift=None, keepdims=False, name=None):
    """(mean, variance) of `x` over `axes`."""
    from graphflow.ops.reduction_ops import reduce_mean
    x = convert_to_tensor(x)
    mean = reduce_mean(x, axis=axes, keepdims=True)
    variance = reduce_mean(m.squared_difference(x, mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        from graphflow.ops.shape_ops import squeeze
        mean = squeeze(mean, axis=[axes] if isinstance(axes, int) else list(axes))
    return mean, variance


def bias_add(value, bias, data_format=None, name=None):
    """value + bias, with `bias` a vector matching value's last (or, NCHW, second) dim."""
    value = convert_to_tensor(value)
    bias = convert_to_tensor(bias)
    if bias._shape is not None and len(bias._shape) != 1:
        raise ValueError("Shape must be rank 1 but is rank %d for bias_add" % len(bias._shape))
    if data_format is not None and data_format.startswith("NC"):
        from graphflow.ops import array_ops
        rank = value._shape and len(value._shape)
        if rank is None or rank < 2:
            raise ValueError("bias_add with data_format %s needs a value of known rank >= 2"
                             % data_format)
        bias = array_ops.reshape(bias, [-1] + [1] * (rank - 2))
    if value._shape is not None and bias._shape is not None:
        channel = value._shape[1] if data_format and data_format.startswith("NC") else \
            (value._shape[-1] if value._shape else None)
        if channel is not None and bias._shape[0] is not None and channel != bias._shape[0]:
            raise errors.InvalidArgumentError(
                None, None, "Must provide as many biases as the channel dimension of the "
                "input tensor: %s vs. %s" % (list(bias._shape), list(value._shape)))
    return m.add(value, bias)


# ---- Dropout ---------------------------------------------------------------------------------
def _dropout_infer(ins, attrs):
    x, rate, noise_shape = ins
    if x.dtype not in FLOATS:
        rules.check_dtype("Dropout", x.dtype, FLOATS)
    rules.same_dtypes("Dropout", [x, rate])
    noise = rules.shape_from_tensor(noise_shape)
    if noise is not None and x._shape is not None:
        out = rules.broadcast("Dropout", x._shape, noise)
        if not m.shapes_compatible(out, x._shape):
            raise ShapeError("noise_shape %s does not broadcast to the shape of x %s"
                             % (list(noise), list(x._shape)))
    return [(x.dtype, x._shape), (x.dtype, noise)]


def _dropout_kernel(x, rate, noise_shape, seed, seed2, stream):
    """x * keep / (1 - rate), with keep drawn once per element of `noise_shape`."""
    from graphflow.ops.random_ops import generator
    rate = x.dtype.type(rate)
    if not 0 <= rate < 1:
        raise ValueError("rate must be a scalar tensor or a float in the range [0, 1), got %g"
                         % rate)
    size = tuple(int(d) for d in noise_shape)
    draws = generator(seed, seed2, stream).random(size).astype(x.dtype)
    mask = (draws >= rate).astype(x.dtype) * (x.dtype.type(1) / (x.dtype.type(1) - rate))
    out = x * mask
    if out.shape != x.shape:
        raise ValueError("noise_shape %s does not broadcast to the shape of x %s"
                         % (list(noise_shape), list(x.shape)))
    return out, mask


def _g_dropout(op, dy, _dmask):
    if dy is None:
        return [None, None, None]
    return [m.multiply(dy, op.outputs[1]), None, None]


_DROPOUT = register("Dropout", ("x", "rate", "noise_shape"), _dropout_infer, _dropout_kernel,
                    attrs={"seed": None, "seed2": None, "stream": ""}, grad=_g_dropout,
                    stateful=True)


def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zero each element with probability `rate` and scale the rest by 1 / (1 - rate).

    Stateful and seeded like the random ops: every call (also of a compiled function)
    draws a new mask; `noise_shape` entries of None take x's size.
    """
    from graphflow.ops import array_ops, random_ops
    is_number = isinstance(rate, (int, float, np.integer, np.floating))
    if is_number and not 0 <= rate < 1:
        raise ValueError("rate must be a scalar tensor or a float in the range [0, 1), got %g"
                         % rate)
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        raise ValueError("x has to be a floating point tensor since it's going to be scaled. "
                         "Got a %s tensor instead." % x.dtype.name)
    if is_number and rate == 0:
        random_ops.get_seed(seed)  # draw the op seed anyway, so later seeds do not shift
        return x
    rate = convert_to_tensor(rate, dtype_hint=x.dtype)
    if rate._shape not in ((), None):
        raise ValueError("rate must be a scalar, got shape %s" % (rate.shape,))
    rate = m.cast(rate, x.dtype)
    if noise_shape is None:
        noise_shape = list(x._shape) if rules.known(x._shape) else array_ops.shape(x)
    elif isinstance(noise_shape, (list, tuple)) and None in noise_shape:
        noise_shape = [array_ops.shape(x)[i] if d is None else d
                       for i, d in enumerate(noise_shape)]
    noise_shape = array_ops.shape_arg(noise_shape)
    return apply(_DROPOUT, [x, rate, noise_shape], random_ops.stream_attrs(seed))[0]


from graphflow.ops.unary_ops import sigmoid, tanh  # noqa: E402,F401 - nn re-exports
