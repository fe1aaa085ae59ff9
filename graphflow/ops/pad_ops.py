"""`pad` in TF's three modes (CONSTANT, REFLECT, SYMMETRIC) and its gradient."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.convert import convert_to_tensor, convert_scalar_like
from graphflow.ops.registry import register, ShapeError
from graphflow.ops.shape_ops import static_ints, int_vector

_NP_MODES = {"CONSTANT": "constant", "REFLECT": "reflect", "SYMMETRIC": "symmetric"}


def _paddings(p, rank):
    """Static paddings as ((before, after), ...) or None; checks the [rank, 2] shape."""
    ps = p._shape
    if ps is not None and (len(ps) != 2 or ps[1] not in (None, 2) or
                           (rank is not None and ps[0] not in (None, rank))):
        raise ShapeError("The first dimension of paddings must be the rank of inputs%s, "
                         "got paddings of shape %s"
                         % ("" if rank is None else " (%d)" % rank, list(ps)))
    flat = static_ints(p)
    if flat is None:
        return None
    pairs = tuple(zip(flat[0::2], flat[1::2]))
    if any(a < 0 or b < 0 for a, b in pairs):
        raise ShapeError("Paddings must be non-negative: %s" % (list(pairs),))
    return pairs


def _check_mirror(pairs, dims, mode):
    limit = 0 if mode == "REFLECT" else 1
    for i, ((a, b), d) in enumerate(zip(pairs, dims)):
        if d is not None and (a > d - 1 + limit or b > d - 1 + limit):
            raise ShapeError("paddings must be less than%s the dimension size: %d, %d not "
                             "less than%s %d" % ("" if limit == 0 else " or equal to", a, b,
                                                 "" if limit == 0 else " or equal to", d))


def _pad_infer(ins, attrs):
    x, p, c = ins
    rules.same_dtypes("PadV2", [x, c])
    s = x._shape
    pairs = _paddings(p, None if s is None else len(s))
    if s is None:
        n = p._shape[0] if p._shape is not None else None
        return [(x.dtype, None if n is None else (None,) * n)]
    if pairs is None:
        return [(x.dtype, (None,) * len(s))]
    if attrs["mode"] != "CONSTANT":
        _check_mirror(pairs, s, attrs["mode"])
    return [(x.dtype, tuple(None if d is None else d + a + b for d, (a, b) in zip(s, pairs)))]


def _pad_kernel(x, paddings, constant_values, mode):
    pairs = np.asarray(paddings, dtype=np.int64).reshape(-1, 2)
    if mode == "CONSTANT":
        return np.pad(x, pairs, mode="constant", constant_values=constant_values)
    return np.pad(x, pairs, mode=_NP_MODES[mode])


def _pad_grad(op, dy):
    x, p, _ = op.inputs
    return [apply(PAD_GRAD, [dy, p], op.attrs), None, None]


PAD = register("PadV2", ("input", "paddings", "constant_values"), _pad_infer, _pad_kernel,
               attrs={"mode": "CONSTANT"}, grad=_pad_grad)


def _pad_grad_infer(ins, attrs):
    dy, p = ins
    s = dy._shape
    pairs = _paddings(p, None if s is None else len(s))
    if s is None or pairs is None:
        return [(dy.dtype, None if s is None else (None,) * len(s))]
    return [(dy.dtype, tuple(None if d is None else d - a - b for d, (a, b) in zip(s, pairs)))]


def _pad_grad_kernel(dy, paddings, mode):
    """Sum each padded element's gradient back onto the input element it copies."""
    pairs = np.asarray(paddings, dtype=np.int64).reshape(-1, 2)
    shape = tuple(int(d - a - b) for d, (a, b) in zip(dy.shape, pairs))
    if mode == "CONSTANT":
        index = tuple(slice(a, a + d) for (a, _), d in zip(pairs, shape))
        return np.array(dy[index])
    n = int(np.prod(shape))
    source = np.pad(np.arange(n).reshape(shape), pairs, mode=_NP_MODES[mode])
    flat = np.zeros(n, dtype=dy.dtype)
    np.add.at(flat, source.reshape(-1), dy.reshape(-1))
    return flat.reshape(shape)


def _pad_grad_grad(op, ddx):
    zero = convert_to_tensor(np.zeros((), ddx.dtype.as_numpy_dtype))
    return [apply(PAD, [ddx, op.inputs[1], zero], op.attrs), None]


PAD_GRAD = register("PadGrad", ("grad", "paddings"), _pad_grad_infer, _pad_grad_kernel,
                    attrs={"mode": "CONSTANT"}, grad=_pad_grad_grad)


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pad `tensor` with `paddings[i] = [before, after]` along each axis i."""
    tensor = convert_to_tensor(tensor)
    mode = str(mode).upper()
    if mode not in _NP_MODES:
        raise ValueError('Value of argument `mode` expected to be one of "CONSTANT", '
                         '"REFLECT", or "SYMMETRIC". Received `mode` = %s' % mode)
    if not hasattr(constant_values, "dtype") and np.ndim(constant_values) == 0 and \
            constant_values == 0:
        zero = b"" if tensor.dtype.name == "string" else 0
        c = convert_to_tensor(np.array(zero, dtype=tensor.dtype.as_numpy_dtype))
    else:
        c = convert_scalar_like(constant_values, tensor)
    return apply(PAD, [tensor, int_vector(paddings), c], {"mode": mode})
