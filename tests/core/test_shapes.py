"""TensorShape and TensorSpec: partial shapes, compatibility, merging, equality."""
import pytest

import graphflow as tf


def test_tensor_shape_basics():
    s = tf.TensorShape([2, None, 3])
    assert s.rank == 3 and s.ndims == 3 and len(s) == 3
    assert s.as_list() == [2, None, 3]
    assert s[0] == 2 and s[1] is None and s[1:].as_list() == [None, 3]
    assert not s.is_fully_defined() and s.num_elements() is None
    assert tf.TensorShape([2, 3]).num_elements() == 6
    assert str(s) == "(2, None, 3)" and repr(s) == "TensorShape([2, None, 3])"
    assert str(tf.TensorShape([4])) == "(4,)"
    unknown = tf.TensorShape(None)
    assert unknown.rank is None and str(unknown) == "<unknown>"
    with pytest.raises(ValueError):
        unknown.as_list()
    assert bool(tf.TensorShape([])) and not bool(unknown)


def test_equality_with_lists_and_tuples():
    s = tf.TensorShape([2, 3])
    assert s == [2, 3] and s == (2, 3) and s != [3, 2]
    assert tf.constant([[1, 2]]).shape == (1, 2)
    assert tf.TensorShape([2, None]) == tf.TensorShape([2, None])


def test_compatibility_and_merge():
    a = tf.TensorShape([None, 3])
    assert a.is_compatible_with([5, 3]) and not a.is_compatible_with([5, 4])
    assert not a.is_compatible_with([3]) and a.is_compatible_with(tf.TensorShape(None))
    assert a.merge_with([5, None]).as_list() == [5, 3]
    assert tf.TensorShape(None).merge_with(a) == a
    with pytest.raises(ValueError, match="not compatible"):
        a.merge_with([1, 2])
    with pytest.raises(ValueError, match="incompatible"):
        a.assert_is_compatible_with([1, 2])
    assert tf.TensorShape(None).with_rank(2).as_list() == [None, None]
    with pytest.raises(ValueError, match="rank 3"):
        a.with_rank(3)
    assert (a + [7]).as_list() == [None, 3, 7]
    assert a.concatenate(tf.TensorShape(None)).rank is None


def test_tensor_spec():
    spec = tf.TensorSpec([None, 2], tf.float32, name="x")
    assert spec.shape.as_list() == [None, 2] and spec.dtype is tf.float32 and spec.name == "x"
    assert repr(spec) == "TensorSpec(shape=(None, 2), dtype=tf.float32, name='x')"
    assert spec.is_compatible_with(tf.constant([[1., 2.]]))
    assert not spec.is_compatible_with(tf.constant([[1, 2]]))
    assert not spec.is_compatible_with(tf.constant([1., 2.]))
    assert tf.TensorSpec.from_tensor(tf.constant([1, 2])) == tf.TensorSpec([2], tf.int32)
    assert tf.TensorSpec([2]).dtype is tf.float32
