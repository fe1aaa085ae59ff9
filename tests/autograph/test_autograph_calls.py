"""Calls from converted code: user functions convert recursively; graphflow's own, numpy's
and builtins run as they are."""
import numpy as np

import graphflow as tf
import ag_helper_module
from ag_graphs import count_conds, count_loops


def uses_helpers(x):
    return ag_helper_module.clipped_double(x) + ag_helper_module.count_down(x)


def test_functions_from_other_modules_are_converted():
    f = tf.function(uses_helpers)
    g = f.get_concrete_function(tf.constant(3)).graph
    assert count_loops(g) == 1 and count_conds(g) >= 1
    assert int(f(tf.constant(3))) == 9
    assert int(f(tf.constant(12))) == 22


class Model:
    def __init__(self):
        self.scale = tf.constant(2.0)

    @tf.function
    def __call__(self, x):
        if tf.reduce_sum(x) > 0:
            return self.helper(x)
        return -x

    def helper(self, x):
        out = x
        for _ in tf.range(3):
            out = out * self.scale
        return out


def test_methods_are_converted():
    m = Model()
    x = tf.constant([1.0, 2.0])
    np.testing.assert_allclose(m(x).numpy(), [8.0, 16.0])
    np.testing.assert_allclose(m(-x).numpy(), [1.0, 2.0])


def test_lambdas_nested_functions_and_closures():
    offset = tf.constant(10)

    def outer(x):
        adjust = lambda v: v + offset if v > 0 else v - offset  # noqa: E731

        def twice(v):
            total = 0
            for _ in tf.range(2):
                total += adjust(v)
            return total
        return twice(x)
    f = tf.function(outer)
    assert int(f(tf.constant(1))) == 22
    assert int(f(tf.constant(-1))) == -22
    assert count_loops(f.get_concrete_function(tf.constant(1)).graph) == 1


def test_numpy_and_builtins_are_not_converted():
    def f(x):
        k = np.float32(max(2, 3)) + abs(-1)
        return x * k + len([1, 2])
    assert float(tf.function(f)(tf.constant(1.0))) == 6.0


def test_do_not_convert_runs_function_as_written():
    calls = []

    @tf.autograph.experimental.do_not_convert
    def side(x):
        calls.append(1)
        return x + 1

    def f(x):
        return side(x)
    assert int(tf.function(f)(tf.constant(1))) == 2
    assert calls == [1]


def test_print_of_tensor_prints_on_every_call(capsys):
    @tf.function
    def f(x):
        print("value:", x)
        return x
    f(tf.constant(3))
    f(tf.constant(4))
    out = capsys.readouterr()
    text = out.out + out.err
    assert "value: 3" in text and "value: 4" in text
    assert f.experimental_get_tracing_count() == 1


def test_python_print_of_python_values_prints_at_trace_time(capsys):
    @tf.function
    def f(x):
        print("tracing")
        return x
    f(tf.constant(1))
    f(tf.constant(2))
    assert capsys.readouterr().out.count("tracing") == 1


def test_functions_run_eagerly_still_plain_python():
    tf.config.run_functions_eagerly(True)
    try:
        assert int(tf.function(uses_helpers)(tf.constant(3))) == 9
    finally:
        tf.config.run_functions_eagerly(False)


class Base:
    def scale(self, x):
        return x * 2


class Child(Base):
    def __init__(self):
        self.__offset = 3

    @tf.function
    def run(self, x):
        y = super().scale(x)
        if y > 0:
            y = y + self.__offset
        return y


def test_methods_using_super_and_private_attributes():
    child = Child()
    assert int(child.run(tf.constant(2))) == 7
    assert int(child.run(tf.constant(-2))) == -4


def test_print_in_tensor_loop_prints_every_iteration(capsys):
    from ag_zoo import print_every_iteration
    f = tf.function(print_every_iteration)
    assert int(f(tf.constant(3))) == 3
    out = capsys.readouterr()
    assert (out.out + out.err).count("step") == 3


def test_user_nonlocal_in_nested_function_keeps_outer_binding():
    def outer(x):
        count = 0

        def middle(v):
            def bump():
                nonlocal count
                count += 1
            for _ in range(3):
                bump()
            return v * count
        return middle(x)
    assert int(tf.function(outer)(tf.constant(2))) == 6


class Counter:
    def __init__(self):
        self.total = tf.constant(0)
        self.last = tf.constant(-1)

    @tf.function
    def count_even(self, n):
        for i in tf.range(n):
            if i % 2 == 0:
                self.total += i
                self.last = i
        return self.total


def test_attributes_modified_in_tensor_loops_are_loop_state():
    c = Counter()
    assert int(c.count_even(tf.constant(7))) == 0 + 2 + 4 + 6
    cf = c.count_even.get_concrete_function(tf.constant(7))
    assert count_loops(cf.graph) == 1
    assert "self.total" in tf.autograph.to_code(Counter.count_even)


def test_lambdas_sharing_a_line_are_told_apart():
    fns = [lambda x: x * 2 if x > 0 else x, lambda x: x * 3 if x > 0 else -x]
    assert [int(tf.function(f)(tf.constant(-2))) for f in fns] == [-2, 2]
    assert "x * 3" in tf.autograph.to_code(fns[1])


def test_tf_convert_converts_only_while_tracing():
    from graphflow.autograph.api import tf_convert

    def layer_call(x):
        if x > 0:
            return x
        return -x
    wrapped = tf_convert(layer_call)
    assert int(wrapped(tf.constant(-3))) == 3

    @tf.function(autograph=False)
    def model(x):
        return wrapped(x)
    assert int(model(tf.constant(-3))) == 3
    assert count_conds(model.get_concrete_function(tf.constant(1)).graph) == 1
