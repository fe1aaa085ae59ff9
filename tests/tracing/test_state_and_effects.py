"""Variables, captures and side effects inside compiled functions."""
import numpy as np
import pytest

import graphflow as tf


def test_assign_persists_across_calls():
    v = tf.Variable(0.0)

    @tf.function
    def bump(x):
        v.assign(v + x)
        return v.read_value()
    assert float(bump(tf.constant(1.0))) == 1.0
    assert float(bump(tf.constant(2.0))) == 3.0
    assert float(v.numpy()) == 3.0
    v.assign(10.0)
    assert float(bump(tf.constant(1.0))) == 11.0
    assert bump.experimental_get_tracing_count() == 1


def test_assign_add_over_many_calls():
    counter = tf.Variable(0)

    @tf.function
    def step():
        counter.assign_add(1)
    for _ in range(100):
        step()
    assert int(counter.numpy()) == 100


def test_program_order_of_assigns_and_reads():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        a = v.read_value()
        v.assign(5.0)
        b = v.read_value()
        v.assign_add(1.0)
        c = v.read_value()
        return a, b, c
    a, b, c = f()
    assert (float(a), float(b), float(c)) == (1.0, 5.0, 6.0)
    a, b, c = f()
    assert (float(a), float(b), float(c)) == (6.0, 5.0, 6.0)


def test_variable_created_on_first_trace_only():
    class Counter:
        def __init__(self):
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(tf.zeros_like(x))
            self.v.assign_add(x)
            return self.v.read_value()
    c = Counter()
    assert float(c(tf.constant(2.0))) == 2.0
    assert float(c(tf.constant(3.0))) == 5.0
    assert isinstance(c.v, tf.Variable)


def test_creating_a_variable_on_a_later_trace_raises():
    @tf.function
    def f(x):
        v = tf.Variable(1.0)
        return v + x
    f(tf.constant(1.0))
    with pytest.raises(ValueError, match="first trace"):
        f(tf.constant([1.0, 2.0]))


def test_closure_tensors_are_captured_not_copied():
    w = tf.constant([1.0, 2.0])
    arr = np.array([10.0, 20.0], dtype=np.float32)

    @tf.function
    def f(x):
        return x * w + arr
    np.testing.assert_array_equal(f(tf.constant([1.0, 1.0])), [11.0, 22.0])
    cf = f.get_concrete_function(tf.constant([1.0, 1.0]))
    assert any(c is w for c in cf.captured_inputs)


def test_python_side_effects_run_only_while_tracing():
    log = []

    @tf.function
    def f(x):
        log.append("traced")
        return x + 1
    for _ in range(3):
        f(tf.constant(1.0))
    assert log == ["traced"]


def test_variable_arguments_are_keyed_by_identity():
    @tf.function
    def read(v):
        return v * 2
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    assert float(read(a)) == 2.0 and float(read(b)) == 4.0
    a.assign(3.0)
    assert float(read(a)) == 6.0
    assert read.experimental_get_tracing_count() == 2


def test_variables_work_inside_gradient_in_function():
    w = tf.Variable([1.0, 2.0])

    @tf.function
    def grad(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w * x)
        return tape.gradient(loss, w)
    np.testing.assert_allclose(grad(tf.constant(3.0)), [6.0, 12.0])


def test_loop_reading_a_variable_runs_after_an_earlier_assign():
    v = tf.Variable(1.0)

    @tf.function
    def f():
        v.assign_add(1.0)
        return tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + v),
                             [tf.constant(0), tf.constant(0.0)])[1]
    cf = f.get_concrete_function()
    loops = [n for n in cf.graph.nodes if n.op.name in ("While", "StatelessWhile")]
    assert loops and loops[0].op.name == "While" and loops[0].control_inputs
    assert float(f()) == 6.0
