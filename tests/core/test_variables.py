"""Variable as tf.Variable: writes return the variable, slice assignment, scatter, names,
dtype/shape checks, constraint storage, use by every op, and use inside compiled functions."""
import numpy as np
import pytest

import graphflow as tf


def test_writes_return_the_variable_and_update_value():
    v = tf.Variable([1., 2.])
    assert v.assign([3., 4.]) is v
    assert v.assign_add([1., 1.]) is v
    assert v.assign_sub([0.5, 0.5]) is v
    assert v.assign_add([0., 0.], read_value=False) is None
    np.testing.assert_array_equal(v, [3.5, 4.5])
    r = v.read_value()
    v.assign([0., 0.])
    np.testing.assert_array_equal(r, [3.5, 4.5])
    assert isinstance(r, tf.Tensor)


def test_slice_assignment_and_scatter_as_book():
    v = tf.Variable([[1., 2., 3.], [4., 5., 6.]])
    v[0, 1].assign(42)
    v[:, 2].assign([0., 1.])
    np.testing.assert_array_equal(v, [[1., 42., 0.], [4., 5., 1.]])
    v[1, ::-1].assign(tf.constant([7., 8., 9.]))
    np.testing.assert_array_equal(v[1], [9., 8., 7.])
    v.scatter_nd_update(indices=[[0, 0], [1, 2]], updates=[100., 200.])
    np.testing.assert_array_equal(v, [[100., 42., 0.], [9., 8., 200.]])
    with pytest.raises(tf.errors.InvalidArgumentError):
        v[:, 0].assign([1., 2., 3.])
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not index"):
        v.scatter_nd_update([[5, 0]], [1.])


def test_item_assignment_is_a_type_error():
    v = tf.Variable([1, 2])
    with pytest.raises(TypeError, match="does not support item assignment"):
        v[0] = 3


def test_dtype_and_shape_checks_on_assign():
    v = tf.Variable([1., 2.])
    with pytest.raises(ValueError, match="requested dtype float32"):
        v.assign(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="Shape mismatch"):
        v.assign([1., 2., 3.])
    v.assign([5, 6])  # Python ints convert to the variable's dtype
    assert v.dtype is tf.float32
    iv = tf.Variable(1)
    with pytest.raises(TypeError):
        iv.assign(1.5)
    assert tf.Variable(3, dtype=tf.float64).dtype is tf.float64


def test_names_as_tf_eager():
    assert tf.Variable(1.).name == "Variable:0"
    assert tf.Variable(1.).name == "Variable:0"
    assert tf.Variable(1., name="w").name == "w:0"


def test_trainable_and_constraint_are_stored():
    def clip(w):
        return tf.maximum(w, 0.)
    v = tf.Variable([-1., 2.], trainable=False, constraint=clip)
    assert v.trainable is False and tf.Variable(1.).trainable is True
    assert v.constraint is clip
    v.assign([-3., 1.])  # as TF, assign does not apply the constraint (optimizers do)
    np.testing.assert_array_equal(v, [-3., 1.])
    v.assign(v.constraint(v))
    np.testing.assert_array_equal(v, [0., 1.])
    with pytest.raises(ValueError, match="constraint"):
        tf.Variable(1., constraint=3)


def test_every_op_accepts_variables():
    v = tf.Variable([[1., 2.], [3., 4.]])
    np.testing.assert_array_equal(tf.transpose(v), [[1., 3.], [2., 4.]])
    np.testing.assert_array_equal(tf.concat([v, v], 0).shape, (4, 2))
    np.testing.assert_array_equal(tf.gather(v, [1]), [[3., 4.]])
    np.testing.assert_array_equal(tf.reshape(v, [-1]), [1., 2., 3., 4.])
    np.testing.assert_array_equal(v[:, 1], [2., 4.])
    np.testing.assert_array_equal(v + 1, [[2., 3.], [4., 5.]])
    np.testing.assert_array_equal(tf.where(v > 2, v, 0.), [[0., 0.], [3., 4.]])
    assert tf.shape(v).numpy().tolist() == [2, 2]
    assert v.shape == (2, 2) and v.dtype is tf.float32
    assert np.square(v).tolist() == [[1., 4.], [9., 16.]]


def test_variables_inside_compiled_functions(executor):
    v = tf.Variable([[0., 0.], [0., 0.]])
    counter = tf.Variable(0)

    @tf.function
    def step(x):
        v[0, 1].assign(x)
        v[:, 0].assign([x, x * 2])
        v.scatter_nd_update([[1, 1]], [x * 3])
        counter.assign_add(1)
        return tf.reduce_sum(v.read_value())
    assert float(step(tf.constant(1.))) == 7.
    assert float(step(tf.constant(2.))) == 14.
    np.testing.assert_array_equal(v, [[2., 2.], [4., 6.]])
    assert int(counter.numpy()) == 2
    assert step.experimental_get_tracing_count() == 1


def test_repr_and_numpy():
    v = tf.Variable([1, 2])
    assert repr(v) == ("<graphflow.Variable 'Variable:0' shape=(2,) dtype=int32, "
                       "numpy=array([1, 2], dtype=int32)>")
    assert v.numpy().tolist() == [1, 2]


def test_initial_value_dtype_rules():
    assert tf.Variable(1, dtype=tf.float32).dtype is tf.float32
    assert tf.Variable(lambda: tf.ones([2])).shape == (2,)
    copy = tf.Variable(tf.Variable([1, 2]))
    assert copy.dtype is tf.int32 and copy.numpy().tolist() == [1, 2]
    with pytest.raises(ValueError, match="requested dtype float32"):
        tf.Variable(tf.constant(1), dtype=tf.float32)
    with pytest.raises(ValueError, match="initial_value"):
        tf.Variable(None)
