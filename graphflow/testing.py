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


def _to_float64(args):
    from graphflow.ops.convert import convert_to_tensor
    return [convert_to_tensor(np.asarray(_as_array(a), dtype=np.float64)) for a in args]


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


def _tape_grads(func, args, weights):
    from graphflow.autodiff.tape import GradientTape
    with GradientTape() as tape:
        for a in args:
            tape.watch(a)
        y = _scalar_objective(func, args, weights)
    return tape.gradient(y, args, unconnected_gradients="zero")


def check_grads(func, args, eps=1e-6, rtol=1e-4, atol=1e-6, directions=2, seed=0):
    """Compare GradientTape gradients of `func` with central finite differences.

    Inputs are converted to float64. The scalar checked is sum(w * output) with
    random weights w; its directional derivative along random directions v must
    equal <grad, v>, for the tape run eagerly and inside `graphflow.function`.
    """
    from graphflow.ops.convert import convert_to_tensor
    from graphflow.tracing.function import function
    rng = np.random.default_rng(seed)
    args = _to_float64(args)
    outs = nest.flatten(func(*args))
    weights = [convert_to_tensor(rng.standard_normal(np.shape(_as_array(o))))
               if o is not None and o.dtype.is_floating else None for o in outs]
    eager = [_as_array(g) for g in _tape_grads(func, args, weights)]
    compiled = [_as_array(g) for g in function(
        lambda *xs: _tape_grads(func, list(xs), weights))(*args)]
    for e, c in zip(eager, compiled):
        np.testing.assert_allclose(c, e, rtol=1e-9, atol=1e-12,
                                   err_msg="compiled vs eager gradient")
    values = [_as_array(a) for a in args]

    def objective(vals):
        y = _scalar_objective(func, [convert_to_tensor(v) for v in vals], weights)
        return float(_as_array(y))
    for _ in range(directions):
        vs = [rng.standard_normal(v.shape) for v in values]
        plus = objective([x + eps * v for x, v in zip(values, vs)])
        minus = objective([x - eps * v for x, v in zip(values, vs)])
        numeric = (plus - minus) / (2 * eps)
        analytic = sum(float(np.sum(g * v)) for g, v in zip(eager, vs))
        np.testing.assert_allclose(analytic, numeric, rtol=rtol, atol=atol,
                                   err_msg="tape gradient vs finite differences")
