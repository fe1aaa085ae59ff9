"""TF documentation examples for tensors, dtypes, operators and variables: graphflow gives TF 2's value and dtype.

Expected values were produced by TensorFlow 2 on the same expressions; each row is also run
inside `graphflow.function` where the expression is graph-compatible.
"""
import pytest

from conformance_checks import check_example

EXAMPLES = [
     ('tf.constant(1.5)', 'float32', 1.5),
     ('tf.constant(3)', 'int32', 3),
     ('tf.constant([1, 2, 3], dtype=tf.float64)', 'float64', [1.0, 2.0, 3.0]),
     ('tf.constant(0, shape=[2, 3])', 'int32', [[0, 0, 0], [0, 0, 0]]),
     ('tf.constant([1, 2, 3, 4], shape=[2, 2])', 'int32', [[1, 2], [3, 4]]),
     ('tf.constant(np.array([1.0, 2.0]))', 'float64', [1.0, 2.0]),
     ('tf.constant(True)', 'bool', True),
     ('tf.constant("hi")', 'string', b'hi'),
     ('tf.constant(2**40)', 'int64', 1099511627776),
     ('tf.constant([1, 2.5])', 'float32', [1.0, 2.5]),
     ('tf.cast(tf.constant([1.7, -1.7]), tf.int32)', 'int32', [1, -1]),
     ('tf.cast(tf.constant([1, 0, 2]), tf.bool)', 'bool', [True, False, True]),
     ('tf.constant([[1, 2], [3, 4]])[1]', 'int32', [3, 4]),
     ('tf.constant([[1, 2], [3, 4]])[:, 1]', 'int32', [2, 4]),
     ('tf.constant([[1, 2], [3, 4]])[tf.constant(1)]', 'int32', [3, 4]),
     ('tf.constant([[1, 2], [3, 4]])[::-1]', 'int32', [[3, 4], [1, 2]]),
     ('tf.constant([7, 2]) // tf.constant([2, 2])', 'int32', [3, 1]),
     ('tf.constant([-7, 7]) % tf.constant([3, -3])', 'int32', [2, -2]),
     ('tf.constant([-7., 7.]) % tf.constant([3., -3.])', 'float32', [2.0, -2.0]),
     ('tf.constant([2, 3]) ** 2', 'int32', [4, 9]),
     ('tf.constant([2., 3.]) ** 0.5', 'float32', [1.4142135381698608, 1.7320507764816284]),
     ('tf.constant([[1., 2.], [3., 4.]]) @ tf.constant([[1.], [1.]])', 'float32', [[3.0], [7.0]]),
     ('tf.constant([True, False]) & tf.constant([True, True])', 'bool', [True, False]),
     ('tf.constant([True, False]) | tf.constant([False, False])', 'bool', [True, False]),
     ('~tf.constant([True, False])', 'bool', [False, True]),
     ('-tf.constant([1, -2])', 'int32', [-1, 2]),
     ('abs(tf.constant([-1.5, 2.]))', 'float32', [1.5, 2.0]),
     ('tf.constant([1, 2]) < 2', 'bool', [True, False]),
     ('tf.constant([1, 2]) == 2', 'bool', [False, True]),
     ('tf.constant(2) / tf.constant(4)', 'float64', 0.5),
     ('tf.constant(7) / 2', 'float64', 3.5),
     ('3 - tf.constant(1.)', 'float32', 2.0),
     ('list(tf.constant([[1, 2], [3, 4]]))', ['int32', 'int32'], [[1, 2], [3, 4]]),
     ('tf.Variable([[1., 2., 3.], [4., 5., 6.]]).assign(2 * tf.ones([2, 3]))',
      'float32',
      [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]),
     ('tf.Variable([[1., 2., 3.], [4., 5., 6.]])[0, 1].assign(42.)',
      'float32',
      [[1.0, 42.0, 3.0], [4.0, 5.0, 6.0]]),
     ('tf.Variable([[1., 2., 3.], [4., 5., 6.]])[:, 2].assign([0., 1.])',
      'float32',
      [[1.0, 2.0, 0.0], [4.0, 5.0, 1.0]]),
     ('tf.Variable([[1., 2., 3.], [4., 5., 6.]]).scatter_nd_update(indices=[[0, 0], [1, 2]], '
      'updates=[100., 200.])',
      'float32',
      [[100.0, 2.0, 3.0], [4.0, 5.0, 200.0]]),
     ('tf.Variable([1., 2.]).assign_add([1., 1.])', 'float32', [2.0, 3.0]),
     ('tf.Variable([1., 2.]).assign_sub([1., 1.])', 'float32', [0.0, 1.0]),
     ('tf.Variable([1., 2.]).read_value()', 'float32', [1.0, 2.0]),
     ('tf.Variable([1., 2.]) * 2', 'float32', [2.0, 4.0]),
     ('tf.Variable(1.0).assign(1)', 'float32', 1.0),
     ('tf.square(tf.Variable(3.))', 'float32', 9.0),
     ('tf.Variable([1., 2.])[1]', 'float32', 2.0)]


@pytest.mark.parametrize("expr,dtype,expected", EXAMPLES, ids=[r[0] for r in EXAMPLES])
def test_core_examples(expr, dtype, expected):
    check_example(expr, dtype, expected)
