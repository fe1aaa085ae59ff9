"""`graphflow.print` writes what `tf.print` writes, eagerly and inside compiled functions."""
import sys

import pytest

import graphflow as tf

# (arguments builder, keyword arguments, TF 2's output)
CASES = [
    (lambda: [tf.constant([1, 2, 3])], {}, "[1 2 3]\n"),
    (lambda: ["x:", tf.constant([[1.5, 2.], [3., 4.]])], {}, "x: [[1.5 2]\n [3 4]]\n"),
    (lambda: [tf.range(20)], {}, "[0 1 2 ... 17 18 19]\n"),
    (lambda: [tf.range(2000)], {"summarize": 3}, "[0 1 2 ... 1997 1998 1999]\n"),
    (lambda: [tf.constant(1.0), tf.constant(True), tf.constant("s"), 7, [1, tf.constant(2)],
              {"a": tf.constant(1)}], {}, "1 1 \"s\" 7 [1, 2] {'a': 1}\n"),
    (lambda: ["a", "b"], {"sep": "-", "end": "!\n"}, "a-b!\n"),
    (lambda: [tf.constant([0.1, 1e-8, 123456.7])], {}, "[0.1 1e-08 123456.703]\n"),
    (lambda: [tf.constant(3.14159265, tf.float64)], {}, "3.14159265\n"),
    (lambda: [tf.constant(["a", "b c"])], {}, "[\"a\" \"b c\"]\n"),
    (lambda: [tf.constant([["a"], ["b"]])], {}, "[[\"a\"]\n [\"b\"]]\n"),
    (lambda: [tf.constant('q"uote')], {}, "q\"uote\n"),
    (lambda: [tf.constant("")], {}, "\n"),
    (lambda: [tf.zeros([0])], {}, "[]\n"),
    (lambda: [tf.zeros([0, 2])], {}, "[]\n"),
    (lambda: [tf.constant([True, False])], {}, "[1 0]\n"),
]


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("build,kwargs,expected", CASES, ids=[c[2] for c in CASES])
def test_print_writes_tf_text(build, kwargs, expected, compiled, capsys):
    def run():
        tf.print(*build(), output_stream=sys.stdout, **kwargs)
    if compiled:
        tf.function(run, autograph=False)()
    else:
        run()
    assert capsys.readouterr().out == expected

