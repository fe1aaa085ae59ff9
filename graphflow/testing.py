"""Test helpers: eager vs compiled comparison and finite-difference gradient checks."""
import numpy as np

from graphflow import nest


def _as_array(x):
    value = x.numpy() if hasattr(x, "numpy") else x
    return np.asarray(value, dtype=object if isinstance(value, (bytes, str)) else None)


def _dtype_name(x):
    dt = getattr(x, "dtype", None)
    return getattr(dt, "name", str(np.asarray(x).dtype))


def assert_nested_equal(expected, actual, rtol=1e-6, atol=1e-6, what="result"):
    """Same structure, and leaf by leaf the same dtype, shape and (close) values."""
    nest.assert_same_structure(expected, actual)
    for i, (e, a) in enumerate(zip(nest.flatten(expected), nest.flatten(actual))):
        if e is None or a is None:
            assert e is a, "%s leaf %d: %r vs %r" % (what, i, e, a)
            continue
        assert _dtype_name(e) == _dtype_name(a), (
            "%s leaf %d: dtype %s vs %s" % (what, i, _dtype_name(e), _dtype_name(a)))
        ea, aa = _as_array(e), _as_array(a)
        assert ea.shape == aa.shape, "%s leaf %d: shape %s vs %s" % (what, i, ea.shape,
                                                                     aa.shape)
        if ea.dtype.kind in "fc":
            np.testing.assert_allclose(aa, ea, rtol=rtol, atol=atol, equal_nan=True,
                                       err_msg="%s leaf %d" % (what, i))
        else:
            np.testing.assert_array_equal(aa, ea, err_msg="%s leaf %d" % (what, i))


class _optimizer_off:
    """Within the block, compiled functions run their graphs unoptimized."""

    def __enter__(self):
        from graphflow import config
        self._saved = config.optimizer.get_experimental_options()
        config.optimizer.set_experimental_options({"disable_meta_optimizer": True})

    def __exit__(self, *exc):
        from graphflow import config
        config.optimizer.set_experimental_options(
            {"disable_meta_optimizer": self._saved.get("disable_meta_optimizer", False)})


def assert_eager_graph_equal(func, *args, rtol=1e-6, atol=1e-6):
    """Run `func(*args)` eagerly and under `graphflow.function`; results must match.

    The compiled runs are: arguments as graph inputs (optimized and unoptimized
    graph), and arguments closed over as constants (so constant folding evaluates the
    ops at compile time). Nested results are compared leaf by leaf (dtype, shape,
    values); the eager result is returned for checks against a reference.
    """
    from graphflow.ops.convert import constant
    from graphflow.tracing.function import function
    eager = func(*args)
    assert_nested_equal(eager, function(func)(*args), rtol=rtol, atol=atol,
                        what="compiled vs eager")
    with _optimizer_off():
        assert_nested_equal(eager, function(func)(*args), rtol=rtol, atol=atol,
                            what="unoptimized compiled vs eager")
    if all(isinstance(a, np.ndarray) for a in args):
        folded = function(lambda: func(*[constant(a) for a in args]))()
        assert_nested_equal(eager, folded, rtol=rtol, atol=atol,
                            what="constant-folded compiled vs eager")
    return eager


def _prepare(args):
    """Float arguments become float64 tensors (the ones differentiated); others stay."""
    from graphflow.ops.convert import convert_to_tensor
    tensors, differentiable = [], []
    for a in args:
        value = _as_array(a)
        floating = value.dtype.kind == "f"
        tensors.append(convert_to_tensor(value.astype(np.float64) if floating else a))
        differentiable.append(floating)
    return tensors, differentiable


def _scalar_objective(func, args, weights):
    """sum(w * func(*args)) over all float outputs: a scalar whose gradient we check."""
    from graphflow.ops import math_ops, reduction_ops
    total = None
    for out, w in zip(nest.flatten(func(*args)), weights):
        if out is None or not out.dtype.is_floating:
            continue
        term = reduction_ops.reduce_sum(math_ops.multiply(out, w))
        total = term if total is None else math_ops.add(total, term)
    return total


def _tape_grads(func, args, differentiable, weights):
    from graphflow.autodiff.tape import GradientTape
    sources = [a for a, d in zip(args, differentiable) if d]
    with GradientTape() as tape:
        for a in sources:
            tape.watch(a)
        y = _scalar_objective(func, args, weights)
    return tape.gradient(y, sources, unconnected_gradients="zero")


def check_grads(func, args, eps=1e-6, rtol=1e-4, atol=1e-6, directions=2, seed=0):
    """Compare GradientTape gradients of `func` with central finite differences.

    Float arguments are converted to float64 and differentiated; integer and bool
    arguments (labels, indices) are passed through unchanged. The scalar checked is
    sum(w * output) over float outputs, with random weights w; its derivative along
    random directions v must equal <grad, v>, for the tape run eagerly and inside
    `graphflow.function` (which must also agree with each other).
    """
    from graphflow.ops.convert import convert_to_tensor
    from graphflow.tracing.function import function
    rng = np.random.default_rng(seed)
    args, differentiable = _prepare(args)
    outs = nest.flatten(func(*args))
    weights = [convert_to_tensor(rng.standard_normal(np.shape(_as_array(o))))
               if o is not None and o.dtype.is_floating else None for o in outs]
    eager = [_as_array(g) for g in _tape_grads(func, args, differentiable, weights)]
    compiled = [_as_array(g) for g in function(
        lambda *xs: _tape_grads(func, list(xs), differentiable, weights))(*args)]
    for e, c in zip(eager, compiled):
        np.testing.assert_allclose(c, e, rtol=1e-9, atol=1e-12,
                                   err_msg="compiled vs eager gradient")

    def objective(shifts):
        it = iter(shifts)
        moved = [convert_to_tensor(_as_array(a) + next(it)) if d else a
                 for a, d in zip(args, differentiable)]
        return float(_as_array(_scalar_objective(func, moved, weights)))
    shapes = [np.shape(_as_array(a)) for a, d in zip(args, differentiable) if d]
    for _ in range(directions):
        vs = [rng.standard_normal(shape) for shape in shapes]
        numeric = (objective([eps * v for v in vs]) - objective([-eps * v for v in vs])) / \
            (2 * eps)
        analytic = sum(float(np.sum(g * v)) for g, v in zip(eager, vs))
        np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol,
                                   err_msg="tape gradient vs finite differences")
