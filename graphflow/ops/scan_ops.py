"""Cumulative sums and products along one axis (`exclusive`, `reverse`), with gradients."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register
from graphflow.ops import rules
from graphflow.ops.rules import NUMERIC
from graphflow.ops.reduction_ops import single_axis


def _scan_infer(name):
    def infer(ins, attrs):
        x = ins[0]
        if x.dtype not in NUMERIC:
            rules.check_dtype(name, x.dtype, NUMERIC)
        if x._shape is not None:
            rules.normalize_axis(attrs["axis"], len(x._shape), name)
        return [(x.dtype, x._shape)]
    return infer


def _scan_kernel(np_fn, identity):
    def kernel(x, axis, exclusive, reverse):
        if reverse:
            x = np.flip(x, axis)
        out = np_fn(x, axis=axis, dtype=x.dtype)
        if exclusive:
            pad = np.full_like(np.take(out, [0], axis=axis), identity)
            out = np.concatenate([pad, np.delete(out, -1, axis=axis)], axis=axis)
        return np.flip(out, axis) if reverse else out
    return kernel


def _cumsum_grad(op, dy):
    a = op.attrs
    return [cumsum(dy, a["axis"], exclusive=a["exclusive"], reverse=not a["reverse"])]


def _cumprod_grad(op, dy):
    """Sum over later outputs of dy_j * y_j / x_i (TF's rule, undefined where x is 0)."""
    from graphflow.ops import math_ops
    a = op.attrs
    x, y = op.inputs[0], op.outputs[0]
    s = cumsum(math_ops.multiply(y, dy), a["axis"], exclusive=a["exclusive"],
               reverse=not a["reverse"])
    return [math_ops.realdiv(s, x)]


_SCAN_ATTRS = {"axis": 0, "exclusive": False, "reverse": False}
_CUMSUM = register("Cumsum", ("x",), _scan_infer("Cumsum"), _scan_kernel(np.cumsum, 0),
                   attrs=_SCAN_ATTRS, grad=_cumsum_grad)
_CUMPROD = register("Cumprod", ("x",), _scan_infer("Cumprod"), _scan_kernel(np.cumprod, 1),
                    attrs=_SCAN_ATTRS, grad=_cumprod_grad)


def _scan_attrs(axis, exclusive, reverse):
    return {"axis": single_axis(axis), "exclusive": bool(exclusive), "reverse": bool(reverse)}


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sum along `axis` (`exclusive` shifts by one, `reverse` runs backward)."""
    return apply(_CUMSUM, [convert_to_tensor(x)], _scan_attrs(axis, exclusive, reverse))


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running product along `axis` (`exclusive` shifts by one, `reverse` runs backward)."""
    return apply(_CUMPROD, [convert_to_tensor(x)], _scan_attrs(axis, exclusive, reverse))
