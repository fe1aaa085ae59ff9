"""Eager results that TF 2 returns as tensors or reports with specific error classes."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import errors


def test_eager_while_loop_returns_tensors_for_python_loop_vars():
    i, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + 2.), (0, 1.))
    assert (i.dtype, int(i)) == (tf.int32, 3)
    assert (s.dtype, float(s)) == (tf.float32, 7.0)


def test_eager_while_loop_that_never_runs_still_returns_tensors():
    (x,) = tf.while_loop(lambda x: x > 5, lambda x: (x + 1,), [2])
    assert isinstance(x, tf.Tensor) and x.dtype == tf.int32 and int(x) == 2


def test_eager_while_loop_keeps_tensor_arrays():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    _, ta = tf.while_loop(lambda i, t: i < 3, lambda i, t: (i + 1, t.write(i, 1.)), (0, ta))
    assert isinstance(ta, tf.TensorArray)
    np.testing.assert_array_equal(ta.stack().numpy(), [1., 1., 1.])


@pytest.mark.parametrize("action", [
    lambda ta: ta.write(2, 1.),
    lambda ta: ta.write(-1, 1.),
    lambda ta: ta.write(0, 1.).read(3),
])
def test_tensor_array_index_errors_are_out_of_range(action):
    with pytest.raises(errors.OutOfRangeError):
        action(tf.TensorArray(tf.float32, size=1))


def test_atan2_takes_y_then_x():
    out = tf.math.atan2(y=tf.constant([1., 0.]), x=tf.constant([0., -1.]))
    np.testing.assert_allclose(out.numpy(), [np.pi / 2, np.pi], rtol=1e-6)


def test_sparse_softmax_cross_entropy_requires_labels_and_logits():
    with pytest.raises(TypeError):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0]))


def test_structured_input_signature_names_unnamed_specs_after_parameters():
    @tf.function
    def f(x, y=2, z=None):
        return x + y
    cf = f.get_concrete_function(tf.TensorSpec([None, 3], tf.float32), 3,
                                 tf.TensorSpec([], tf.int32, name="given"))
    (x_spec, y_value, z_spec), kwargs = cf.structured_input_signature
    assert x_spec == tf.TensorSpec([None, 3], tf.float32, name="x")
    assert y_value == 3 and kwargs == {}
    assert z_spec.name == "given"
