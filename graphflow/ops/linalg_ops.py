"""Matrix products."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS, COMPLEX
from graphflow import dtypes


def _matmul_infer(ins, attrs):
    a, b = ins
    dt = rules.same_dtypes("MatMul", ins)
    rules.check_dtype("MatMul", dt, FLOATS + COMPLEX + (dtypes.int32, dtypes.int64)) \
        if dt not in FLOATS else None
    sa, sb = a._shape, b._shape
    if sa is None or sb is None:
        return [(dt, None)]
    if len(sa) < 2 or len(sb) < 2:
        raise ShapeError("In[0] and In[1] must be at least rank 2 for MatMul, got shapes %s "
                         "and %s" % (list(sa), list(sb)))
    m, k1 = (sa[-1], sa[-2]) if attrs["transpose_a"] else (sa[-2], sa[-1])
    k2, n = (sb[-1], sb[-2]) if attrs["transpose_b"] else (sb[-2], sb[-1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ShapeError("Matrix size-incompatible: In[0]: %s, In[1]: %s"
                         % (list(sa), list(sb)))
    batch = rules.broadcast("MatMul", sa[:-2], sb[:-2])
    return [(dt, batch + (m, n))]


def _matmul_kernel(a, b, transpose_a, transpose_b):
    if transpose_a:
        a = np.swapaxes(a, -1, -2)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    return np.matmul(a, b)


def _matmul_grad(op, dy):
    from graphflow.ops.unbroadcast import unbroadcast
    a, b = op.inputs
    ta, tb = op.attrs["transpose_a"], op.attrs["transpose_b"]
    if not ta:
        ga = matmul(dy, b, transpose_b=not tb)
    else:
        ga = matmul(b, dy, transpose_a=tb, transpose_b=True)
    if not tb:
        gb = matmul(a, dy, transpose_a=not ta)
    else:
        gb = matmul(dy, a, transpose_a=True, transpose_b=ta)
    return [unbroadcast(ga, a), unbroadcast(gb, b)]


MATMUL = register("MatMul", ("a", "b"), _matmul_infer, _matmul_kernel,
                  attrs={"transpose_a": False, "transpose_b": False}, grad=_matmul_grad,
                  cost="heavy")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """Matrix product of the last two dims, batching over the leading dims."""
    from graphflow.ops.math_ops import binary_args
    a, b = binary_args(a, b)
    return apply(MATMUL, [a, b], {"transpose_a": bool(transpose_a or adjoint_a),
                                  "transpose_b": bool(transpose_b or adjoint_b)})


del convert_to_tensor
