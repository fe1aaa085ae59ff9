"""Shared checks of the conformance tables: evaluate a TF expression with `tf` = graphflow."""
import numpy as np
import pytest

import graphflow as tf

# Expressions that only make sense eagerly (Python conversions, variables made per call).
_EAGER_ONLY = ("Variable", "TensorArray", "len(", "bool(", "list(", "np.asarray", "assert")


def evaluate(expr):
    return eval(expr, {"tf": tf, "np": np})


def check_python_value(value, expected):
    """A Python-valued result (shapes become lists; a str expected compares reprs)."""
    if hasattr(value, "as_list") and isinstance(expected, list):
        value = value.as_list()
    if isinstance(expected, str):
        value = repr(value)
    assert value == expected


def check_error_class(expr, error):
    """Evaluating `expr` raises graphflow.errors.<error> or the builtin exception <error>."""
    import builtins
    from graphflow import errors
    expected = getattr(errors, error, None) or getattr(builtins, error)
    with pytest.raises(expected):
        evaluate(expr)


def assert_matches(value, dtype, expected):
    if isinstance(dtype, list):
        assert len(value) == len(dtype)
        for v, d, e in zip(value, dtype, expected):
            assert_matches(v, d, e)
        return
    assert value.dtype.name == dtype
    got = value.numpy()
    if dtype == "string":
        assert np.asarray(got).tolist() == expected
    elif dtype in ("float16", "float32", "float64"):
        np.testing.assert_allclose(got, np.asarray(expected, np.float64), rtol=1e-5, atol=1e-6)
    else:
        np.testing.assert_array_equal(got, np.asarray(expected))
    assert list(np.shape(got)) == list(np.shape(expected))


def check_example(expr, dtype, expected):
    """`expr` gives `expected` with `dtype` eagerly and, when graph-safe, compiled."""
    assert_matches(evaluate(expr), dtype, expected)
    if not any(marker in expr for marker in _EAGER_ONLY):
        compiled = tf.function(lambda: evaluate(expr), autograph=False)
        assert_matches(compiled(), dtype, expected)


def describe(value):
    """A comparable description of a program's result: tensors as (tag, dtype, values, shape)."""
    if isinstance(value, dict):
        return "dict", {k: describe(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return type(value).__name__, [describe(v) for v in value]
    if hasattr(value, "numpy") and hasattr(value, "dtype"):
        return ("T", value.dtype.name, np.round(np.asarray(value.numpy()), 5).tolist(),
                tuple(value.shape.as_list()))
    if isinstance(value, float):
        return "P", round(value, 5)
    return "P", repr(value)


def assert_same_description(got, expected):
    if isinstance(expected, float):
        assert got == expected or (np.isnan(got) and np.isnan(expected)) or \
            abs(got - expected) <= 1e-5 * max(1.0, abs(expected)), (got, expected)
    elif isinstance(expected, (list, tuple)):
        assert isinstance(got, (list, tuple)) and len(got) == len(expected), (got, expected)
        for g, e in zip(got, expected):
            assert_same_description(g, e)
    elif isinstance(expected, dict):
        assert sorted(got) == sorted(expected)
        for key in expected:
            assert_same_description(got[key], expected[key])
    else:
        assert got == expected


def run_program(source, tmp_path):
    """Run `source` (which sets `out`) from a real file, so AutoGraph can read its code."""
    import importlib.util
    path = tmp_path / "program.py"
    path.write_text("import numpy as np\nimport graphflow as tf\n" + source + "\n")
    spec = importlib.util.spec_from_file_location("conformance_program", str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.out


def check_program(source, expected, tmp_path):
    """The program's `out` matches TF's, or it raises the error class TF raises."""
    from graphflow import errors
    if expected[0] == "ERR":
        import builtins
        error = getattr(errors, expected[1], None) or getattr(builtins, expected[1])
        with pytest.raises(error):
            run_program(source, tmp_path)
    else:
        assert_same_description(describe(run_program(source, tmp_path)), expected)
