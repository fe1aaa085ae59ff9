"""Matrix products: matmul, einsum, tensordot (an einsum), and norms."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.math_ops import binary_args
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS, COMPLEX
from graphflow import dtypes


def dims(shape):
    """A shape in TF's message form: [2,3] (unknown dims as ?)."""
    return "[%s]" % ",".join("?" if d is None else str(d) for d in shape)


def _matmul_infer(ins, attrs):
    a, b = ins
    dt = rules.same_dtypes("MatMul", ins)
    if dt not in FLOATS:
        rules.check_dtype("MatMul", dt, FLOATS + COMPLEX + (dtypes.int32, dtypes.int64))
    sa, sb = a._shape, b._shape
    if sa is None or sb is None:
        return [(dt, None)]
    for i, s in enumerate((sa, sb)):
        if len(s) < 2:
            raise ShapeError("In[%d] is not a matrix. Instead it has shape %s; MatMul got "
                             "shapes %s and %s" % (i, dims(s), dims(sa), dims(sb)))
    m, k1 = (sa[-1], sa[-2]) if attrs["transpose_a"] else (sa[-2], sa[-1])
    k2, n = (sb[-1], sb[-2]) if attrs["transpose_b"] else (sb[-2], sb[-1])
    if k1 is not None and k2 is not None and k1 != k2:
        raise ShapeError("Matrix size-incompatible: In[0]: %s, In[1]: %s"
                         % (dims(sa), dims(sb)))
    try:
        batch = rules.broadcast("MatMul", sa[:-2], sb[:-2])
    except ShapeError:
        raise ShapeError("In[0] and In[1] must have compatible batch dimensions: %s vs. %s"
                         % (dims(sa), dims(sb))) from None
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
    a, b = binary_args(a, b)
    return apply(MATMUL, [a, b], {"transpose_a": bool(transpose_a or adjoint_a),
                                  "transpose_b": bool(transpose_b or adjoint_b)})


# ---- Einsum ----------------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _parse_equation(equation, shapes):
    """Explicit form of an einsum equation: (input subscripts, output subscripts, batch).

    Ellipses are replaced by fresh letters, the `batch` letters, the only ones whose
    sizes may broadcast (needs the inputs' ranks); without '->', the output is the
    letters used once, in alphabetical order (numpy's rule).
    """
    equation = equation.replace(" ", "")
    lhs, arrow, rhs = equation.partition("->")
    ins = lhs.split(",")
    if len(ins) != len(shapes):
        raise ValueError("einsum equation %r names %d inputs, got %d tensors"
                         % (equation, len(ins), len(shapes)))
    used = set(c for c in equation if c.isalpha())
    fresh = [c for c in _LETTERS if c not in used]
    ell_rank = 0
    for sub, shape in zip(ins, shapes):
        if "..." in sub:
            if shape is None:
                raise ValueError("einsum with '...' needs inputs of known rank")
            ell_rank = max(ell_rank, len(shape) - len(sub.replace("...", "")))
    ell = "".join(fresh[:ell_rank])
    out_ins = []
    for sub, shape in zip(ins, shapes):
        if "..." in sub:
            n = len(shape) - len(sub.replace("...", ""))
            sub = sub.replace("...", ell[ell_rank - n:])
        out_ins.append(sub)
    if not arrow:
        counts = {}
        for c in "".join(out_ins):
            counts[c] = counts.get(c, 0) + 1
        rhs = ell + "".join(sorted(c for c, n in counts.items() if n == 1 and c not in ell))
    else:
        rhs = rhs.replace("...", ell)
    return tuple(out_ins), rhs, ell


def _einsum_infer(ins, attrs):
    """Letters name dims that must agree; '...' letters (`batch`) broadcast from size 1."""
    dt = rules.same_dtypes("Einsum", ins)
    subs, out, batch = attrs["inputs"], attrs["output"], attrs["batch"]
    sizes, unknown = {}, set()
    for sub, t in zip(subs, ins):
        shape = t._shape
        if shape is None:
            unknown.update(sub)
            continue
        if len(shape) != len(sub):
            raise ShapeError("Einsum: input %s has rank %d but subscripts %r name %d axes"
                             % (dims(shape), len(shape), sub, len(sub)))
        for c, d in zip(sub, shape):
            prev = sizes.get(c)
            if d is None:
                unknown.add(c)
            elif prev is not None and prev != d and not (c in batch and 1 in (prev, d)):
                raise ShapeError("Expected dimension %d at axis %r of the input shaped %s but "
                                 "got dimension %d" % (prev, c, dims(shape), d))
            elif prev is None or prev == 1:
                sizes[c] = d
    for c in out:
        if not any(c in sub for sub in subs):
            raise ShapeError("Einsum output subscript %r does not appear in the inputs" % c)

    def size(c):
        known = sizes.get(c)
        if c in unknown and (known is None or (c in batch and known == 1)):
            return None
        return known
    return [(dt, tuple(size(c) for c in out))]


def _einsum_kernel(*arrays, inputs, output, batch):
    eq = ",".join(inputs) + "->" + output
    return np.asarray(np.einsum(eq, *arrays, optimize=len(arrays) > 2))


def _einsum_grad(op, dy):
    """Each input's gradient is an einsum of dy with the other inputs.

    Letters of an input that appear nowhere else were summed away; a ones tensor shaped
    like that input brings them back. A letter repeated within one input (a diagonal)
    gets its gradient put back on the diagonal with identity matrices. Unbroadcast
    undoes '...' broadcasting.
    """
    from graphflow.ops import array_ops
    from graphflow.ops.unbroadcast import unbroadcast
    subs, out = op.attrs["inputs"], op.attrs["output"]
    used = set(out).union(*subs)
    fresh = iter(c for c in _LETTERS if c not in used)
    grads = []
    for i, x in enumerate(op.inputs):
        sub = subs[i]
        others = [t for j, t in enumerate(op.inputs) if j != i]
        other_subs = tuple(s for j, s in enumerate(subs) if j != i)
        present = set(out).union(*other_subs)
        operands, in_subs = [dy] + others, (out,) + other_subs
        if any(c not in present for c in sub):
            operands.append(array_ops.ones_like(x))
            in_subs += (sub,)
        unique = "".join(dict.fromkeys(sub))
        g = apply(EINSUM, operands, {"inputs": in_subs, "output": unique,
                                     "batch": op.attrs["batch"]})
        if unique != sub:
            g = _onto_diagonals(g, unique, sub, x, fresh)
        grads.append(unbroadcast(g, x))
    return grads


def _onto_diagonals(g, unique, sub, x, fresh):
    """Spread `g` (letters `unique`) onto the diagonals that repeated letters of `sub` name."""
    from graphflow.ops.creation_ops import eye
    if not rules.known(x._shape):
        raise ValueError("the gradient of einsum over a diagonal %r needs a static shape, got "
                         "%s" % (sub, dims(x._shape)))
    seen, distinct, eyes, eye_subs = set(), "", [], ()
    for c, size in zip(sub, x._shape):
        if c in seen:
            c2 = next(fresh)
            eyes.append(eye(size, dtype=x.dtype))
            eye_subs += (c + c2,)
            c = c2
        seen.add(c)
        distinct += c
    return apply(EINSUM, [g] + eyes, {"inputs": (unique,) + eye_subs, "output": distinct,
                                      "batch": ""})


EINSUM = register("Einsum", ("inputs*",), _einsum_infer, _einsum_kernel,
                  attrs={"inputs": (), "output": "", "batch": ""}, grad=_einsum_grad,
                  cost="heavy")


def einsum(equation, *inputs, **kwargs):
    """Einstein summation, as `tf.einsum` (explicit, implicit and '...' forms)."""
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    tensors = [convert_to_tensor(t) for t in inputs]
    subs, out, batch = _parse_equation(equation, [t._shape for t in tensors])
    return apply(EINSUM, tensors, {"inputs": subs, "output": out, "batch": batch})


def trace(x, name=None):
    """Sum of the main diagonal of the innermost matrices."""
    return einsum("...ii->...", x)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False,
           name=None):
    """Matrix times vector over the innermost dims: a @ b[..., None] without the last 1."""
    equation = "...ji,...j->...i" if (transpose_a or adjoint_a) else "...ij,...j->...i"
    return einsum(equation, a, b)


# ---- Tensordot -------------------------------------------------------------------------------
def tensordot(a, b, axes, name=None):
    """Sum of products over `axes` (an int N: last N of a with first N of b; or two lists)."""
    a, b = binary_args(a, b)
    if a._shape is None or b._shape is None:
        raise ValueError("tensordot needs inputs of known rank, got %s and %s"
                         % (a.shape, b.shape))
    ra, rb = len(a._shape), len(b._shape)
    if hasattr(axes, "dtype"):
        axes = np.asarray(rules.static_value(convert_to_tensor(axes))).tolist()
    if isinstance(axes, (int, np.integer)):
        if not 0 <= axes <= min(ra, rb):
            raise ValueError("'axes' must be at most the rank of a and b (%d and %d), got %d"
                             % (ra, rb, axes))
        a_axes, b_axes = list(range(ra - axes, ra)), list(range(axes))
    else:
        if len(axes) != 2:
            raise ValueError("'axes' must be an int or a pair of axis lists, got %r" % (axes,))
        a_axes, b_axes = ([x] if isinstance(x, (int, np.integer)) else list(x) for x in axes)
        if len(a_axes) != len(b_axes):
            raise ValueError("Different number of contraction axes 'a' and 'b', %d != %d"
                             % (len(a_axes), len(b_axes)))
        a_axes = [rules.normalize_axis(int(x), ra, "tensordot") for x in a_axes]
        b_axes = [rules.normalize_axis(int(x), rb, "tensordot") for x in b_axes]
    letters = iter(_LETTERS)
    sa = [next(letters) for _ in range(ra)]
    sb = [next(letters) for _ in range(rb)]
    for i, j in zip(a_axes, b_axes):
        sb[j] = sa[i]
    out = [c for k, c in enumerate(sa) if k not in a_axes] + \
        [c for k, c in enumerate(sb) if k not in b_axes]
    return apply(EINSUM, [a, b], {"inputs": ("".join(sa), "".join(sb)),
                                  "output": "".join(out), "batch": ""})


# ---- Norms -----------------------------------------------------------------------------------
def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):  # noqa: A002
    """Vector norm (axis None or int) or matrix norm (axis a pair), as `tf.norm`."""
    from graphflow.ops import math_ops, unary_ops
    from graphflow.ops import reduction_ops as r
    x = convert_to_tensor(tensor)
    keepdims = bool(keepdims)
    matrix = isinstance(axis, (list, tuple)) and len(axis) == 2
    if isinstance(axis, (list, tuple)) and len(axis) not in (1, 2):
        raise ValueError("'axis' must be None, an integer, or a tuple of 2 unique integers, "
                         "got %r" % (axis,))
    if matrix:
        rank = None if x._shape is None else len(x._shape)
        rows, cols = (rules.normalize_axis(int(a), rank, "norm") for a in axis)
        if rows == cols:
            raise ValueError("'axis' must be a tuple of 2 unique integers, got %r" % (axis,))
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1,"
                             " 2, inf], got %r" % (ord,))
        if ord == 2:
            return _spectral_norm(x, rows, cols, keepdims)
        if ord in (1, np.inf):
            summed, kept = (rows, cols) if ord == 1 else (cols, rows)
            s = r.reduce_sum(unary_ops.abs(x), axis=summed, keepdims=True)
            out = r.reduce_max(s, axis=kept, keepdims=True)
            return out if keepdims else r.reduce_sum(out, axis=[rows, cols])
        return unary_ops.sqrt(r.reduce_sum(unary_ops.square(x), axis=list(axis),
                                           keepdims=keepdims))
    if ord == "fro" or not (ord == "euclidean" or (isinstance(ord, (int, float)) and ord > 0)):
        raise ValueError("'ord' must be a supported vector norm, got %r" % (ord,))
    if ord in ("euclidean", 2):
        return unary_ops.sqrt(r.reduce_sum(unary_ops.square(x), axis=axis, keepdims=keepdims))
    if ord == 1:
        return r.reduce_sum(unary_ops.abs(x), axis=axis, keepdims=keepdims)
    if ord == np.inf:
        return r.reduce_max(unary_ops.abs(x), axis=axis, keepdims=keepdims)
    p = math_ops.cast(float(ord), x.dtype)
    total = r.reduce_sum(math_ops.pow(unary_ops.abs(x), p), axis=axis, keepdims=keepdims)
    return math_ops.pow(total, math_ops.realdiv(math_ops.cast(1.0, x.dtype), p))


def _spectral_infer(ins, attrs):
    from graphflow.ops.reduction_ops import reduced_shape
    x = ins[0]
    if x.dtype not in FLOATS:
        rules.check_dtype("SpectralNorm", x.dtype, FLOATS)
    axes = (attrs["rows"], attrs["cols"])
    return [(x.dtype, reduced_shape(x._shape, axes, attrs["keepdims"])), (x.dtype, x._shape)]


def _spectral_kernel(x, rows, cols, keepdims):
    """Largest singular value over axes (rows, cols), and its gradient direction u1 v1^T."""
    m = np.moveaxis(x, (rows, cols), (-2, -1))
    if m.dtype == np.float16:  # numpy's SVD has no half-precision kernel
        m = m.astype(np.float32)
    u, s, vt = np.linalg.svd(m, full_matrices=False)
    direction = np.einsum("...i,...j->...ij", u[..., :, 0], vt[..., 0, :])
    value = s[..., 0]
    if keepdims:
        value = np.expand_dims(value, tuple(sorted((rows, cols))))
    return value.astype(x.dtype), np.moveaxis(direction, (-2, -1), (rows, cols)).astype(x.dtype)


def _spectral_grad(op, dy, ddirection):
    """d sigma_max / dX = u1 v1^T (the op's second output); no second derivative."""
    from graphflow.ops import array_ops, math_ops
    from graphflow.ops import reduction_ops as r
    if ddirection is not None:
        raise LookupError("the second derivative of norm(ord=2) over a matrix is not "
                          "available: its gradient direction u1 v1^T is not differentiable "
                          "here")
    x, direction = op.inputs[0], op.outputs[1]
    if dy is None:
        return [None]
    if not op.attrs["keepdims"]:
        dy = array_ops.reshape(dy, array_ops.shape(r.reduce_sum(
            x, axis=[op.attrs["rows"], op.attrs["cols"]], keepdims=True)))
    return [math_ops.multiply(dy, direction)]


SPECTRAL_NORM = register("SpectralNorm", ("x",), _spectral_infer, _spectral_kernel,
                         attrs={"rows": 0, "cols": 1, "keepdims": False},
                         grad=_spectral_grad, cost="heavy")


def _spectral_norm(x, rows, cols, keepdims):
    return apply(SPECTRAL_NORM, [x], {"rows": rows, "cols": cols, "keepdims": keepdims})[0]
