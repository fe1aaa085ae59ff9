"""Tracing-count rules, each mirroring TF 2's tf.function behaviour."""
import collections
import warnings

import numpy as np
import pytest

import graphflow as tf


def counted():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x * 2
    return f, calls


def test_python_scalars_retrace_per_value():
    f, calls = counted()
    assert int(f(1)) == 2 and int(f(2)) == 4
    assert f.experimental_get_tracing_count() == 2
    f(1)
    assert f.experimental_get_tracing_count() == 2 and len(calls) == 2


def test_tensors_share_a_trace_per_dtype_and_shape():
    f, calls = counted()
    f(tf.constant(1))
    f(tf.constant(2))
    assert f.experimental_get_tracing_count() == 1
    f(tf.constant([1, 2]))
    assert f.experimental_get_tracing_count() == 2
    f(tf.constant(1.0))
    assert f.experimental_get_tracing_count() == 3


def test_numpy_arrays_are_keyed_like_tensors():
    f, _ = counted()
    np.testing.assert_array_equal(f(np.array([1., 2.])), [2., 4.])
    f(np.array([3., 4.]))
    assert f.experimental_get_tracing_count() == 1
    assert f(np.array([1., 2.])).dtype is tf.float64


def test_input_signature_with_none_dims_traces_once():
    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def f(x):
        return x + 1
    f(tf.constant([1.0]))
    f(tf.constant([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(f([1.0, 2.0]), [2.0, 3.0])
    assert f.experimental_get_tracing_count() == 1
    with pytest.raises(TypeError, match="float32"):
        f(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="None"):
        f(tf.constant([[1.0]]))


def test_input_signature_rejects_non_specs():
    with pytest.raises(TypeError):
        tf.function(lambda x: x, input_signature=[3])


def test_reduce_retracing_generalizes_shapes():
    @tf.function(reduce_retracing=True)
    def f(x):
        return tf.reduce_sum(x)
    f(tf.constant([1.0]))
    f(tf.constant([1.0, 2.0]))
    assert f.experimental_get_tracing_count() == 2
    f(tf.constant([1.0, 2.0, 3.0]))
    f(tf.constant([1.0, 2.0, 3.0, 4.0]))
    assert f.experimental_get_tracing_count() == 2
    assert float(f(tf.constant([1.0, 2.0, 3.0, 4.0, 5.0]))) == 15.0


def test_lists_and_dicts_key_by_structure_and_leaves():
    @tf.function
    def f(d):
        return d["a"] + d["b"][0]
    f({"a": tf.constant(1.0), "b": [tf.constant(2.0)]})
    f({"a": tf.constant(5.0), "b": [tf.constant(7.0)]})
    assert f.experimental_get_tracing_count() == 1
    assert float(f({"a": tf.constant(5.0), "b": [tf.constant(7.0), 1]})) == 12.0
    assert f.experimental_get_tracing_count() == 2


def test_namedtuple_arguments():
    Point = collections.namedtuple("Point", "x y")

    @tf.function
    def norm2(p):
        return p.x * p.x + p.y * p.y
    assert float(norm2(Point(tf.constant(3.0), tf.constant(4.0)))) == 25.0


def test_keyword_and_positional_calls_share_a_trace():
    @tf.function
    def f(x, y=2.0):
        return x * y
    f(tf.constant(1.0))
    f(tf.constant(1.0), 2.0)
    f(x=tf.constant(3.0), y=2.0)
    f(y=2.0, x=tf.constant(3.0))
    assert f.experimental_get_tracing_count() == 1
    assert float(f(tf.constant(3.0), y=tf.constant(3.0))) == 9.0


def test_methods_trace_per_instance_and_do_not_keep_it_alive():
    import gc
    import weakref

    class Model:
        def __init__(self, k):
            self.k = k

        @tf.function
        def __call__(self, x):
            return x * self.k
    a, b = Model(2.0), Model(3.0)
    assert float(a(tf.constant(1.0))) == 2.0
    assert float(b(tf.constant(1.0))) == 3.0
    assert float(a(tf.constant(5.0))) == 10.0
    assert Model.__call__.__get__(a, Model).experimental_get_tracing_count() == 1
    ref = weakref.ref(a)
    del a
    gc.collect()
    assert ref() is None


def test_retracing_warning_after_many_traces():
    @tf.function
    def f(x):
        return x
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i in range(6):
            f(i)
    assert any("retracing" in str(w.message) for w in caught)


def test_get_concrete_function_with_specs():
    @tf.function
    def f(x):
        return x ** 3
    cf = f.get_concrete_function(tf.TensorSpec([None], tf.float32))
    np.testing.assert_array_equal(cf(tf.constant([1.0, 2.0])), [1.0, 8.0])
    assert cf.structured_input_signature[0][0] == tf.TensorSpec([None], tf.float32, name="x")
    assert "float32" in cf.pretty_printed_signature()
    assert f.get_concrete_function(tf.TensorSpec([None], tf.float32)) is cf
    with pytest.raises(TypeError):
        cf(tf.constant([1, 2]))


def test_nested_outputs_and_python_values():
    @tf.function
    def f(x):
        return {"double": x * 2, "pair": (x, 3), "name": "f", "none": None}
    out = f(tf.constant(1.0))
    assert float(out["double"]) == 2.0
    assert float(out["pair"][0]) == 1.0
    assert isinstance(out["pair"][1], tf.Tensor) and int(out["pair"][1]) == 3
    assert out["name"] == "f" and out["none"] is None


def test_run_functions_eagerly():
    calls = []

    @tf.function
    def f(x):
        calls.append(1)
        return x + 1
    tf.config.run_functions_eagerly(True)
    try:
        f(tf.constant(1.0))
        f(tf.constant(1.0))
    finally:
        tf.config.run_functions_eagerly(False)
    assert len(calls) == 2 and f.experimental_get_tracing_count() == 0


def test_nested_functions_trace_inline():
    @tf.function
    def inner(x):
        return x + 1

    def plain(x):
        return x * 3

    @tf.function
    def outer(x):
        return inner(plain(x))
    assert float(outer(tf.constant(2.0))) == 7.0
    ops = [n.op.name for n in outer.get_concrete_function(tf.constant(2.0)).
           unoptimized_graph.nodes]
    assert "Mul" in ops and "AddV2" in ops


def test_method_on_a_temporary_instance():
    class Scale:
        def __init__(self, k):
            self.k = k

        @tf.function
        def apply(self, x):
            return x * self.k
    assert float(Scale(3.0).apply(tf.constant(2.0))) == 6.0


def test_pretty_printed_signature_names_parameters():
    @tf.function
    def scale(x, factor):
        return x * factor
    text = scale.get_concrete_function(tf.constant([1.0]), 2.0).pretty_printed_signature()
    assert text.splitlines()[0] == "scale(x, factor)"
    assert "    x: float32 Tensor, shape=(1,)" in text
    assert "    factor: 2.0" in text
