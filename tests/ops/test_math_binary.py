"""Elementwise binary ops: eager vs compiled vs numpy, broadcasting, TF's dtype rules."""
import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import graphflow as tf
from graphflow import errors
from graphflow.testing import assert_eager_graph_equal


def _floordiv(x, y):
    return np.floor(x / y)


FLOAT_BINARY = [
    (tf.add, np.add), (tf.subtract, np.subtract), (tf.multiply, np.multiply),
    (tf.divide, np.divide), (tf.truediv, np.divide), (tf.math.floordiv, _floordiv),
    (tf.math.floormod, np.mod), (tf.maximum, np.maximum), (tf.minimum, np.minimum),
    (tf.squared_difference, lambda x, y: (x - y) ** 2), (tf.pow, np.power),
    (tf.math.add, np.add), (tf.math.multiply, np.multiply), (tf.realdiv, np.divide),
    (tf.math.atan2, np.arctan2), (tf.truncatediv, lambda x, y: np.trunc(x / y)),
    (tf.truncatemod, np.fmod),
]
COMPARISONS = [
    (tf.equal, np.equal), (tf.not_equal, np.not_equal), (tf.less, np.less),
    (tf.less_equal, np.less_equal), (tf.greater, np.greater),
    (tf.greater_equal, np.greater_equal),
]
LOGICAL = [(tf.logical_and, np.logical_and), (tf.logical_or, np.logical_or),
           (tf.logical_xor, np.logical_xor)]

shapes_pair = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3,
                                                max_side=3)


def _floats(shape, lo=-3.0, hi=3.0):
    return hnp.arrays(np.float32, shape, elements=st.floats(lo, hi, width=32))


@pytest.mark.parametrize("op,ref", FLOAT_BINARY, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_float_binary_matches_numpy_with_broadcasting(op, ref, data):
    (sx, sy), _ = data.draw(shapes_pair)
    lo = 0.5 if op in (tf.pow,) else -3.0
    x = data.draw(_floats(sx, lo, 3.0))
    y = data.draw(_floats(sy, 0.5, 3.0)) if op in (
        tf.divide, tf.truediv, tf.realdiv, tf.math.floordiv, tf.math.floormod,
        tf.truncatediv, tf.truncatemod) else \
        data.draw(_floats(sy))
    out = assert_eager_graph_equal(op, x, y)
    assert out.dtype == tf.float32
    with np.errstate(all="ignore"):
        expected = ref(x, y).astype(np.float32)
    np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("op,ref", COMPARISONS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_comparisons_give_bool(op, ref, data):
    (sx, sy), _ = data.draw(shapes_pair)
    x = data.draw(hnp.arrays(np.int32, sx, elements=st.integers(-2, 2)))
    y = data.draw(hnp.arrays(np.int32, sy, elements=st.integers(-2, 2)))
    out = assert_eager_graph_equal(op, x, y)
    assert out.dtype == tf.bool
    np.testing.assert_array_equal(out.numpy(), ref(x, y))


@pytest.mark.parametrize("op,ref", LOGICAL, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_logical_ops(op, ref, data):
    (sx, sy), _ = data.draw(shapes_pair)
    x = data.draw(hnp.arrays(np.bool_, sx))
    y = data.draw(hnp.arrays(np.bool_, sy))
    out = assert_eager_graph_equal(op, x, y)
    np.testing.assert_array_equal(out.numpy(), ref(x, y))


def test_logical_not():
    out = assert_eager_graph_equal(tf.logical_not, np.array([True, False]))
    np.testing.assert_array_equal(out.numpy(), [False, True])


@pytest.mark.parametrize("op,name", [(tf.add, "AddV2"), (tf.subtract, "Sub"),
                                     (tf.multiply, "Mul"), (tf.maximum, "Maximum"),
                                     (tf.pow, "Pow"), (tf.math.floormod, "FloorMod"),
                                     (tf.less, "Less"), (tf.squared_difference,
                                                         "SquaredDifference")])
def test_mixed_dtypes_raise_naming_op_and_dtypes(op, name):
    with pytest.raises(errors.InvalidArgumentError) as e:
        op(tf.constant([1.0]), tf.constant([1]))
    msg = str(e.value)
    assert name in msg and "float" in msg and "int32" in msg
    with pytest.raises(errors.InvalidArgumentError) as e:
        op(tf.constant([1.0]), tf.constant([1.0], dtype=tf.float64))
    assert "double" in str(e.value) and name in str(e.value)


def test_mixed_dtypes_while_tracing_raise_type_error():
    @tf.function
    def f(x, y):
        return x + y
    with pytest.raises(TypeError, match="AddV2"):
        f(tf.constant(1.0), tf.constant(1))


def test_truediv_mixed_dtypes_is_type_error_as_tf():
    with pytest.raises(TypeError, match="float32 != tf.int32"):
        tf.constant(1.0) / tf.constant(1)


def test_cast_makes_mixed_dtypes_work():
    out = tf.constant([1.5]) + tf.cast(tf.constant([2]), tf.float32)
    np.testing.assert_allclose(out.numpy(), [3.5])


def test_incompatible_shapes_raise():
    with pytest.raises(errors.InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        tf.add(tf.ones([2]), tf.ones([3]))


def test_python_scalars_take_the_tensor_dtype():
    t = tf.constant([1.0, 2.0])
    assert (t + 10).dtype == tf.float32
    assert (10 * t).dtype == tf.float32
    i = tf.constant([1, 2])
    assert (i + 1).dtype == tf.int32
    with pytest.raises(TypeError):
        i + 1.5


def test_integer_floordiv_and_mod_follow_python_signs():
    x = np.array([7, -7, 7, -7], np.int32)
    y = np.array([2, 2, -2, -2], np.int32)
    q = assert_eager_graph_equal(tf.math.floordiv, x, y)
    r = assert_eager_graph_equal(tf.math.floormod, x, y)
    np.testing.assert_array_equal(q.numpy(), x // y)
    np.testing.assert_array_equal(r.numpy(), x % y)
    assert q.dtype == tf.int32 and r.dtype == tf.int32
    np.testing.assert_array_equal((tf.constant(x) // tf.constant(y)).numpy(), x // y)
    np.testing.assert_array_equal((tf.constant(x) % tf.constant(y)).numpy(), x % y)
    np.testing.assert_array_equal(tf.math.mod(x, y).numpy(), x % y)


def test_truncated_division_rounds_toward_zero():
    x = np.array([7, -7, 7, -7], np.int32)
    y = np.array([2, 2, -2, -2], np.int32)
    q = assert_eager_graph_equal(tf.truncatediv, x, y)
    r = assert_eager_graph_equal(tf.truncatemod, x, y)
    np.testing.assert_array_equal(q.numpy(), [3, -3, -3, 3])
    np.testing.assert_array_equal(r.numpy(), [1, -1, 1, -1])


def test_float_mod_has_the_divisor_sign():
    out = tf.math.floormod(tf.constant([5.5, -5.5]), tf.constant([-2.0, 2.0]))
    np.testing.assert_allclose(out.numpy(), [-0.5, 0.5])


def test_integer_division_by_zero_raises():
    with pytest.raises(errors.InvalidArgumentError, match="Integer division by zero"):
        tf.constant([1]) // tf.constant([0])


@pytest.mark.parametrize("dtype,expected", [(tf.int8, tf.float32), (tf.int16, tf.float32),
                                            (tf.int32, tf.float64), (tf.int64, tf.float64),
                                            (tf.float16, tf.float16)])
def test_truediv_result_dtypes(dtype, expected):
    x = tf.constant([3, 4], dtype=dtype)
    out = assert_eager_graph_equal(lambda a, b: a / b, x, tf.constant([2, 8], dtype=dtype))
    assert out.dtype == expected
    np.testing.assert_allclose(out.numpy(), [1.5, 0.5])


def test_integer_pow():
    out = assert_eager_graph_equal(tf.pow, np.array([2, -3], np.int32),
                                   np.array([3, 2], np.int32))
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), [8, 9])
    with pytest.raises(errors.InvalidArgumentError, match="negative integer powers"):
        tf.pow(tf.constant(2), tf.constant(-1))
    assert (tf.constant([2.0]) ** 3).dtype == tf.float32


def test_python_operators():
    a, b = tf.constant([[1, 2], [3, 4]]), tf.constant([[5, 6], [7, 8]])
    np.testing.assert_array_equal((a @ b).numpy(), np.array([[19, 22], [43, 50]]))
    np.testing.assert_array_equal((-a).numpy(), -a.numpy())
    np.testing.assert_array_equal(abs(tf.constant([-1, 2])).numpy(), [1, 2])
    np.testing.assert_array_equal((a & b).numpy(), a.numpy() & b.numpy())
    np.testing.assert_array_equal(((a > 2) | (b < 6)).numpy(), (a.numpy() > 2) |
                                  (b.numpy() < 6))
    np.testing.assert_array_equal((~(a > 2)).numpy(), ~(a.numpy() > 2))


def test_add_n():
    xs = [np.full((2, 3), i, np.float32) for i in range(4)]
    out = assert_eager_graph_equal(lambda *ts: tf.add_n(list(ts)), *xs)
    np.testing.assert_allclose(out.numpy(), np.full((2, 3), 6.0))
    assert tf.math.add_n([tf.constant(1)]).numpy() == 1
    with pytest.raises(errors.InvalidArgumentError, match="AddN"):
        tf.add_n([tf.ones([2]), tf.ones([3])])
    with pytest.raises(errors.InvalidArgumentError):
        tf.add_n([tf.ones([2]), tf.ones([2], dtype=tf.int32)])
    with pytest.raises(ValueError):
        tf.add_n([])


def test_clip_by_value():
    x = np.array([[-2.0, 0.5], [3.0, 1.0]], np.float32)
    out = assert_eager_graph_equal(lambda t: tf.clip_by_value(t, -1.0, 1.0), x)
    np.testing.assert_allclose(out.numpy(), np.clip(x, -1, 1))
    per_column = tf.clip_by_value(x, [0.0, -1.0], [1.0, 0.7])
    np.testing.assert_allclose(per_column.numpy(), [[0.0, 0.5], [1.0, 0.7]])
    with pytest.raises(ValueError):
        tf.clip_by_value(tf.ones([2]), tf.zeros([3, 2]), 1.0)


def test_divide_no_nan():
    out = assert_eager_graph_equal(tf.math.divide_no_nan, np.array([1.0, 2.0], np.float32),
                                   np.array([0.0, 4.0], np.float32))
    np.testing.assert_allclose(out.numpy(), [0.0, 0.5])


def test_cast_truncates_toward_zero_and_rounds_trips():
    out = assert_eager_graph_equal(lambda x: tf.cast(x, tf.int32),
                                   np.array([1.7, -1.7, 2.5], np.float32))
    np.testing.assert_array_equal(out.numpy(), [1, -1, 2])
    assert tf.cast(tf.constant([1, 0]), tf.bool).dtype == tf.bool
    assert tf.cast(tf.constant([True]), tf.float64).numpy()[0] == 1.0
    t = tf.constant([1.0])
    assert tf.cast(t, tf.float32) is t


def test_string_add_and_equal():
    out = assert_eager_graph_equal(tf.add, np.array(b"ab", dtype=object),
                                   np.array(b"c", dtype=object))
    assert out.dtype == tf.string and out.numpy() == b"abc"
    np.testing.assert_array_equal((tf.constant(["a", "c"]) + "b").numpy(), [b"ab", b"cb"])
    assert tf.equal(tf.constant("a"), "a").numpy()
    with pytest.raises(errors.InvalidArgumentError):
        tf.subtract(tf.constant("a"), tf.constant("b"))
