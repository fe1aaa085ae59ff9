"""The book's "Using TensorFlow like NumPy" examples, with the book's values."""
import numpy as np
import pytest

import graphflow as tf


def test_constant_matrix():
    t = tf.constant([[1., 2., 3.], [4., 5., 6.]])
    assert t.shape == (2, 3)
    assert t.shape.as_list() == [2, 3]
    assert t.dtype is tf.float32
    assert repr(t).startswith("<graphflow.Tensor: shape=(2, 3), dtype=float32, numpy=")


def test_scalar_constant_is_int32():
    t = tf.constant(42)
    assert t.dtype is tf.int32 and t.shape == ()
    assert repr(t) == "<graphflow.Tensor: shape=(), dtype=int32, numpy=42>"


def test_indexing_and_ops():
    t = tf.constant([[1., 2., 3.], [4., 5., 6.]])
    np.testing.assert_array_equal(t[:, 1:], [[2., 3.], [5., 6.]])
    np.testing.assert_array_equal(t[..., 1, tf.newaxis], [[2.], [5.]])
    np.testing.assert_array_equal(t + 10, [[11., 12., 13.], [14., 15., 16.]])
    np.testing.assert_array_equal(tf.square(t), [[1., 4., 9.], [16., 25., 36.]])
    np.testing.assert_array_equal(t @ tf.reshape(tf.constant([1., 4., 2., 5., 3., 6.]), [3, 2]),
                                  [[14., 32.], [32., 77.]])


def test_numpy_interop():
    a = np.array([2., 4., 5.])
    t = tf.constant(a)
    assert t.dtype is tf.float64
    sq = tf.square(a)
    assert isinstance(sq, tf.Tensor) and sq.dtype is tf.float64
    np.testing.assert_array_equal(sq, [4., 16., 25.])
    t32 = tf.constant([[1., 2., 3.], [4., 5., 6.]])
    out = np.square(t32)
    assert isinstance(out, np.ndarray)
    np.testing.assert_array_equal(np.array(t32), [[1., 2., 3.], [4., 5., 6.]])


def test_type_conversions_are_strict():
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected to be a float"):
        tf.constant(2.) + tf.constant(40)
    with pytest.raises(tf.errors.InvalidArgumentError, match="double") as info:
        tf.constant(2.) + tf.constant(40., dtype=tf.float64)
    assert "AddV2" in str(info.value)
    t2 = tf.constant(40., dtype=tf.float64)
    assert float(tf.constant(2.0) + tf.cast(t2, tf.float32)) == 42.0


def test_python_scalar_takes_tensor_dtype():
    assert (tf.constant([1, 2]) + 1).dtype is tf.int32
    with pytest.raises(TypeError):
        tf.constant([1, 2]) + 1.5


def test_variables():
    v = tf.Variable([[1., 2., 3.], [4., 5., 6.]])
    assert repr(v).startswith("<graphflow.Variable '")
    v.assign(2 * v)
    np.testing.assert_array_equal(v, [[2., 4., 6.], [8., 10., 12.]])
    v[0, 1].assign(42)
    v[:, 2].assign([0., 1.])
    np.testing.assert_array_equal(v, [[2., 42., 0.], [8., 10., 1.]])
    v.scatter_nd_update(indices=[[0, 0], [1, 2]], updates=[100., 200.])
    np.testing.assert_array_equal(v, [[100., 42., 0.], [8., 10., 200.]])
    with pytest.raises(TypeError):
        v[1] = 3.


def test_gradient_tape_book_values():
    def f(w1, w2):
        return 3 * w1 ** 2 + 2 * w1 * w2
    w1, w2 = tf.Variable(5.), tf.Variable(3.)
    with tf.GradientTape() as tape:
        z = f(w1, w2)
    g = tape.gradient(z, [w1, w2])
    assert [float(x) for x in g] == [36.0, 10.0]
    with pytest.raises(RuntimeError):
        tape.gradient(z, [w1, w2])
    with tf.GradientTape(persistent=True) as outer:
        with tf.GradientTape() as inner:
            z = f(w1, w2)
        jac = inner.gradient(z, [w1, w2])
    hess = [outer.gradient(j, [w1, w2]) for j in jac]
    assert [float(hess[0][0]), float(hess[0][1]), float(hess[1][0])] == [6.0, 2.0, 2.0]
    assert hess[1][1] is None


def test_tf_cube_tracing():
    @tf.function
    def tf_cube(x):
        return x ** 3
    r = tf_cube(2)
    assert r.dtype is tf.int32 and int(r) == 8
    assert float(tf_cube(tf.constant(2.0))) == 8.0
    assert tf_cube.python_function(2) == 8
    assert tf_cube.experimental_get_tracing_count() == 2
    tf_cube(tf.constant(10.0))
    tf_cube(tf.constant(20.0))
    assert tf_cube.experimental_get_tracing_count() == 2
    tf_cube(tf.constant([10.0, 20.0]))
    assert tf_cube.experimental_get_tracing_count() == 3
