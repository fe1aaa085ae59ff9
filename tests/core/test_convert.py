"""constant and convert_to_tensor: TF's default dtypes, packing, strings, errors."""
import numpy as np
import pytest

import graphflow as tf


@pytest.mark.parametrize("value, dtype, shape", [
    (1.5, tf.float32, ()), (3, tf.int32, ()), (2 ** 40, tf.int64, ()), (True, tf.bool, ()),
    ("abc", tf.string, ()), (b"x", tf.string, ()), ([1, 2.5], tf.float32, (2,)),
    ([[1, 2], [3, 4]], tf.int32, (2, 2)), (np.float64(1), tf.float64, ()),
    (np.array([1, 2], np.int16), tf.int16, (2,)), (["a", "b"], tf.string, (2,)),
    ([], tf.float32, (0,)), (1j, tf.complex128, ()),
])
def test_default_dtypes(value, dtype, shape):
    t = tf.convert_to_tensor(value)
    assert t.dtype is dtype and t.shape == shape
    assert tf.constant(value).dtype is dtype


def test_explicit_dtype_and_shape():
    assert tf.constant(1, dtype=tf.float64).numpy() == 1.0
    assert tf.constant([1, 2], dtype=tf.int64).dtype is tf.int64
    np.testing.assert_array_equal(tf.constant(7., shape=[2, 2]), np.full((2, 2), 7.))
    assert tf.constant([1, 2, 3, 4], shape=(2, 2)).shape == (2, 2)
    with pytest.raises(TypeError, match="unsupported shape"):
        tf.constant([1, 2, 3], shape=[2, 2])
    with pytest.raises(TypeError):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(TypeError):
        tf.constant(tf.constant(1), dtype=tf.float32)


def test_lists_of_tensors_are_packed():
    t = tf.convert_to_tensor([tf.constant(1.), 2.])
    assert t.dtype is tf.float32 and t.numpy().tolist() == [1., 2.]
    t = tf.convert_to_tensor([tf.constant(1.), 2])
    assert t.dtype is tf.float32
    nested = tf.convert_to_tensor([[tf.constant(1)], [3]])
    assert nested.dtype is tf.int32 and nested.shape == (2, 1)
    v = tf.Variable(2.)
    assert tf.convert_to_tensor([v, v]).numpy().tolist() == [2., 2.]

    @tf.function
    def f(x):
        return tf.convert_to_tensor([x, 2 * x, 3.])
    np.testing.assert_array_equal(f(tf.constant(1.)), [1., 2., 3.])


def test_numpy_keeps_dtype_and_strings():
    assert tf.constant(np.arange(3)).dtype is tf.int64
    assert tf.constant(np.array([1., 2.], np.float16)).dtype is tf.float16
    s = tf.constant(["héllo", "b"])
    assert s.numpy().tolist() == ["héllo".encode(), b"b"]
    assert tf.convert_to_tensor(np.array(["x"])).dtype is tf.string


def test_conversion_errors():
    with pytest.raises(TypeError):
        tf.constant([True, 1])
    with pytest.raises(TypeError):
        tf.constant([1, "a"])
    with pytest.raises(ValueError, match="non-rectangular"):
        tf.constant([[1, 2], [3]])
    with pytest.raises(ValueError, match="requested dtype"):
        tf.convert_to_tensor(tf.constant(1), dtype=tf.float32)
    with pytest.raises(TypeError):
        tf.convert_to_tensor(object())


def test_python_floats_never_convert_to_integer_dtypes():
    """As TF: even a whole float like 2.0 is refused for an int dtype."""
    with pytest.raises(TypeError, match="Cannot convert 2.0"):
        tf.constant(2., dtype=tf.int32)
    with pytest.raises(TypeError, match="Cannot convert 2.0"):
        tf.constant([1, 2]) * 2.
    with pytest.raises(TypeError):
        tf.Variable(1).assign(2.)


def test_strings_are_refused_for_numeric_dtypes():
    with pytest.raises(TypeError, match="Cannot convert 'a'"):
        tf.constant([1, 2]) != "a"
    with pytest.raises(TypeError):
        tf.constant("a", dtype=tf.float32)


def test_random_ops_need_float_dtypes():
    with pytest.raises(TypeError, match="int32"):
        tf.random.normal([2], dtype=tf.int32)
