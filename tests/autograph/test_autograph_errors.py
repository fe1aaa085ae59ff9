"""AutoGraph's errors name the variable and the user's file and line."""
import inspect
import re
import warnings

import pytest

import graphflow as tf
from graphflow import errors

FILE = __file__


def _line_of(fn, text):
    lines, first = inspect.getsourcelines(fn)
    for k, line in enumerate(lines):
        if text in line:
            return first + k
    raise AssertionError(text)


def _assert_location(message, fn, text):
    assert 'File "%s", line %d' % (FILE, _line_of(fn, text)) in message, message


def _compile_error(error, fn, arg):
    """The message of the `error` raised by calling tf.function(fn) on tf.constant(arg)."""
    with pytest.raises(error) as info:
        tf.function(fn)(tf.constant(arg))
    return str(info.value)


def defined_in_one_branch(x):
    if x > 0:
        y = x * 2
    return y


def test_variable_defined_in_one_branch():
    message = _compile_error(ValueError, defined_in_one_branch, 1)
    assert "'y' must also be initialized in the else branch" in message
    _assert_location(message, defined_in_one_branch, "if x > 0")


def temp_in_one_branch_is_fine(x):
    if x > 0:
        t = x * 2
        x = t + 1
    return x


def test_branch_local_variable_not_used_after_is_fine():
    assert int(tf.function(temp_in_one_branch_is_fine)(tf.constant(1))) == 3
    assert int(tf.function(temp_in_one_branch_is_fine)(tf.constant(-1))) == -1


def dtype_changes(n):
    x = 0
    for i in tf.range(n):
        x = tf.cast(i, tf.float32)
    return x


def test_loop_variable_changing_dtype():
    message = _compile_error(TypeError, dtype_changes, 3)
    assert "'x' has dtype int32 before the loop, but dtype float32 after one iteration" \
        in message
    _assert_location(message, dtype_changes, "for i in tf.range(n)")


def shape_changes(n):
    v = tf.zeros([1])
    for i in tf.range(n):
        v = tf.concat([v, [1.0]], 0)
    return v


def test_loop_variable_changing_shape():
    message = _compile_error(ValueError, shape_changes, 3)
    assert re.search(r"'v' has shape \(1,\) before the loop, but shape \(2,\) after one "
                     r"iteration", message), message
    assert "shape_invariants" in message
    _assert_location(message, shape_changes, "for i in tf.range(n)")


def shape_changes_allowed(n):
    v = tf.zeros([1])
    for i in tf.range(n):
        tf.autograph.experimental.set_loop_options(shape_invariants=[(v, tf.TensorShape([None]))])
        v = tf.concat([v, [1.0]], 0)
    return v


def test_shape_invariants_allow_shape_change():
    out = tf.function(shape_changes_allowed)(tf.constant(3))
    assert out.numpy().tolist() == [0.0, 1.0, 1.0, 1.0]
    assert shape_changes_allowed(tf.constant(3)).numpy().tolist() == [0.0, 1.0, 1.0, 1.0]


def undefined_before_loop(n):
    i = 0
    while i < n:
        y = i * 2
        i += 1
    return y


def test_loop_variable_undefined_before_loop():
    message = _compile_error(ValueError, undefined_before_loop, 3)
    assert "'y' must be defined before the loop" in message
    _assert_location(message, undefined_before_loop, "while i < n")


def bad_op_in_loop(n):
    x = tf.zeros([2])
    for i in tf.range(n):
        x = x + tf.zeros([3])
    return x


def test_op_error_in_converted_code_names_user_line():
    _assert_location(_compile_error(Exception, bad_op_in_loop, 3), bad_op_in_loop, "x = x + tf.zeros([3])")


def failing_assert(x):
    assert x > 0, "x must be positive"
    return x


def test_assert_runs_on_every_call():
    f = tf.function(failing_assert)
    assert int(f(tf.constant(2))) == 2
    with pytest.raises(errors.InvalidArgumentError, match="x must be positive"):
        f(tf.constant(-2))
    assert f.experimental_get_tracing_count() == 1


def branches_with_different_dtypes(x):
    if x > 0:
        y = tf.constant(1)
    else:
        y = tf.constant(1.0)
    return y


def test_branches_with_different_dtypes_name_the_variable():
    with pytest.raises(TypeError, match="'y' has dtype int32 in the if branch, but dtype "
                                        "float32 in the else branch"):
        tf.function(branches_with_different_dtypes)(tf.constant(1))


def test_function_without_source_is_traced_unconverted_with_warning():
    namespace = {"tf": tf}
    exec("def no_source(x):\n    return x * 2\n", namespace)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert int(tf.function(namespace["no_source"])(tf.constant(4))) == 8
    assert any("AutoGraph could not transform" in str(w.message) for w in caught)


def test_tensor_condition_in_unconverted_code_is_refused():
    @tf.autograph.experimental.do_not_convert
    def plain(x):
        if x > 0:
            return x
        return -x

    def caller(x):
        return plain(x)
    with pytest.raises(errors.OperatorNotAllowedInGraphError):
        tf.function(caller)(tf.constant(1))


def defined_in_python_branch(x, flag):
    if flag:
        y = x
    return y + 1


def test_variable_unset_by_a_python_branch_fails_as_in_python():
    with pytest.raises(UnboundLocalError, match="'y'"):
        defined_in_python_branch(tf.constant(1), False)
    with pytest.raises(UnboundLocalError, match="'y' referenced before assignment"):
        tf.function(defined_in_python_branch)(tf.constant(1), False)
    assert int(tf.function(defined_in_python_branch)(tf.constant(1), True)) == 2


def returns_unset_variable(x, flag):
    if flag:
        y = x
    return y


def returns_unset_in_tuple(x, flag):
    if flag:
        y = x
    return x, y


def returns_unset_after_early_return(x, flag):
    if flag:
        y = x
    if x > 100:
        return x
    return y


@pytest.mark.parametrize("fn", [returns_unset_variable, returns_unset_in_tuple,
                                returns_unset_after_early_return])
def test_returning_a_variable_a_python_branch_skipped_raises(fn):
    with pytest.raises(UnboundLocalError, match="'y'"):
        fn(tf.constant(1), False)
    with pytest.raises(UnboundLocalError, match="'y' referenced before assignment"):
        tf.function(fn)(tf.constant(1), False)
    with pytest.raises(UnboundLocalError, match="'y' referenced before assignment"):
        tf.autograph.to_graph(fn)(tf.constant(1), False)
    assert int(tf.nest.flatten(tf.function(fn)(tf.constant(1), True))[-1]) == 1


def returns_none_inside_tensor_loop(n):
    for i in tf.range(n):
        if i > 1:
            return None
    return None


def test_return_of_none_inside_tensor_loop_names_the_return_value():
    message = _compile_error(ValueError, returns_none_inside_tensor_loop, 3)
    assert "'return value' is None" in message and "retval_" not in message
    _assert_location(message, returns_none_inside_tensor_loop, "if i > 1")
