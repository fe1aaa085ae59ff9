"""TF 2's strictness: error classes, dtype properties, shapes and tensor indexing.

Expected answers were produced by TensorFlow 2 on the same expressions.
"""
import numpy as np
from numpy import inf  # noqa: F401 - used in the tables
import pytest

import graphflow as tf
from conformance_checks import check_error_class, check_example, check_python_value, evaluate

pytestmark = pytest.mark.filterwarnings("ignore:AutoGraph could not transform")

VALUES = [('tf.constant(1.) + 1', 'float32', 2.0),
 ('tf.Variable([1., 2.]).assign([1, 2])', 'float32', [1.0, 2.0]),
 ('tf.constant(5.) / tf.constant(0.)', 'float32', inf),
 ('tf.constant([1, 2])[tf.newaxis, :]', 'int32', [[1, 2]]),
 ('tf.constant([[1, 2], [3, 4]])[:, tf.newaxis, 1]', 'int32', [[2], [4]]),
 ('tf.constant([[1, 2], [3, 4]])[..., 0]', 'int32', [1, 3]),
 ('tf.constant([[1, 2], [3, 4]])[-1, -1]', 'int32', 4),
 ('tf.constant([[1, 2], [3, 4]])[1:, :1]', 'int32', [[3]]),
 ('tf.constant([1, 2, 3, 4])[::2]', 'int32', [1, 3]),
 ('tf.constant([1, 2, 3, 4])[tf.constant(1):tf.constant(3)]', 'int32', [2, 3]),
 ('tf.constant([1, 2, 3, 4])[10:]', 'int32', []),
 ('tf.constant([[1, 2], [3, 4]])[0][1]', 'int32', 2),
 ('tf.constant(5) > 3', 'bool', True),
 ('2 ** tf.constant(3)', 'int32', 8),
 ('2 ** tf.constant(3.)', 'float32', 8.0),
 ('10 % tf.constant(3)', 'int32', 1),
 ('tf.constant(True) ^ tf.constant(False)', 'bool', True),
 ('tf.constant(1) & tf.constant(3)', 'int32', 1),
 ('~tf.constant(1)', 'int32', -2),
 ('abs(tf.constant([-1, 2], tf.int64))', 'int64', [1, 2]),
 ('tf.abs(tf.constant(-3, tf.int8))', 'int8', 3)]

PYTHON_RESULTS = [('tf.TensorShape([None, 2])[0]', 'None'),
 ('tf.TensorSpec([2]) == tf.TensorSpec([2])', 'True'),
 ('tf.TensorShape([2, None]).num_elements()', 'None'),
 ('tf.TensorShape([2, 3]).is_fully_defined()', 'True'),
 ('tf.TensorShape([None, 3]).most_specific_compatible_shape([2, 4])', [None, None]),
 ('tf.as_dtype("float32")', 'tf.float32'),
 ('tf.as_dtype(tf.float32).max', 'np.float32(3.4028235e+38)'),
 ('tf.float32.min', 'np.float32(-3.4028235e+38)'),
 ('tf.int8.max', '127'),
 ('tf.uint8.min', '0'),
 ('tf.float16.as_numpy_dtype', "<class 'numpy.float16'>"),
 ('tf.string.as_numpy_dtype', "<class 'object'>"),
 ('tf.float64.size', '8'),
 ('tf.int32 == np.int32', 'True'),
 ('tf.bool.name', "'bool'"),
 ('tf.float32.is_bool', 'False'),
 ('tf.bool.is_bool', 'True'),
 ('tf.int32.is_unsigned', 'False'),
 ('tf.uint8.is_unsigned', 'True'),
 ('tf.float32.base_dtype', 'tf.float32'),
 ('tf.float32.real_dtype', 'tf.float32'),
 ('tf.constant(3.0).numpy()', 'np.float32(3.0)'),
 ('tf.constant([1, 2]).numpy().dtype', "dtype('int32')"),
 ('tf.constant([1., 2.]).get_shape()', [2]),
 ('float(tf.constant(2.5))', '2.5'),
 ('int(tf.constant(3))', '3'),
 ('tf.constant([1, 2]).__array__()', 'array([1, 2], dtype=int32)'),
 ('tf.constant([1, 2]) == None', 'False'),
 ('tf.constant(1.5) in [1.5]', 'True')]

ERROR_CLASSES = [('tf.constant([1, 2]) + tf.constant([1, 2, 3])', 'InvalidArgumentError'),
 ('tf.constant(1, dtype=tf.int64) * tf.constant(2)', 'InvalidArgumentError'),
 ('tf.constant([1.5], dtype=tf.int32)', 'TypeError'),
 ('tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))', 'InvalidArgumentError'),
 ('tf.reshape(tf.range(6), [4, -1])', 'InvalidArgumentError'),
 ('tf.reduce_sum(tf.ones([2]), axis=1)', 'InvalidArgumentError'),
 ('tf.concat([tf.ones([2, 2]), tf.ones([3, 3])], 0)', 'InvalidArgumentError'),
 ('tf.function(lambda: tf.constant(1.) + tf.constant(1))()', 'TypeError'),
 ('tf.function(lambda: tf.matmul(tf.ones([2, 3]), tf.ones([2, 3])))()', 'ValueError'),
 ('tf.function(lambda: tf.reshape(tf.range(6), [4, -1]))()', 'ValueError'),
 ('tf.function(lambda: tf.constant([1, 2]) + tf.constant([1, 2, 3]))()', 'ValueError'),
 ('tf.function(lambda: tf.concat([tf.ones([2, 2]), tf.ones([3, 3])], 0))()', 'ValueError'),
 ('tf.function(lambda x: tf.gather(x, 5))(tf.constant([1, 2]))', 'InvalidArgumentError'),
 ('tf.function(lambda x: x[5])(tf.constant([1, 2]))', 'ValueError'),
 ('tf.function(lambda x: bool(x))(tf.constant(True))', 'OperatorNotAllowedInGraphError'),
 ('tf.cast("a", tf.float32)', 'UnimplementedError'),
 ('tf.Variable(1.) + tf.constant(1)', 'InvalidArgumentError'),
 ('tf.zeros([-1])', 'InvalidArgumentError'),
 ('tf.nn.softmax(tf.constant([1, 2]))', 'InvalidArgumentError'),
 ('tf.sqrt(tf.constant([4, 9]))', 'InvalidArgumentError'),
 ('tf.math.log(tf.constant([4, 9]))', 'InvalidArgumentError'),
 ('tf.reduce_mean(tf.constant(["a"]))', 'InvalidArgumentError'),
 ('tf.argmax(tf.constant([[1, 2]]), axis=3)', 'InvalidArgumentError'),
 ('tf.squeeze(tf.ones([2, 3]), axis=0)', 'InvalidArgumentError'),
 ('tf.expand_dims(tf.ones([2]), 3)', 'InvalidArgumentError'),
 ('tf.stack([tf.ones([2]), tf.ones([3])])', 'InvalidArgumentError'),
 ('tf.split(tf.range(5), 3)', 'InvalidArgumentError'),
 ('tf.split(tf.range(5), [2, 2])', 'InvalidArgumentError'),
 ('tf.transpose(tf.ones([2, 3]), [0, 0])', 'InvalidArgumentError'),
 ('tf.tile(tf.ones([2]), [1, 2])', 'InvalidArgumentError'),
 ('tf.gather_nd(tf.ones([2, 2]), [[2, 0]])', 'InvalidArgumentError'),
 ('tf.boolean_mask(tf.ones([2]), [True])', 'ValueError'),
 ('tf.broadcast_to(tf.ones([3]), [2, 2])', 'InvalidArgumentError'),
 ('tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([[0]]), '
  'logits=tf.constant([[1., 2.]]))',
  'ValueError'),
 ('tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant([1]), logits=tf.constant([1.]))',
  'InvalidArgumentError'),
 ('tf.nn.l2_loss(tf.constant([1, 2]))', 'InvalidArgumentError'),
 ("tf.einsum('ij,jk->ik', tf.ones([2, 3]), tf.ones([2, 3]))", 'InvalidArgumentError'),
 ('tf.tensordot(tf.ones([2, 3]), tf.ones([2, 3]), axes=1)', 'InvalidArgumentError'),
 ('tf.pow(tf.constant(2), -1)', 'InvalidArgumentError'),
 ('tf.constant(5) // tf.constant(0)', 'InvalidArgumentError'),
 ('tf.constant(5) % tf.constant(0)', 'InvalidArgumentError'),
 ('tf.random.uniform([2], maxval=tf.constant(1))', 'ValueError'),
 ('tf.TensorShape([2]).merge_with([3])', 'ValueError'),
 ('tf.TensorShape(None).as_list()', 'ValueError'),
 ('tf.constant([1, 2, 3, 4])[tf.constant([0, 2])]', 'TypeError'),
 ('tf.constant([1, 2, 3, 4])[1.0]', 'TypeError'),
 ('-tf.constant(True)', 'InvalidArgumentError'),
 ('tf.constant(2) @ tf.constant(3)', 'InvalidArgumentError')]


@pytest.mark.parametrize("expr,dtype,expected", VALUES, ids=[r[0] for r in VALUES])
def test_values(expr, dtype, expected):
    check_example(expr, dtype, expected)


@pytest.mark.parametrize("expr,expected", PYTHON_RESULTS, ids=[r[0] for r in PYTHON_RESULTS])
def test_python_values(expr, expected):
    check_python_value(evaluate(expr), expected)


@pytest.mark.parametrize("expr,error", ERROR_CLASSES, ids=[r[0] for r in ERROR_CLASSES])
def test_error_classes(expr, error):
    check_error_class(expr, error)


def test_numpy_of_int_tensor_keeps_dtype():
    assert tf.constant([1, 2]).numpy().dtype == np.int32
