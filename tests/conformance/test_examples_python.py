"""TF examples whose answers are Python values (shapes, dtypes, names) or error classes."""
import pytest

from conformance_checks import check_error_class, check_python_value, evaluate

PYTHON_RESULTS = [
     ('tf.constant([[1, 2], [3, 4]])[..., tf.newaxis].shape', [2, 2, 1]),
     ('len(tf.constant([1, 2, 3]))', '3'),
     ('bool(tf.constant(0))', 'False'),
     ('tf.constant([1, 2, 3]).ndim', '1'),
     ('np.asarray(tf.constant([1, 2])).dtype', "dtype('int32')"),
     ('tf.constant([1, 2]).dtype.name', "'int32'"),
     ('tf.float32.as_numpy_dtype', "<class 'numpy.float32'>"),
     ('tf.int32.is_integer', 'True'),
     ('tf.float16.is_floating', 'True'),
     ('tf.bool.is_integer', 'False'),
     ('tf.dtypes.int64.name', "'int64'"),
     ('tf.dtypes.as_dtype(np.float64)', 'tf.float64'),
     ('tf.TensorShape([None, 3]).rank', '2'),
     ('tf.TensorShape(None).rank', 'None'),
     ('tf.TensorShape([None, 3]).is_compatible_with([2, 3])', 'True'),
     ('tf.TensorShape([None, 3]).is_compatible_with([2, 4])', 'False'),
     ('tf.TensorShape([None, 3]).merge_with([2, None])', [2, 3]),
     ('tf.TensorShape([2, 3]).num_elements()', '6'),
     ('tf.TensorShape([2, 3])[0]', '2'),
     ('tf.TensorShape([2, None, 3])[1:]', [None, 3]),
     ('tf.TensorShape([2, 3]) == tf.TensorShape([2, 3])', 'True'),
     ('tf.TensorShape([2, 3]).concatenate([4])', [2, 3, 4]),
     ('tf.TensorSpec([None, 2], tf.float32, name="x").shape', [None, 2]),
     ('tf.TensorSpec([None, 2]).dtype', 'tf.float32'),
     ('tf.TensorSpec([None, 2], tf.int64).name', 'None'),
     ('str(tf.TensorShape([None, 3]))', "'(None, 3)'"),
     ('tf.Variable([[1., 2., 3.], [4., 5., 6.]]).name', "'Variable:0'"),
     ('tf.Variable(1.0, name="w").name', "'w:0'"),
     ('tf.Variable([1, 2]).dtype', 'tf.int32'),
     ('tf.Variable(1.0, trainable=False).trainable', 'False'),
     ('tf.Variable(1.0, dtype=tf.float64).dtype', 'tf.float64'),
     ('tf.Variable([1., 2.]).shape', [2]),
     ('tf.matmul(tf.ones([4, 2, 3]), tf.ones([3, 5])).shape', [4, 2, 5]),
     ('tf.transpose(tf.ones([1, 2, 3]), perm=[0, 2, 1]).shape', [1, 3, 2]),
     ('tf.squeeze(tf.ones([1, 2, 1, 3, 1])).shape', [2, 3]),
     ('tf.squeeze(tf.ones([1, 2, 1, 3, 1]), [2, 4]).shape', [1, 2, 3]),
     ('tf.expand_dims(tf.constant([1, 2]), axis=-1).shape', [2, 1]),
     ('tf.eye(2, batch_shape=[3]).shape', [3, 2, 2]),
     ('tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 2]))', 'None'),
     ('tf.debugging.assert_less(tf.constant([1, 2]), tf.constant([3, 3]))', 'None'),
     ('tf.debugging.assert_non_negative(tf.constant([0, 2]))', 'None'),
     ('tf.assert_equal(1, 1)', 'None'),
     ('tf.TensorArray(tf.float32, size=2).dtype', 'tf.float32')]

ERROR_CLASSES = [
     ('tf.constant(1) + tf.constant(1.0)', 'InvalidArgumentError'),
     ('tf.constant([1., 2.]) + tf.constant([1., 2.], dtype=tf.float64)', 'InvalidArgumentError'),
     ('tf.constant([1, 2, 3])[5]', 'InvalidArgumentError'),
     ('tf.TensorShape([None, 3]).merge_with([2, 4])', 'ValueError'),
     ('tf.Variable([1., 2.]).assign([1., 2., 3.])', 'ValueError'),
     ('tf.sqrt(tf.constant([4, 9]))', 'InvalidArgumentError'),
     ('tf.reduce_sum(tf.constant([True, True]))', 'InvalidArgumentError'),
     ('tf.reduce_sum(tf.constant([1, 2]), axis=2)', 'InvalidArgumentError'),
     ('tf.matmul(tf.ones([2, 3]), tf.ones([2, 3]))', 'InvalidArgumentError'),
     ('tf.matmul(tf.ones([2, 3]), tf.ones([3, 2], dtype=tf.float64))', 'InvalidArgumentError'),
     ('tf.reshape(tf.constant([1, 2, 3, 4, 5, 6]), [4, -1])', 'InvalidArgumentError'),
     ('tf.squeeze(tf.ones([1, 2]), axis=1)', 'InvalidArgumentError'),
     ('tf.concat([tf.constant([1]), tf.constant([1.])], 0)', 'InvalidArgumentError'),
     ('tf.split(tf.range(5), 2)', 'InvalidArgumentError'),
     ('tf.gather(tf.constant([1, 2]), [5])', 'InvalidArgumentError'),
     ('tf.broadcast_to(tf.constant([1, 2, 3]), [3, 2])', 'InvalidArgumentError'),
     ('tf.nn.softmax(tf.constant([1, 2]))', 'InvalidArgumentError'),
     ('tf.nn.dropout(tf.ones([3]), rate=1.0)', 'ValueError'),
     ('tf.nn.dropout(tf.ones([3]), rate=1.5)', 'ValueError'),
     ('tf.nn.sigmoid_cross_entropy_with_logits(labels=[1., 0.], logits=[1., -1., 0.])',
      'ValueError'),
     ('tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.constant([0, 5]), '
      'logits=tf.constant([[1., 2.], [1., 3.]]))',
      'InvalidArgumentError'),
     ('tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))',
      'InvalidArgumentError'),
     ('tf.debugging.assert_less(tf.constant([1, 2]), tf.constant([1, 3]))', 'InvalidArgumentError'),
     ('tf.debugging.assert_greater(tf.constant([1, 2]), tf.constant([0, 3]))',
      'InvalidArgumentError'),
     ('tf.debugging.assert_non_negative(tf.constant([-1, 2]))', 'InvalidArgumentError'),
     ('tf.debugging.check_numerics(tf.constant([1., np.nan]), "bad")', 'InvalidArgumentError'),
     ('tf.debugging.check_numerics(tf.constant([1, 2]), "bad")', 'InvalidArgumentError'),
     ('tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 2, 3]))',
      'InvalidArgumentError')]


@pytest.mark.parametrize("expr,expected", PYTHON_RESULTS, ids=[r[0] for r in PYTHON_RESULTS])
def test_python_valued_examples(expr, expected):
    check_python_value(evaluate(expr), expected)


@pytest.mark.parametrize("expr,error", ERROR_CLASSES, ids=[r[0] for r in ERROR_CLASSES])
def test_error_classes(expr, error):
    check_error_class(expr, error)
