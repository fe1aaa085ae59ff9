"""graphflow.print: tf.print's text format, streams, and printing on every compiled call."""
import sys

import numpy as np
import pytest

import graphflow as tf
from graphflow.ops.print_format import format_array


@pytest.mark.parametrize("value, text", [
    (np.array([1.5, 2, -0.25], np.float32), "[1.5 2 -0.25]"),
    (np.array([[1, 2], [3, 4]], np.int32), "[[1 2]\n [3 4]]"),
    (np.arange(10), "[0 1 2 ... 7 8 9]"),
    (np.arange(8).reshape(2, 2, 2), "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"),
    (np.float32(1 / 3), "0.333333343"),
    (np.float32(0.1), "0.1"),
    (np.float64(0.5), "0.5"),
    (np.array([1e-7, 1e8, np.inf, -np.inf, np.nan], np.float32), "[1e-07 1e+08 inf -inf nan]"),
    (np.array([True, False]), "[1 0]"),
    (np.array([], np.float32), "[]"),
    (np.int64(-3), "-3"),
])
def test_format_array(value, text):
    assert format_array(value) == text


def test_summarize_rows_and_all():
    m = np.arange(49).reshape(7, 7)
    assert format_array(m, 1) == "[[0 ... 6]\n ...\n [42 ... 48]]"
    assert format_array(np.arange(10), -1) == "[0 1 2 3 4 5 6 7 8 9]"
    assert format_array(np.arange(10), 2) == "[0 1 ... 8 9]"


def test_print_eager_to_stderr(capsys):
    tf.print(tf.constant([1.5, 2., -0.25]), "text", 7, tf.constant("raw string"))
    tf.print(tf.constant([[1, 2], [3, 4]]))
    tf.print({2: tf.range(10) * 2}, [1, "a", tf.constant(2.5)])
    tf.print(tf.constant(["a", "b"]))
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("[1.5 2 -0.25] text 7 \"raw string\"\n"
                            "[[1 2]\n [3 4]]\n"
                            "{2: [0 2 4 ... 14 16 18]} [1, 'a', 2.5]\n"
                            '["a" "b"]\n')


def test_print_options(capsys, tmp_path):
    tf.print(tf.range(2), tf.range(2) * 2, output_stream=sys.stdout, sep=",", end="!\n")
    tf.print(tf.range(100), summarize=-1)
    tf.print(tf.range(7), summarize=None)
    tf.print(tf.range(20), summarize=1)
    path = tmp_path / "log.txt"
    tf.print("to file", tf.constant(3), output_stream="file://%s" % path)
    captured = capsys.readouterr()
    assert captured.out == "[0 1],[0 2]!\n"
    assert captured.err == "[%s]\n[0 1 2 ... 4 5 6]\n[0 ... 19]\n" % " ".join(
        str(i) for i in range(100))
    assert path.read_text() == "to file 3\n"
    with pytest.raises(ValueError, match="Unrecognized"):
        tf.print(1, color="red")


def test_print_in_compiled_function_runs_every_call_in_order(capsys, executor):
    v = tf.Variable(1)

    @tf.function
    def f(x):
        tf.print("start", x)
        v.assign_add(x)
        tf.print("v is", v)
        return x * 2
    for i in range(3):
        f(tf.constant(i + 1))
    assert capsys.readouterr().err == (
        "start 1\nv is 2\nstart 2\nv is 4\nstart 3\nv is 7\n")
    assert f.experimental_get_tracing_count() == 1


def test_print_variables_and_python_values(capsys):
    class Thing:
        def __str__(self):
            return "str-form"

        def __repr__(self):
            return "repr-form"
    tf.print(tf.Variable([1., 2.]), 3.5, None, (tf.constant(1),), Thing(), [Thing(), "s"])
    assert capsys.readouterr().err == "[1 2] 3.5 None (1,) str-form [repr-form, 's']\n"


def test_print_without_outputs_is_kept_by_passes(capfd):
    @tf.function
    def f():
        tf.print("only side effect")
    f()
    f()
    assert capfd.readouterr().err == "only side effect\nonly side effect\n"
