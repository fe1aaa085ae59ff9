"""GradientTape, custom_gradient and stop_gradient behave as in TF 2.

Each program sets `out`; EXPECTED is what TensorFlow 2 gives for the same program (run from a
file, so AutoGraph converts it), or the error class TF raises.
"""
import pytest
from numpy import inf  # noqa: F401 - used in the table

from conformance_checks import check_program

PROGRAMS = [('x = tf.Variable(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x ** 2\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 6.0, ())),
 ('x = tf.constant(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    tape.watch(x)\n'
  '    y = x * x\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 6.0, ())),
 ('x = tf.constant(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * x\n'
  'out = tape.gradient(y, x)',
  ('P', 'None')),
 ('w1, w2 = tf.Variable(5.), tf.Variable(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    z = 3 * w1 ** 2 + 2 * w1 * w2\n'
  'out = tape.gradient(z, [w1, w2])',
  ('list', [('T', 'float32', 36.0, ()), ('T', 'float32', 10.0, ())])),
 ('w1, w2 = tf.Variable(5.), tf.Variable(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    z = 3 * w1 ** 2\n'
  'out = [tape.gradient(z, [w1, w2]), ]',
  ('list', [('list', [('T', 'float32', 30.0, ()), ('P', 'None')])])),
 ('w1, w2 = tf.Variable(5.), tf.Variable(3.)\n'
  'with tf.GradientTape() as tape:\n'
  '    z = 3 * w1 ** 2\n'
  'out = tape.gradient(z, [w1, w2], unconnected_gradients=tf.UnconnectedGradients.ZERO)',
  ('list', [('T', 'float32', 30.0, ()), ('T', 'float32', 0.0, ())])),
 ('w1 = tf.Variable(5.)\n'
  'with tf.GradientTape() as tape:\n'
  '    z = 3 * w1 ** 2\n'
  'tape.gradient(z, w1)\n'
  'out = tape.gradient(z, w1)',
  ('ERR', 'RuntimeError')),
 ('w1 = tf.Variable(5.)\n'
  'with tf.GradientTape(persistent=True) as tape:\n'
  '    z = 3 * w1 ** 2\n'
  '    z2 = w1 * 2\n'
  'out = [tape.gradient(z, w1), tape.gradient(z2, w1)]',
  ('list', [('T', 'float32', 30.0, ()), ('T', 'float32', 2.0, ())])),
 ('w1 = tf.Variable(5.)\n'
  'with tf.GradientTape(watch_accessed_variables=False) as tape:\n'
  '    z = 3 * w1 ** 2\n'
  'out = tape.gradient(z, w1)',
  ('P', 'None')),
 ('x = tf.Variable(2.)\n'
  'with tf.GradientTape() as t2:\n'
  '    with tf.GradientTape() as t1:\n'
  '        y = x ** 3\n'
  '    dy = t1.gradient(y, x)\n'
  'out = [dy, t2.gradient(dy, x)]',
  ('list', [('T', 'float32', 12.0, ()), ('T', 'float32', 12.0, ())])),
 ('x = tf.Variable([1., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * x\n'
  'out = tape.jacobian(y, x)',
  ('T', 'float32', [[2.0, 0.0], [0.0, 4.0]], (2, 2))),
 ('x = tf.Variable(2.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 3\n'
  '    with tape.stop_recording():\n'
  '        z = x * x\n'
  '    w = y + z\n'
  'out = tape.gradient(w, x)',
  ('T', 'float32', 3.0, ())),
 ('x = tf.Variable(2.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 3\n'
  '    tape.reset()\n'
  '    w = x * x\n'
  'out = tape.gradient(w, x)',
  ('T', 'float32', 4.0, ())),
 ('x = tf.Variable(2.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 3 + tf.stop_gradient(x * x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 3.0, ())),
 ('x = tf.Variable([1., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * x\n'
  'out = tape.gradient(y, x, output_gradients=tf.constant([1., 10.]))',
  ('T', 'float32', [2.0, 40.0], (2,))),
 ('@tf.custom_gradient\n'
  'def my_softplus(z):\n'
  '    exp = tf.exp(z)\n'
  '    def my_softplus_gradients(grad):\n'
  '        return grad / (1 + 1 / exp)\n'
  '    result = tf.math.log(exp + 1)\n'
  '    return result, my_softplus_gradients\n'
  'x = tf.Variable([100.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = my_softplus(x)\n'
  'out = [y, tape.gradient(y, x)]',
  ('list', [('T', 'float32', [inf], (1,)), ('T', 'float32', [1.0], (1,))])),
 ('@tf.function\n'
  'def f(x):\n'
  '    with tf.GradientTape() as tape:\n'
  '        tape.watch(x)\n'
  '        y = tf.cond(x > 0, lambda: x * x, lambda: -x)\n'
  '    return tape.gradient(y, x)\n'
  'out = [f(tf.constant(3.)), f(tf.constant(-3.))]',
  ('list', [('T', 'float32', 6.0, ()), ('T', 'float32', -1.0, ())])),
 ('@tf.function\n'
  'def f(x):\n'
  '    with tf.GradientTape() as tape:\n'
  '        tape.watch(x)\n'
  '        _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * x), [0, '
  'tf.constant(1.)])\n'
  '    return tape.gradient(y, x)\n'
  'out = f(tf.constant(2.))',
  ('T', 'float32', 12.0, ())),
 ('x = tf.Variable(1.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.cast(x, tf.int32)\n'
  'out = tape.gradient(y, x)',
  ('P', 'None')),
 ('x = tf.Variable(1)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 2\n'
  'out = tape.gradient(y, x)',
  ('P', 'None')),
 ('x = tf.Variable([3., 4.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.norm(x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [0.6000000238418579, 0.800000011920929], (2,))),
 ('x = tf.Variable([[1., 2.], [3., 4.]])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.reduce_sum(tf.nn.softmax(x) * tf.constant([[1., 0.], [0., 1.]]))\n'
  'out = tape.gradient(y, x)',
  ('T',
   'float32',
   [[0.1966100037097931, -0.1966100037097931], [-0.1966100037097931, 0.1966100037097931]],
   (2, 2))),
 ('opt = tf.keras.optimizers.Adam(learning_rate=0.1)\n'
  'v = tf.Variable([1., 2.])\n'
  '@tf.function\n'
  'def step():\n'
  '    with tf.GradientTape() as tape:\n'
  '        loss = tf.reduce_sum(v ** 2)\n'
  '    g = tape.gradient(loss, [v])\n'
  '    opt.apply_gradients(zip(g, [v]))\n'
  '    return loss\n'
  'for _ in range(3): step()\n'
  'out = v',
  ('T', 'float32', [0.7015900015830994, 1.7006299495697021], (2,))),
 ('x = tf.Variable(2.)\n'
  '@tf.function\n'
  'def f():\n'
  '    with tf.GradientTape() as tape:\n'
  '        y = x * x * x\n'
  '    return tape.gradient(y, x)\n'
  'out = f()',
  ('T', 'float32', 12.0, ())),
 ('x = tf.constant([[1., 2.], [3., 4.]])\n'
  'with tf.GradientTape() as tape:\n'
  '    tape.watch(x)\n'
  '    y = tf.reduce_max(x, axis=1)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [[0.0, 1.0], [0.0, 1.0]], (2, 2))),
 ('x = tf.Variable([1., 2., 3.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.gather(x, [0, 0, 2])\n'
  'out = tf.convert_to_tensor(tape.gradient(y, x))',
  ('T', 'float32', [2.0, 0.0, 1.0], (3,))),
 ('x = tf.Variable([[1., 2.], [3., 4.]])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.reduce_sum(tf.matmul(x, x))\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [[7.0, 11.0], [9.0, 13.0]], (2, 2))),
 ('x = tf.Variable(1.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.where(x > 0, x * 2, x * 3)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 2.0, ())),
 ('x = tf.Variable(0.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.sqrt(x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', inf, ())),
 ('x = tf.Variable([1., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=[1., 0.], logits=x))\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [-0.13447000086307526, 0.44040000438690186], (2,))),
 ('x = tf.Variable(0.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.nn.relu(x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 0.0, ())),
 ('x = tf.Variable(0.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.abs(x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', 0.0, ())),
 ('x = tf.Variable([2., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.reduce_max(x)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [0.5, 0.5], (2,))),
 ('x = tf.Variable([2., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.maximum(x, tf.constant([2., 1.]))\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [1.0, 1.0], (2,))),
 ('x = tf.Variable([1., 5.])\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.clip_by_value(x, 1., 3.)\n'
  'out = tape.gradient(y, x)',
  ('T', 'float32', [1.0, 0.0], (2,))),
 ('x = tf.Variable(2.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = tf.constant(3.)\n'
  'out = tape.gradient(y, x)',
  ('P', 'None')),
 ('x = tf.constant([1., 2.])\n'
  'with tf.GradientTape() as tape:\n'
  '    tape.watch(x)\n'
  '    y = x * x\n'
  'out = tape.jacobian(y, x, unconnected_gradients="zero")',
  ('T', 'float32', [[2.0, 0.0], [0.0, 4.0]], (2, 2))),
 ('x = tf.Variable(1.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 2\n'
  'out = tape.gradient([y, y], x)',
  ('T', 'float32', 4.0, ())),
 ('x = tf.Variable(1.)\n'
  'with tf.GradientTape() as tape:\n'
  '    y = x * 2\n'
  'out = tape.gradient({"a": y}, {"x": x, "l": [x]})\n',
  ('dict', {'l': ('list', [('T', 'float32', 2.0, ())]), 'x': ('T', 'float32', 2.0, ())}))]


@pytest.mark.parametrize("source,expected", PROGRAMS, ids=[str(i) for i in range(len(PROGRAMS))])
def test_gradients_programs(source, expected, tmp_path):
    check_program(source, expected, tmp_path)
