"""Tensor-dependent control flow becomes If/While nodes (not unrolled); Python-dependent
control flow stays Python."""
import numpy as np

import graphflow as tf
from ag_graphs import count_conds, count_loops, count_ops
from ag_zoo import (sum_squares, collatz_steps, nested_loops, if_python_condition,
                    python_range_unrolled, list_append_stack, piecewise, ternary,
                    tensor_array_while, return_from_while)


def _graph(fn, *args):
    return tf.function(fn).get_concrete_function(*args).graph


def test_tensor_for_is_one_while_node_not_unrolled():
    f = tf.function(sum_squares)
    g = f.get_concrete_function(tf.constant(10)).graph
    assert count_loops(g) == 1
    # The body is a subgraph: `i ** 2` appears once in it (the optimizer may make it a
    # Mul or Square), never at the top level.
    squares = ("Pow", "Mul", "Square")
    assert count_ops(g, *squares) == 1
    assert not any(n.op.name in squares for n in g.nodes)


def test_one_trace_serves_every_loop_count():
    f = tf.function(sum_squares)
    results = [int(f(tf.constant(n))) for n in (0, 1, 5, 30)]
    assert results == [sum(i * i for i in range(n)) for n in (0, 1, 5, 30)]
    assert f.experimental_get_tracing_count() == 1


def test_while_with_tensor_condition_is_a_while_node():
    g = _graph(collatz_steps, tf.constant(27))
    assert count_loops(g) == 1
    assert count_conds(g) == 1


def test_nested_tensor_loops_nest_while_nodes():
    g = _graph(nested_loops, tf.constant(4))
    assert count_loops(g) == 2
    top = [n for n in g.nodes if n.op.name in ("While", "StatelessWhile")]
    assert len(top) == 1


def test_python_condition_stays_python():
    g = _graph(if_python_condition, tf.constant(1), True)
    assert count_conds(g) == 0
    assert count_loops(g) == 0


def test_python_range_unrolls():
    g = _graph(python_range_unrolled, tf.constant(1))
    assert count_loops(g) == 0
    assert count_ops(g, "AddV2", "Add") >= 3


def test_tensor_if_and_ternary_make_if_nodes():
    assert count_conds(_graph(piecewise, tf.constant(0.5))) == 2
    assert count_conds(_graph(ternary, tf.constant(1))) == 1


def test_list_append_in_tensor_loop_uses_tensor_list():
    g = _graph(list_append_stack, tf.constant(4))
    assert count_loops(g) == 1
    assert count_ops(g, "TensorListSetItem") == 1
    assert count_ops(g, "TensorListStack") == 1
    np.testing.assert_array_equal(tf.function(list_append_stack)(tf.constant(4)).numpy(),
                                  [0, 3, 6, 9])


def test_tensor_array_is_loop_carried_variant():
    g = _graph(tensor_array_while, tf.constant(3))
    loop = next(n for n in g.nodes if n.op.name in ("While", "StatelessWhile"))
    assert "variant" in [o.dtype.name for o in loop.outputs]


def test_return_inside_while_is_a_while_node():
    g = _graph(return_from_while, tf.constant(20))
    assert count_loops(g) == 1
    f = tf.function(return_from_while)
    assert [int(f(tf.constant(n))) for n in (3, 20)] == [-1, 8]
    assert f.experimental_get_tracing_count() == 1


def test_while_loop_options_are_accepted():
    out = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)],
                        parallel_iterations=4, maximum_iterations=3)
    assert int(out[0]) == 3

    @tf.function
    def limited(n):
        return tf.while_loop(lambda i: i < n, lambda i: i + 1, [0], maximum_iterations=5)
    assert int(limited(tf.constant(100))[0]) == 5


def test_set_loop_options_maximum_iterations():
    @tf.function
    def f(n):
        i = 0
        while i < n:
            tf.autograph.experimental.set_loop_options(maximum_iterations=4)
            i += 1
        return i
    assert int(f(tf.constant(10))) == 4


def test_enumerate_and_zip_over_tensors_are_while_loops():
    from ag_zoo import enumerate_tensor, zip_tensors
    assert count_loops(_graph(enumerate_tensor, tf.constant([1.0, 2.0]))) == 1
    assert count_loops(_graph(zip_tensors, tf.constant([1.0]), tf.constant([2.0]))) == 1


def guarded_read(x, i):
    return i < tf.size(x) and x[i] > 0


def test_and_evaluates_its_right_operand_only_when_needed():
    x = tf.constant([1.0, -1.0])
    f = tf.function(guarded_read)
    # x[5] would fail if it ran: `and` must make it a branch of a Cond.
    assert not bool(f(x, tf.constant(5)))
    assert bool(f(x, tf.constant(0))) and not bool(f(x, tf.constant(1)))
    assert not bool(guarded_read(x, tf.constant(5)))
    assert count_conds(f.get_concrete_function(x, tf.constant(0)).graph) == 1
