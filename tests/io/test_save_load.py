"""save/load in one process: results, signatures, variables, structures, refusals."""
import numpy as np
import pytest

import graphflow as tf
from graphflow.io.loaded import LoadedFunction

import saved_programs as programs
from savefile_tools import read_parts


def roundtrip(fn, tmp_path, name="f.gf"):
    path = str(tmp_path / name)
    tf.save(fn, path)
    return tf.load(path)


def test_cube_keeps_every_signature(tmp_path):
    programs.cube(tf.constant(2.0))
    programs.cube(tf.constant([1, 2, 3]))
    programs.cube(4.0)                                 # a Python value: its own graph
    loaded = roundtrip(programs.cube, tmp_path)
    assert isinstance(loaded, LoadedFunction)
    assert len(loaded.concrete_functions) == 3
    assert loaded(tf.constant(3.0)).numpy() == 27.0
    np.testing.assert_array_equal(loaded(tf.constant([2, 3, 4])).numpy(), [8, 27, 64])
    assert loaded(tf.constant([2, 3, 4])).dtype is tf.int32
    assert loaded(4.0).numpy() == 64.0
    assert loaded(np.float32(0.5)).numpy() == 0.125
    with pytest.raises(ValueError, match="matching concrete function"):
        loaded(tf.constant([1.0, 2.0]))                # float32[2] was never traced


def test_huber_with_input_signature_is_traced_on_save(tmp_path):
    loaded = roundtrip(programs.huber, tmp_path)
    y_true = np.array([0.0, 1.0, 5.0], np.float32)
    y_pred = np.array([0.5, 3.0, -1.0], np.float32)
    want = programs.huber_fn(tf.constant(y_true), tf.constant(y_pred)).numpy()
    np.testing.assert_allclose(loaded(y_true, y_pred).numpy(), want)
    np.testing.assert_allclose(loaded(y_true=y_true, y_pred=y_pred).numpy(), want)
    np.testing.assert_allclose(loaded([0.0, 1.0, 5.0], [0.5, 3.0, -1.0]).numpy(), want)


def test_control_flow_and_dict_outputs(tmp_path):
    cf = programs.collatz.get_concrete_function(tf.TensorSpec([], tf.int32))
    loaded = roundtrip(cf, tmp_path)
    for n in (1, 6, 27):
        got, want = loaded(tf.constant(n)), programs.collatz(tf.constant(n))
        assert sorted(got) == ["steps", "top"]
        assert got["steps"].numpy() == want["steps"].numpy()
        assert got["top"].numpy() == want["top"].numpy()
    ops = {n.op.name for n in loaded.concrete_functions[0].graph.nodes}
    assert ops & {"While", "StatelessWhile"}


def test_python_args_nested_outputs_and_strings(tmp_path):
    x = tf.constant([1.0, 2.0])
    want = programs.labelled(x, scale=3.0)
    loaded = roundtrip(programs.labelled, tmp_path)
    got = loaded(x, scale=3.0)
    np.testing.assert_array_equal(got[0].numpy(), want[0].numpy())
    np.testing.assert_array_equal(got[1][0].numpy(), [b"low", b"high"])
    assert got[1][1].numpy() == 3.0 and got[2] == "tag"
    with pytest.raises(ValueError):
        loaded(x)                                      # scale=2.0 was never traced
    doc, npz = read_parts(str(tmp_path / "f.gf"))
    consts = [n["attrs"]["value"] for n in doc["functions"][0]["graph"]["nodes"]
              if n["op"] == "Const" and "strings" in n["attrs"]["value"]]
    assert consts == [{"strings": {"shape": [2], "data": ["low", "high"]}}]


def test_variables_are_restored_shared_and_updated(tmp_path):
    model = programs.MLP()
    x, y = programs.regression_data()
    model.step(x, y, True)
    model.step(x, y, False)
    loaded = roundtrip(model.step, tmp_path)
    assert len(loaded.concrete_functions) == 2
    assert sorted(v.name for v in loaded.variables) == sorted(
        v.name for v in model.variables + [model.steps])
    for v in model.variables:
        match = [w for w in loaded.variables if w.shape == v.shape and
                 np.array_equal(w.numpy(), v.numpy())]
        assert match, v.name
    assert len(loaded.trainable_variables) == 4
    for _ in range(3):
        np.testing.assert_allclose(loaded(x, y, True).numpy(), model.step(x, y, True).numpy(),
                                   rtol=1e-5)
    np.testing.assert_allclose(loaded(x, y, False).numpy(), model.step(x, y, False).numpy(),
                               rtol=1e-5)
    steps = [v for v in loaded.variables if not v.trainable][0]
    assert steps.numpy() == 1 + 3 and model.steps.numpy() == 4


def test_resaving_a_loaded_function(tmp_path):
    programs.cube(tf.constant(2.0))
    again = roundtrip(roundtrip(programs.cube, tmp_path, "a.gf"), tmp_path, "b.gf")
    assert again(tf.constant(5.0)).numpy() == 125.0


def test_get_concrete_function_and_graph_exports(tmp_path):
    programs.cube(tf.constant(2.0))
    loaded = roundtrip(programs.cube, tmp_path)
    cf = loaded.get_concrete_function(tf.TensorSpec([], tf.float32))
    assert "Pow" in cf.graph.pretty() and "Pow" in cf.graph.to_dot()
    assert cf(tf.constant(2.0)).numpy() == 8.0


def test_save_refuses_what_it_cannot_write(tmp_path):
    @tf.function
    def never_called(x):
        return x
    with pytest.raises(ValueError, match="no traced graphs"):
        tf.save(never_called, str(tmp_path / "x.gf"))
    with pytest.raises(TypeError, match="graphflow.save expects"):
        tf.save(lambda x: x, str(tmp_path / "x.gf"))

    @tf.function
    def calls_python(x):
        return tf.py_function(lambda a: a * 2, [x], tf.float32)
    calls_python(tf.constant(1.0))
    with pytest.raises(ValueError, match="Cannot save calls_python"):
        tf.save(calls_python, str(tmp_path / "x.gf"))
    assert not (tmp_path / "x.gf").exists()


def test_loaded_graphs_print_exactly_like_the_originals(tmp_path):
    programs.collatz(tf.constant(3))
    model = programs.MLP()
    x, y = programs.regression_data()
    model.step(x, y, True)
    for fn in (programs.collatz, model.step):
        loaded = roundtrip(fn, tmp_path)
        originals = list({id(cf): cf for cf in fn._cache.values()}.values())
        assert [cf.graph.pretty() for cf in loaded.concrete_functions] == \
            [cf.graph.pretty() for cf in originals]


def test_loaded_functions_inside_compiled_functions_and_tapes(tmp_path):
    programs.huber(np.zeros(2, np.float32), np.zeros(2, np.float32))
    huber = roundtrip(programs.huber, tmp_path, "huber.gf")
    y_true = tf.constant([0.0, 0.0, 0.0])
    y_pred = tf.Variable([0.5, 3.0, -2.0])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(huber(y_true, y_pred))
    assert loss.numpy() == 0.125 + 2.5 + 1.5
    np.testing.assert_allclose(tape.gradient(loss, y_pred).numpy(), [0.5, 1.0, -1.0])

    model = programs.MLP()
    x, y = programs.regression_data()
    model.step(x, y, True)
    step = roundtrip(model.step, tmp_path, "mlp.gf")

    @tf.function
    def train_twice(x, y):
        step(x, y, True)
        return step(x, y, True) * 1.0
    got = train_twice(x, y)
    model.step(x, y, True)
    np.testing.assert_allclose(got.numpy(), model.step(x, y, True).numpy(), rtol=1e-5)
    assert [v.numpy() for v in step.variables if not v.trainable] == [3]


def test_attrs_of_many_ops_survive(tmp_path):
    """Slicing specs (with tensor indices), axis tuples, dtypes, bools, variable slices."""
    v = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))

    @tf.function
    def zoo(x, i):
        v[0, 1].assign(7.0)
        v[:, 2].assign([1.0, 2.0])
        v.scatter_nd_update([[1, 0]], [9.0])
        flat = tf.reshape(x, [-1])
        top, where = tf.math.top_k(flat, 2)
        doubled = tf.concat([flat, flat], 0)
        return (x[1:, ::-1][..., tf.newaxis][:, i], tf.gather(doubled, [0, 3, 5]),
                tf.one_hot([0, 2], 3), tf.reduce_sum(x, axis=(0, 1), keepdims=True),
                tf.cast(x, tf.int64), tf.matmul(x, x, transpose_b=True), tf.split(x, 2)[0],
                top, where, v.read_value(), tf.nn.softmax(x))
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    zoo(x, tf.constant(1))
    v.assign(np.zeros((2, 3), np.float32))
    loaded = roundtrip(zoo, tmp_path)
    restored = loaded.variables[0]
    np.testing.assert_array_equal(restored.numpy(), np.zeros((2, 3)))
    want, got = zoo(x, tf.constant(2)), loaded(x, tf.constant(2))
    for w, g in zip(want, got):
        assert w.dtype is g.dtype
        np.testing.assert_array_equal(w.numpy(), g.numpy())
    np.testing.assert_array_equal(restored.numpy(), v.numpy())
