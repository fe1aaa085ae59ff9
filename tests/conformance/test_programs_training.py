"""Keras optimizers, schedules, losses and metrics give TF 2's numbers.

Each program sets `out`; EXPECTED is what TensorFlow 2 gives for the same program (run from a
file, so AutoGraph converts it), or the error class TF raises.
"""
import pytest

from conformance_checks import check_program

PROGRAMS = [('opt = tf.keras.optimizers.SGD(learning_rate=0.1)\n'
  'v = tf.Variable([1., 2.])\n'
  'opt.apply_gradients(zip([tf.constant([1., 1.])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.8999999761581421, 1.899999976158142], (2,))),
 ('opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 1.])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.4390000104904175, 1.4390000104904175], (2,))),
 ('opt = tf.keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 1.])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.19509999454021454, 1.195099949836731], (2,))),
 ('opt = tf.keras.optimizers.Adam(learning_rate=0.1)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 0.5])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.699999988079071, 1.7000000476837158], (2,))),
 ('opt = tf.keras.optimizers.RMSprop(learning_rate=0.1)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 0.5])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.26225998997688293, 1.2622599601745605], (2,))),
 ('opt = tf.keras.optimizers.RMSprop(learning_rate=0.1, momentum=0.5, centered=True)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 0.5])], [v]))\n'
  'out = v',
  ('T', 'float32', [-0.19067999720573425, 0.8093299865722656], (2,))),
 ('opt = tf.keras.optimizers.Adagrad(learning_rate=0.1)\n'
  'v = tf.Variable([1., 2.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1., 0.5])], [v]))\n'
  'out = v',
  ('T', 'float32', [0.7788500189781189, 1.7967000007629395], (2,))),
 ('opt = tf.keras.optimizers.SGD(learning_rate=1.0, clipnorm=1.0)\n'
  'v = tf.Variable([0., 0.])\n'
  'opt.apply_gradients(zip([tf.constant([3., 4.])], [v]))\n'
  'out = v',
  ('T', 'float32', [-0.6000000238418579, -0.800000011920929], (2,))),
 ('opt = tf.keras.optimizers.SGD(learning_rate=1.0, clipvalue=0.5)\n'
  'v = tf.Variable([0., 0.])\n'
  'opt.apply_gradients(zip([tf.constant([3., -0.1])], [v]))\n'
  'out = v',
  ('T', 'float32', [-0.5, 0.10000000149011612], (2,))),
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
 ('s = tf.keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)\n'
  'out = [s(0), s(10), s(5)]',
  ('list',
   [('T', 'float32', 0.10000000149011612, ()),
    ('T', 'float32', 0.05000000074505806, ()),
    ('T', 'float32', 0.07071000337600708, ())])),
 ('s = tf.keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, '
  'staircase=True)\n'
  'out = [s(5), s(15)]',
  ('list',
   [('T', 'float32', 0.10000000149011612, ()), ('T', 'float32', 0.05000000074505806, ())])),
 ('s = tf.keras.optimizers.schedules.PiecewiseConstantDecay([5, 15], [1.0, 0.5, 0.1])\n'
  'out = [s(0), s(5), s(6), s(15), s(16)]',
  ('list',
   [('T', 'float32', 1.0, ()),
    ('T', 'float32', 1.0, ()),
    ('T', 'float32', 0.5, ()),
    ('T', 'float32', 0.5, ()),
    ('T', 'float32', 0.10000000149011612, ())])),
 ('s = tf.keras.optimizers.schedules.ExponentialDecay(1.0, decay_steps=1, decay_rate=0.5)\n'
  'opt = tf.keras.optimizers.SGD(learning_rate=s)\n'
  'v = tf.Variable([0.])\n'
  'for _ in range(3): opt.apply_gradients(zip([tf.constant([1.])], [v]))\n'
  'out = v',
  ('T', 'float32', [-1.75], (1,))),
 ('mse = tf.keras.losses.MeanSquaredError()\n'
  'out = mse(tf.constant([[0., 1.], [0., 0.]]), tf.constant([[1., 1.], [1., 0.]]))',
  ('T', 'float32', 0.5, ())),
 ('mse = tf.keras.losses.MeanSquaredError()\n'
  'out = mse(tf.constant([[0., 1.], [0., 0.]]), tf.constant([[1., 1.], [1., 0.]]), '
  'sample_weight=tf.constant([0.7, 0.3]))',
  ('T', 'float32', 0.25, ())),
 ('mse = tf.keras.losses.MeanSquaredError(reduction="sum")\n'
  'out = mse(tf.constant([[0., 1.], [0., 0.]]), tf.constant([[1., 1.], [1., 0.]]))',
  ('T', 'float32', 1.0, ())),
 ('mse = tf.keras.losses.MeanSquaredError(reduction="none")\n'
  'out = mse(tf.constant([[0., 1.], [0., 0.]]), tf.constant([[1., 1.], [1., 0.]]))',
  ('T', 'float32', [0.5, 0.5], (2,))),
 ('h = tf.keras.losses.Huber()\n'
  'out = h(tf.constant([[0, 1], [0, 0]], dtype=tf.float32), tf.constant([[0.6, 0.4], [0.4, '
  '0.6]]))',
  ('T', 'float32', 0.1550000011920929, ())),
 ('h = tf.keras.losses.Huber(delta=0.5)\n'
  'out = h(tf.constant([[0., 3.]]), tf.constant([[0.2, 0.]]))',
  ('T', 'float32', 0.6974999904632568, ())),
 ('out = tf.keras.losses.MeanSquaredError().name', ('P', "'mean_squared_error'")),
 ('m = tf.keras.metrics.Mean()\nm.update_state([1, 3, 5, 7])\nout = m.result()',
  ('T', 'float32', 4.0, ())),
 ('m = tf.keras.metrics.Mean()\n'
  'm.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])\n'
  'out = m.result()',
  ('T', 'float32', 2.0, ())),
 ('m = tf.keras.metrics.Mean()\nm.update_state([1, 3])\nm.reset_state()\nout = m.result()',
  ('T', 'float32', 0.0, ())),
 ('m = tf.keras.metrics.Mean()\nm(2.); m(4.)\nout = [m.result(), m.name, m(6.)]',
  ('list', [('T', 'float32', 3.0, ()), ('P', "'mean'"), ('T', 'float32', 4.0, ())]))]


@pytest.mark.parametrize("source,expected", PROGRAMS, ids=[str(i) for i in range(len(PROGRAMS))])
def test_training_programs(source, expected, tmp_path):
    check_program(source, expected, tmp_path)
