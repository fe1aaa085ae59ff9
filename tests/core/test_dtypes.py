"""DType objects: numpy mapping, names, flags, limits, conversion and comparison."""
import numpy as np
import pytest

import graphflow as tf


@pytest.mark.parametrize("dtype, np_type, floating, integer", [
    (tf.float16, np.float16, True, False), (tf.float32, np.float32, True, False),
    (tf.float64, np.float64, True, False), (tf.int8, np.int8, False, True),
    (tf.int16, np.int16, False, True), (tf.int32, np.int32, False, True),
    (tf.int64, np.int64, False, True), (tf.uint8, np.uint8, False, True),
    (tf.bool, np.bool_, False, False),
])
def test_numpy_mapping_and_flags(dtype, np_type, floating, integer):
    assert dtype.as_numpy_dtype is np_type
    assert dtype.is_floating is floating and dtype.is_integer is integer
    assert tf.as_dtype(np_type) is dtype and tf.as_dtype(dtype.name) is dtype
    assert tf.dtypes.as_dtype(np.dtype(np_type)) is dtype
    assert getattr(tf.dtypes, dtype.name) is dtype


def test_aliases_names_and_repr():
    assert tf.double is tf.float64 and tf.half is tf.float16
    assert tf.float32.name == "float32"
    assert repr(tf.float32) == "tf.float32"
    assert str(tf.int64) == "<dtype: 'int64'>"
    assert tf.as_dtype(float) is tf.float32 and tf.as_dtype(int) is tf.int32
    assert tf.as_dtype(str) is tf.string
    with pytest.raises(TypeError):
        tf.as_dtype("float33")


def test_limits():
    assert tf.int8.min == -128 and tf.int8.max == 127
    assert tf.uint8.min == 0 and tf.int32.max == 2 ** 31 - 1
    assert tf.float32.max == np.finfo(np.float32).max
    assert tf.float16.min == np.finfo(np.float16).min
    with pytest.raises(TypeError):
        tf.bool.min
    with pytest.raises(TypeError):
        tf.string.max


def test_comparison_with_other_spellings():
    assert tf.float32 == "float32" and tf.float32 == np.float32
    assert tf.float32 != tf.float64 and tf.float32 != "int32"
    assert tf.float32 != "not a dtype" and tf.float32 != None  # noqa: E711
    assert len({tf.float32, tf.as_dtype("float32"), tf.int32}) == 2
    assert tf.float32.is_compatible_with(np.float32)
    assert tf.complex64.real_dtype is tf.float32 and tf.int32.real_dtype is tf.int32


def test_tensor_dtypes_follow_tf_rules():
    assert tf.constant(1.).dtype is tf.float32
    assert tf.constant(1).dtype is tf.int32
    assert tf.constant(np.float64(1)).dtype is tf.float64
    assert (tf.constant(1) / tf.constant(2)).dtype is tf.float64
    assert tf.cast(tf.constant([1.7, -1.7]), tf.int32).numpy().tolist() == [1, -1]
