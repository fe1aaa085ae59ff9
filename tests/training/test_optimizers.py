"""Optimizers: Keras update rules vs numpy, eager == compiled, slots, clipping, schedules."""
import numpy as np
import pytest

import graphflow as tf
from graphflow import optimizers

import numpy_optimizers as ref

CASES = [
    (optimizers.SGD, ref.sgd, {}),
    (optimizers.SGD, ref.sgd, {"learning_rate": 0.1, "momentum": 0.9}),
    (optimizers.SGD, ref.sgd, {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    (optimizers.Adagrad, ref.adagrad, {}),
    (optimizers.Adagrad, ref.adagrad, {"learning_rate": 0.5, "initial_accumulator_value": 1.0}),
    (optimizers.RMSprop, ref.rmsprop, {}),
    (optimizers.RMSprop, ref.rmsprop, {"momentum": 0.5, "rho": 0.8}),
    (optimizers.RMSprop, ref.rmsprop, {"centered": True, "learning_rate": 0.01}),
    (optimizers.RMSprop, ref.rmsprop, {"centered": True, "momentum": 0.3}),
    (optimizers.Adam, ref.adam, {}),
    (optimizers.Adam, ref.adam, {"learning_rate": 0.1, "amsgrad": True}),
    (optimizers.Nadam, ref.nadam, {}),
    (optimizers.Nadam, ref.nadam, {"learning_rate": 0.05, "beta_1": 0.8}),
]


def _grads(n=4, shape=(3,), seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(shape).astype(np.float32) for _ in range(n)]


@pytest.mark.parametrize("cls,rule,kwargs", CASES)
@pytest.mark.parametrize("compiled", [False, True])
def test_update_rule_matches_numpy(cls, rule, kwargs, compiled):
    w0 = np.array([0.5, -1.0, 2.0], np.float32)
    grads = _grads()
    var = tf.Variable(w0)
    opt = cls(**kwargs)

    def step(g):
        opt.apply_gradients([(g, var)])
    if compiled:
        step = tf.function(step)
    for g in grads:
        step(tf.constant(g))
    expected = rule(w0.astype(np.float64), [g.astype(np.float64) for g in grads], **kwargs)
    np.testing.assert_allclose(var.numpy(), expected, rtol=2e-5, atol=1e-6)
    assert int(opt.iterations.numpy()) == len(grads)


def test_keras_defaults():
    assert float(optimizers.SGD().learning_rate.numpy()) == pytest.approx(0.01)
    adam = optimizers.Adam()
    assert adam.get_config()["epsilon"] == 1e-7
    assert float(adam.beta_1.numpy()) == pytest.approx(0.9)
    assert float(adam.beta_2.numpy()) == pytest.approx(0.999)
    assert float(optimizers.RMSprop().rho.numpy()) == pytest.approx(0.9)
    assert optimizers.Adagrad().get_config()["initial_accumulator_value"] == 0.1
    assert float(optimizers.Nadam(lr=0.01).lr.numpy()) == pytest.approx(0.01)
    assert optimizers.SGD(momentum=0.9, nesterov=True).get_config()["nesterov"] is True


@pytest.mark.parametrize("cls", [optimizers.SGD, optimizers.Adagrad, optimizers.RMSprop,
                                 optimizers.Adam, optimizers.Nadam])
def test_converges_on_a_quadratic(cls):
    target = np.array([3.0, -2.0], np.float32)
    w = tf.Variable([0.0, 0.0])
    opt = cls(learning_rate=0.1) if cls is not optimizers.Adagrad else cls(learning_rate=1.0)

    @tf.function
    def step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(tf.square(w - target))
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
        return loss
    for _ in range(300):
        loss = step()
    assert float(loss) < 1e-3


def test_slots_created_on_first_apply_inside_function_then_reused_eagerly():
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.Adam(learning_rate=0.1)
    assert opt.variables() == []

    @tf.function
    def step(g):
        opt.apply_gradients([(g, w)])
    step(tf.constant([1.0, 1.0]))
    m = opt.get_slot(w, "m")
    assert m.shape == (2,) and set(opt.get_slot_names()) == {"m", "v"}
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert opt.get_slot(w, "m") is m
    assert int(opt.iterations.numpy()) == 2
    expected = ref.adam(np.array([1.0, 2.0]), [np.ones(2)] * 2, learning_rate=0.1)
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-5)
    step(tf.constant([1.0, 1.0]))
    assert step.experimental_get_tracing_count() == 1


def test_none_gradients_are_skipped():
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    opt = optimizers.SGD(learning_rate=0.5)
    opt.apply_gradients([(tf.constant(1.0), a), (None, b)])
    assert (float(a.numpy()), float(b.numpy())) == (0.5, 2.0)
    with pytest.raises(ValueError, match="No gradients"):
        opt.apply_gradients([(None, a)])


def test_apply_gradients_needs_variables():
    with pytest.raises(ValueError):
        optimizers.SGD().apply_gradients([(tf.constant(1.0), tf.constant(2.0))])


def test_unknown_keyword_is_refused():
    with pytest.raises(TypeError):
        optimizers.Adam(clip_norm=1.0)


def test_clipnorm_and_clipvalue():
    w = tf.Variable([0.0, 0.0])
    optimizers.SGD(learning_rate=1.0, clipnorm=1.0).apply_gradients(
        [(tf.constant([3.0, 4.0]), w)])
    np.testing.assert_allclose(w.numpy(), [-0.6, -0.8], rtol=1e-6)
    w.assign([0.0, 0.0])
    optimizers.SGD(learning_rate=1.0, clipvalue=0.5).apply_gradients(
        [(tf.constant([3.0, -0.25]), w)])
    np.testing.assert_allclose(w.numpy(), [-0.5, 0.25])
    w.assign([0.0, 0.0])
    optimizers.SGD(learning_rate=1.0, clipnorm=10.0).apply_gradients(
        [(tf.constant([3.0, 4.0]), w)])
    np.testing.assert_allclose(w.numpy(), [-3.0, -4.0])


def test_learning_rate_can_be_changed_after_compiling():
    w = tf.Variable(0.0)
    opt = optimizers.SGD(learning_rate=1.0)

    @tf.function
    def step():
        opt.apply_gradients([(tf.constant(1.0), w)])
    step()
    opt.learning_rate = 0.25
    step()
    assert float(w.numpy()) == -1.25


def test_exponential_decay_schedule():
    s = optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    np.testing.assert_allclose(s(5).numpy(), 0.1 * 0.5 ** 0.5, rtol=1e-6)
    stair = optimizers.schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    np.testing.assert_allclose(stair(15).numpy(), 0.05, rtol=1e-6)
    assert s.get_config()["decay_steps"] == 10


def test_piecewise_constant_schedule():
    s = optimizers.schedules.PiecewiseConstantDecay([5, 10], [1.0, 0.5, 0.1])
    got = [float(s(tf.constant(step)).numpy()) for step in (0, 5, 6, 10, 11)]
    np.testing.assert_allclose(got, [1.0, 1.0, 0.5, 0.5, 0.1])
    with pytest.raises(ValueError):
        optimizers.schedules.PiecewiseConstantDecay([5], [1.0])


@pytest.mark.parametrize("compiled", [False, True])
def test_optimizer_uses_schedule_with_iterations(compiled):
    w = tf.Variable(0.0)
    lr = optimizers.schedules.PiecewiseConstantDecay([1], [1.0, 0.1])
    opt = optimizers.SGD(learning_rate=lr)

    def step():
        opt.apply_gradients([(tf.constant(1.0), w)])
    step = tf.function(step) if compiled else step
    for _ in range(4):
        step()
    np.testing.assert_allclose(w.numpy(), -(1.0 + 1.0 + 0.1 + 0.1), rtol=1e-6)


def test_legacy_decay_argument():
    w = tf.Variable(0.0)
    opt = optimizers.SGD(learning_rate=1.0, decay=1.0)
    for _ in range(3):
        opt.apply_gradients([(tf.constant(1.0), w)])
    np.testing.assert_allclose(w.numpy(), -(1 + 1 / 2 + 1 / 3), rtol=1e-6)


def test_nadam_refuses_schedules():
    with pytest.raises(ValueError, match="Nadam"):
        optimizers.Nadam(optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))


def test_minimize_with_callable_loss():
    w = tf.Variable(5.0)
    opt = optimizers.SGD(learning_rate=0.1)
    opt.minimize(lambda: w * w, [w])
    assert float(w.numpy()) == pytest.approx(4.0)


def test_get_and_config_round_trip():
    opt = tf.keras.optimizers.get("nadam")
    assert isinstance(opt, optimizers.Nadam)
    adam = optimizers.Adam(learning_rate=0.02, clipnorm=1.0)
    clone = optimizers.Adam.from_config(adam.get_config())
    assert clone.get_config() == adam.get_config()
    sched = optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))
    again = optimizers.SGD.from_config(sched.get_config())
    assert isinstance(again._hyper["learning_rate"], optimizers.schedules.ExponentialDecay)


def test_gradient_of_wrong_shape_or_dtype_is_refused():
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.Adam()
    with pytest.raises(tf.errors.InvalidArgumentError, match="shape"):
        opt.apply_gradients([(tf.constant([1.0, 2.0, 3.0]), w)])

    @tf.function
    def step(g):
        opt.apply_gradients([(g, w)])
    with pytest.raises(ValueError, match="shape"):
        step(tf.constant([[1.0, 2.0]]))


@pytest.mark.parametrize("cls", [optimizers.SGD, optimizers.Adam, optimizers.Nadam])
def test_float64_variables(cls):
    w = tf.Variable(np.array([1.0, -1.0]))
    opt = cls(learning_rate=0.1)
    opt.apply_gradients([(tf.constant(np.array([0.5, 0.5])), w)])
    assert w.dtype == tf.float64 and w.numpy().dtype == np.float64
    rule = {optimizers.SGD: ref.sgd, optimizers.Adam: ref.adam, optimizers.Nadam: ref.nadam}[cls]
    expected = rule(np.array([1.0, -1.0]), [np.array([0.5, 0.5])], learning_rate=0.1)
    np.testing.assert_allclose(w.numpy(), expected, rtol=1e-6)
