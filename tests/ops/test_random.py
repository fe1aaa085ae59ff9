"""Random ops: TF's global/op seed semantics, fresh values per compiled call, distributions."""
import numpy as np
import pytest

import graphflow as tf
from graphflow.ops import random_ops


@pytest.fixture(autouse=True)
def _no_global_seed():
    yield
    tf.random.set_seed(None)


def _program():
    return [tf.random.uniform([3]).numpy(), tf.random.normal([2]).numpy(),
            tf.random.uniform([2], seed=7).numpy(), tf.random.uniform([2], seed=7).numpy()]


def test_set_seed_makes_the_program_repeat():
    tf.random.set_seed(1234)
    first = _program()
    tf.random.set_seed(1234)
    second = _program()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    # successive calls of one op (same op seed) give new numbers
    assert not np.array_equal(first[2], first[3])
    assert not np.array_equal(first[0][:2], first[2])
    tf.random.set_seed(99)
    assert not np.array_equal(_program()[0], first[0])


def test_op_seed_without_global_seed_is_deterministic_per_program():
    a = tf.random.uniform([4], seed=3).numpy()
    tf.random.set_seed(None)
    b = tf.random.uniform([4], seed=3).numpy()
    np.testing.assert_array_equal(a, b)
    assert random_ops.get_seed(3) == (random_ops.DEFAULT_GRAPH_SEED, 3)
    assert random_ops.get_seed(None) == (None, None)


def test_unseeded_ops_differ():
    assert not np.array_equal(tf.random.uniform([5]), tf.random.uniform([5]))


def test_compiled_function_gives_new_values_each_call_and_repeats_after_retrace(executor):
    tf.random.set_seed(5)

    @tf.function
    def f():
        return tf.random.uniform([3]), tf.random.normal([3], seed=1)
    calls = [[np.asarray(t) for t in f()] for _ in range(3)]
    assert not np.array_equal(calls[0][0], calls[1][0])
    assert not np.array_equal(calls[1][1], calls[2][1])

    @tf.function
    def g():
        return tf.random.uniform([3]), tf.random.normal([3], seed=1)
    again = [np.asarray(t) for t in g()]
    np.testing.assert_array_equal(again[0], calls[0][0])
    np.testing.assert_array_equal(again[1], calls[0][1])


def test_random_nodes_are_not_folded_or_merged():
    @tf.function
    def f():
        return tf.random.uniform([4]) - tf.random.uniform([4])
    assert np.any(np.asarray(f()) != 0)
    graph = f.get_concrete_function().graph
    assert sum(n.op.name == "RandomUniform" for n in graph.nodes) == 2


def test_distributions_and_dtypes():
    tf.random.set_seed(0)
    u = tf.random.uniform([4000], minval=-2., maxval=3.)
    assert u.dtype is tf.float32 and u.shape == (4000,)
    assert -2 <= float(tf.reduce_min(u)) and float(tf.reduce_max(u)) < 3
    assert abs(float(tf.reduce_mean(u)) - 0.5) < 0.1
    n = tf.random.normal([4000], mean=1., stddev=2., dtype=tf.float64)
    assert n.dtype is tf.float64
    assert abs(np.mean(n) - 1) < 0.15 and abs(np.std(n) - 2) < 0.15
    t = tf.random.truncated_normal([4000], stddev=0.5)
    assert float(tf.reduce_max(tf.abs(t))) <= 1.0
    i = tf.random.uniform([1000], 0, 5, dtype=tf.int32)
    assert i.dtype is tf.int32 and set(np.unique(i)) == {0, 1, 2, 3, 4}
    with pytest.raises(ValueError, match="maxval"):
        tf.random.uniform([2], dtype=tf.int64)
    with pytest.raises(TypeError):  # as TF
        tf.random.normal([2], dtype=tf.int32)


def test_shapes_from_tensors_and_partial_shapes():
    @tf.function(input_signature=[tf.TensorSpec([None, 2])])
    def f(x):
        noise = tf.random.normal(tf.shape(x))
        assert noise.shape.as_list() == [None, 2]
        return x + noise
    assert f(tf.zeros([3, 2])).shape == (3, 2)


def test_stream_helpers_for_other_ops():
    tf.random.set_seed(3)
    a = random_ops.stream_attrs(11)
    first = random_ops.generator(**a).random(3)
    assert random_ops.generator(**a) is random_ops.generator(**a)
    tf.random.set_seed(3)
    b = random_ops.stream_attrs(11)
    np.testing.assert_array_equal(random_ops.generator(**b).random(3), first)


def test_random_graph_attrs_are_plain_values():
    @tf.function
    def f():
        return tf.random.uniform([2], seed=4)
    node = [n for n in f.get_concrete_function().graph.nodes if n.op.name == "RandomUniform"][0]
    assert node.attrs["seed"] == random_ops.DEFAULT_GRAPH_SEED and node.attrs["seed2"] == 4
    assert isinstance(node.attrs["stream"], str)


def test_random_and_print_graphs_save_and_load(tmp_path, capsys):
    @tf.function
    def f(x):
        tf.print("x is", x)
        return x + tf.random.uniform([2], seed=3)
    f(tf.constant([1., 2.]))
    tf.save(f, str(tmp_path / "model"))
    loaded = tf.load(str(tmp_path / "model"))
    a, b = loaded(tf.constant([1., 2.])), loaded(tf.constant([1., 2.]))
    assert a.shape == (2,) and not np.array_equal(a, b)
    assert capsys.readouterr().err == "x is [1 2]\n" * 3


def test_book_numpy_random_runs_at_trace_time_graphflow_random_every_call():
    @tf.function
    def numpy_random(x):
        return np.random.rand()
    a, b = numpy_random(tf.constant(2.)), numpy_random(tf.constant(3.))
    assert float(a) == float(b)
    assert float(numpy_random(tf.constant([2., 3.]))) != float(a)

    @tf.function
    def graph_random(x):
        return tf.random.uniform([])
    values = {float(graph_random(tf.constant(2.))) for _ in range(3)}
    assert len(values) == 3


def test_gaussian_noise_layer_pattern():
    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def noisy(X):
        noise = tf.random.normal(tf.shape(X), stddev=0.1)
        return X + noise
    out = noisy(tf.zeros([1000, 3]))
    assert out.shape == (1000, 3) and abs(float(np.std(out)) - 0.1) < 0.01


def test_random_and_print_inside_loops_run_every_iteration(capsys, executor):
    @tf.function
    def f():
        ta = tf.TensorArray(tf.float32, size=3)
        for i in tf.range(3):
            ta = ta.write(i, tf.random.uniform([]))
            tf.print("step", i)
        return ta.stack()
    values = f().numpy()
    assert len(set(values.tolist())) == 3
    assert capsys.readouterr().err == "step 0\nstep 1\nstep 2\n"
