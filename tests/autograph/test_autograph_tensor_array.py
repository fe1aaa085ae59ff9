"""TensorArray: the API eagerly and compiled, and its errors."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import errors


def api_roundtrip(x):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    ta = ta.write(0, x[0])
    ta = ta.write(2, x[1] * 2.0)
    ta = ta.write(1, x[0] + x[1])
    return ta.stack(), ta.read(1), ta.size(), ta.gather([2, 0]), ta.concat()


def unstack_scatter(x):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ta = ta.unstack(x)
    ta = ta.scatter([0, 3], tf.stack([x[1] * 10.0, x[0] * 10.0]))
    return ta.stack(), ta.size()


def unwritten_elements_are_zeros(x):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    ta = ta.write(1, x)
    return ta.stack()


def grow_in_while(n):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    i = 0
    while i < n:
        ta = ta.write(ta.size(), i * 10)
        i += 1
    return ta.stack(), ta.size()


def iterate_tensor_array(x):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).unstack(x)
    total = tf.zeros([2])
    for row in ta:
        total += row
    return total


CASES = [
    (api_roundtrip, [np.array([[1.0, 2.0], [3.0, 4.0]], np.float32)]),
    (unstack_scatter, [np.array([[1.0], [2.0], [3.0]], np.float32)]),
    (unwritten_elements_are_zeros, [np.array([5.0, 6.0], np.float32)]),
    (grow_in_while, [np.int32(4)]),
    (iterate_tensor_array, [np.arange(6, dtype=np.float32).reshape(3, 2)]),
]


@pytest.mark.parametrize("fn,args", CASES, ids=[f.__name__ for f, _ in CASES])
def test_eager_equals_compiled(fn, args):
    args = [tf.constant(a) for a in args]
    # Iterating a TensorArray needs AutoGraph (as in TF): run the converted code eagerly.
    plain = tf.autograph.to_graph(fn) if fn is iterate_tensor_array else fn
    eager = tf.nest.flatten(plain(*args))
    compiled = tf.nest.flatten(tf.function(fn)(*args))
    for e, c in zip(eager, compiled):
        np.testing.assert_array_equal(c.numpy(), e.numpy())
        assert c.dtype == e.dtype


def test_values():
    stacked, read, size, gathered, concat = api_roundtrip(
        tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_array_equal(stacked.numpy(), [[1, 2], [4, 6], [6, 8]])
    np.testing.assert_array_equal(read.numpy(), [4, 6])
    assert int(size) == 3
    np.testing.assert_array_equal(gathered.numpy(), [[6, 8], [1, 2]])
    np.testing.assert_array_equal(concat.numpy(), [1, 2, 4, 6, 6, 8])
    stacked, size = unstack_scatter(tf.constant([[1.0], [2.0], [3.0]]))
    np.testing.assert_array_equal(stacked.numpy(), [[20.0], [2.0], [3.0], [10.0]])
    assert int(size) == 4


def test_static_shapes_in_graphs():
    @tf.function
    def f(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        for i in tf.range(3):
            ta = ta.write(i, x)
        out = ta.stack()
        assert out.shape.as_list() == [None, 4]
        return out
    assert f(tf.zeros([4])).shape == (3, 4)


def test_fixed_size_rejects_out_of_range_write():
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(errors.OutOfRangeError, match="not resizeable"):
        ta.write(2, 1.0)


def test_clear_after_read():
    ta = tf.TensorArray(tf.float32, size=1).write(0, 3.0)
    assert float(ta.read(0)) == 3.0
    with pytest.raises(errors.InvalidArgumentError, match="clear_after_read"):
        ta.read(0)
    kept = tf.TensorArray(tf.float32, size=1, clear_after_read=False).write(0, 3.0)
    assert float(kept.read(0)) == float(kept.read(0)) == 3.0


def test_write_checks_dtype_and_element_shape():
    ta = tf.TensorArray(tf.float32, size=2, element_shape=[2])
    with pytest.raises(TypeError, match="TensorArray dtype is float32 but Op is trying to "
                                        "write dtype int32"):
        ta.write(0, tf.constant([1, 2]))
    with pytest.raises(ValueError, match="incompatible with the TensorArray's inferred "
                                         "element shape"):
        ta.write(0, tf.constant([1.0, 2.0, 3.0]))
    inferred = tf.TensorArray(tf.float32, size=2).write(0, tf.constant([1.0, 2.0]))
    assert inferred.element_shape.as_list() == [2]


def test_stack_of_empty_array_needs_element_shape():
    assert tf.TensorArray(tf.float32, size=0, element_shape=[3]).stack().shape == (0, 3)
    with pytest.raises(errors.InvalidArgumentError, match="element shape"):
        tf.TensorArray(tf.float32, size=0).stack()


def split_rows(x, lengths):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
    ta = ta.split(x, lengths)
    return ta.read(0), ta.read(1), ta.read(2), ta.size(), ta.concat()


def test_split_eager_equals_compiled_equals_numpy():
    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    lengths = tf.constant([1, 3, 2])
    eager = split_rows(tf.constant(x), lengths)
    compiled = tf.function(split_rows)(tf.constant(x), lengths)
    expected = [x[0:1], x[1:4], x[4:6], 3, x]
    for e, got in zip(expected, eager):
        np.testing.assert_array_equal(got.numpy(), e)
    for e, got in zip(eager, compiled):
        np.testing.assert_array_equal(got.numpy(), e.numpy())
        assert got.dtype == e.dtype


def test_split_static_element_shape():
    @tf.function
    def equal_parts(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).split(x, [2, 2])
        assert ta.element_shape.as_list() == [2, 3]
        return ta.stack()

    @tf.function
    def unequal_parts(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).split(x, [1, 3])
        assert ta.element_shape.as_list() == [None, 3]
        return ta.concat()
    x = np.arange(12, dtype=np.float32).reshape(4, 3)
    np.testing.assert_array_equal(equal_parts(tf.constant(x)).numpy(), x.reshape(2, 2, 3))
    np.testing.assert_array_equal(unequal_parts(tf.constant(x)).numpy(), x)


def test_split_errors():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    with pytest.raises(errors.InvalidArgumentError, match="sum of lengths"):
        ta.split(tf.zeros([5, 2]), [1, 2])
    with pytest.raises(TypeError, match="TensorArray dtype is float32 but Op is trying to "
                                        "write dtype int32"):
        ta.split(tf.constant([1, 2]), [1, 1])
    with pytest.raises(ValueError, match="rank"):
        ta.split(tf.constant(1.0), [1])
    with pytest.raises(ValueError, match="incompatible"):
        tf.TensorArray(tf.float32, size=2, element_shape=[3]).split(tf.zeros([4]), [2, 2])


def test_split_gradient_equals_compiled():
    def loss(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True).split(x, [2, 1])
            last = ta.read(1)
            y = tf.reduce_sum(ta.read(0) * 3.0) + tf.reduce_sum(last * last)
        return tape.gradient(y, x)
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    expected = [[3.0, 3.0], [3.0, 3.0], [10.0, 12.0]]
    np.testing.assert_array_equal(loss(x).numpy(), expected)
    np.testing.assert_array_equal(tf.function(loss)(x).numpy(), expected)


def _accumulate_until(n):
    items = []
    for i in tf.range(n):
        items.append(i * 3)
        if i > 1:
            return items
    return items


def test_list_returned_from_tensor_loop_stacks_in_the_caller():
    def caller(n):
        return tf.stack(_accumulate_until(n))
    for n in (2, 5):
        expected = tf.stack(_accumulate_until(tf.constant(n))).numpy()
        np.testing.assert_array_equal(tf.function(caller)(tf.constant(n)).numpy(), expected)
        assert expected.tolist() == [0, 3, 6][:n]
