"""Lambdas are found in their source by position and code, so several on one line (or one
spanning lines) convert without falling back."""
import warnings

import pytest

import graphflow as tf


def _unary(fn, x):
    return fn(x)


# Several lambdas with the same arguments, and identical texts, on each line.
SAME_LINE = {
    "and": lambda a, b: a & b if a > 0 else b, "or": lambda a, b: a | b if a > 0 else a,
    "twin_a": lambda a, b: a ^ b if a > 0 else a, "twin_b": lambda a, b: a ^ b if a > 0 else a,
}
MULTI_LINE = {
    "chain": lambda x: tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    .unstack(x).stack() * 2, "plain": lambda x: x,
}


def _converted_quietly(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return tf.autograph.to_code(fn)


@pytest.mark.parametrize("key,op", [("and", "&"), ("or", "|"), ("twin_a", "^"),
                                    ("twin_b", "^")])
def test_lambdas_on_one_line_convert_without_warning(key, op):
    code = _converted_quietly(SAME_LINE[key])
    assert "a %s b" % op in code and "if_exp" in code
    a, b = tf.constant(6), tf.constant(3)
    compiled = tf.function(SAME_LINE[key])
    assert int(compiled(a, b)) == int(SAME_LINE[key](a, b))
    assert int(compiled(-a, b)) == int(SAME_LINE[key](-a, b))


def test_lambda_continuing_on_the_next_line_is_read_whole():
    code = _converted_quietly(MULTI_LINE["chain"])
    assert ".unstack" in code and ".stack" in code and "* 2" in code
    x = tf.constant([1, 2, 3])
    assert tf.function(MULTI_LINE["chain"])(x).numpy().tolist() == [2, 4, 6]
    assert "x" in _converted_quietly(MULTI_LINE["plain"])


def test_lambda_passed_inline_beside_another():
    pair = [_unary(lambda v: v + 1 if v > 0 else v, 1),
            tf.function(lambda v: v * 10 if v > 0 else -v)]
    assert pair[0] == 2
    assert int(pair[1](tf.constant(2))) == 20 and int(pair[1](tf.constant(-2))) == 2


def test_code_comparison_fallback_tells_lambdas_apart():
    """Without source positions (Python < 3.11), candidates are told apart by their code."""
    import gast
    from graphflow.autograph.pyct.parser import _same_code
    add_one, double = (lambda x: x + 1), (lambda x: x * 2)
    minus_one = (lambda x: x - 1)
    tree = gast.parse("(lambda x: x + 1, lambda x: x * 2)")
    first, second = tree.body[0].value.elts
    assert not _same_code(first, minus_one.__code__)
    assert _same_code(first, add_one.__code__) and not _same_code(first, double.__code__)
    assert _same_code(second, double.__code__) and not _same_code(second, add_one.__code__)
