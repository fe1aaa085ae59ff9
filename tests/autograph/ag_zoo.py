"""Control-flow programs run both as plain Python (on eager tensors) and compiled."""
import numpy as np

import graphflow as tf
import ag_helper_module
from ag_zoo_basic import *  # noqa: F401,F403 - programs listed in PROGRAMS below
from ag_zoo_more import *  # noqa: F401,F403


def i32(v):
    return np.int32(v)


def f32(v):
    return np.float32(v)


PROGRAMS = [
    (collatz_steps, [i32(27)]), (collatz_steps, [i32(1)]), (gcd, [i32(1071), i32(462)]),
    (gcd, [i32(17), i32(5)]),
    (binary_search, [np.arange(0, 40, 3, dtype=np.int32), i32(21)]),
    (binary_search, [np.arange(0, 40, 3, dtype=np.int32), i32(22)]),
    (newton_sqrt, [f32(10.0)]), (newton_sqrt, [f32(2.0)]),
    (sum_squares, [i32(10)]), (sum_squares, [i32(0)]), (sum_squares_builtin_range, [i32(7)]),
    (fizzbuzz_counts, [i32(31)]), (nested_loops, [i32(6)]), (nested_break_continue, [i32(7)]),
    (while_break, [i32(50)]), (while_continue, [i32(11)]),
    (return_from_while, [i32(20)]), (return_from_while, [i32(5)]),
    (return_from_for, [np.array([3, 1, -2, 5], np.float32)]),
    (return_from_for, [np.array([3, 1, 2], np.float32)]),
    (early_return, [i32(-3)]), (early_return, [i32(4)]),
    (early_return_nested, [i32(200)]), (early_return_nested, [i32(12)]),
    (early_return_nested, [i32(13)]), (early_return_nested, [i32(3)]),
    (return_in_one_branch_only, [i32(2)]), (return_in_one_branch_only, [i32(9)]),
    (piecewise, [f32(-3.0)]), (piecewise, [f32(0.25)]), (piecewise, [f32(7.0)]),
    (piecewise_vector, [np.array([-1.0, 2.0, -3.0, 0.5], np.float32)]),
    (ternary, [i32(5)]), (ternary, [i32(-5)]), (ternary_nested, [i32(7)]),
    (logical_ops, [i32(1), i32(2)]), (logical_ops, [i32(1), i32(-2)]),
    (logical_ops, [i32(-1), i32(-2)]), (logical_ops, [i32(-9), i32(-2)]),
    (lazy_and_guard, [np.array([1.0, -2.0], np.float32), i32(5)]),
    (lazy_and_guard, [np.array([1.0, -2.0], np.float32), i32(0)]),
    (chained_compare, [i32(5)]), (chained_compare, [i32(15)]),
    (loop_over_tensor_rows, [np.arange(12, dtype=np.float32).reshape(4, 3)]),
    (loop_over_vector, [np.array([1.0, 2.0, 3.0, 4.0], np.float32)]),
    (python_unrolled_loop, [f32(1.5)]), (python_range_unrolled, [i32(3)]),
    (python_unrolled_with_tensor_if, [i32(4)]),
    (python_loop_break_on_tensor, [i32(7)]), (python_loop_break_on_tensor, [i32(100)]),
    (tensor_array_squares, [i32(6)]), (tensor_array_while, [i32(5)]),
    (tensor_array_read_back, [np.array([1.0, 2.0, 3.0], np.float32)]),
    (list_append_stack, [i32(5)]), (list_append_python_loop, [f32(2.0)]),
    (cumulative_list, [np.array([1.0, 2.0, 3.0], np.float32)]),
    (cond_returns_tuple, [i32(3)]), (cond_returns_tuple, [i32(-3)]),
    (cond_dict, [i32(2)]), (cond_dict, [i32(5)]),
    (loop_assigning_many, [i32(10)]), (fibonacci_for, [i32(12)]), (prime_count, [i32(30)]),
    (digit_sum, [i32(98765)]), (reverse_number, [i32(1234)]),
    (power_iterative, [i32(3), i32(7)]), (count_bits, [i32(255)]),
    (max_element, [np.array([3.0, 9.0, 2.0], np.float32)]),
    (argmax_loop, [np.array([3.0, 9.0, 2.0, 11.0, 1.0], np.float32)]),
    (count_positive, [np.array([1, -1, 2, 0, 5], np.int32)]),
    (bubble_pass_count, [np.array([5, 3, 4, 1, 2], np.int32)]),
    (triangle_while_nested, [i32(6)]),
    (early_exit_search, [np.array([4, 8, 15, 16], np.int32), i32(15)]),
    (early_exit_search, [np.array([4, 8, 15, 16], np.int32), i32(7)]),
    (loop_with_vector_state, [i32(4)]), (geometric_until, [f32(20.0)]),
    (halving_steps, [f32(100.0)]),
    (abs_diff_sum, [np.array([1.0, 5.0, 2.0], np.float32),
                    np.array([3.0, 1.0, 2.5], np.float32)]),
    (clamp_loop, [np.array([-3.0, 0.5, 2.0], np.float32)]),
    (call_user_function, [i32(3)]), (call_user_function, [i32(-3)]),
    (call_other_module, [i32(4)]), (call_other_module, [i32(7)]),
    (call_lambda, [i32(4)]), (call_lambda, [i32(-4)]),
    (call_nested_function, [i32(1)]), (call_nested_function, [i32(5)]),
    (closure_function, [i32(4)]), (call_method, [i32(7)]),
    (print_in_loop, [i32(4)]), (assert_positive, [i32(3)]),
    (while_tensor_bound_python_init, [i32(5)]),
    (sum_until_negative, [np.array([1.0, 2.0, -1.0, 5.0], np.float32)]),
    (sum_until_negative, [np.array([1.0, 2.0], np.float32)]),
    (if_without_else, [i32(2)]), (if_without_else, [i32(5)]),
    (if_python_condition, [i32(2), True]), (if_python_condition, [i32(2), False]),
    (nested_ifs, [i32(1), i32(1)]), (nested_ifs, [i32(1), i32(-1)]),
    (nested_ifs, [i32(-1), i32(1)]), (nested_ifs, [i32(-1), i32(-1)]),
    (for_over_range_step, [i32(10)]), (count_down_range, [i32(5)]),
    (float_range_loop, [f32(3.0)]),
]


def enumerate_tensor(x):
    s = 0.0
    for i, v in enumerate(x):
        s += tf.cast(i, tf.float32) * v
    return s


def zip_tensors(x, y):
    s = 0.0
    for a, b in zip(x, y):
        s += a * b
    return s


def tensor_range_builtin_two_args(n):
    s = 0
    for i in range(2, n):
        s += i
    return s


PROGRAMS += [
    (enumerate_tensor, [np.array([1.0, 2.0, 3.0], np.float32)]),
    (zip_tensors, [np.array([1.0, 2.0, 3.0], np.float32), np.array([4.0, 5.0], np.float32)]),
    (tensor_range_builtin_two_args, [i32(6)]),
]


def return_from_nested_loops(n):
    for i in tf.range(n):
        for j in tf.range(n):
            if i * j == 6:
                return i * 10 + j
    return -1


def dict_state_in_loop(n):
    acc = {"sum": 0, "count": 0}
    for i in tf.range(n):
        acc = {"sum": acc["sum"] + i, "count": acc["count"] + 1}
    return acc["sum"] * 100 + acc["count"]


def tuple_state_in_while(n):
    pair = (0, 1)
    while pair[0] < n:
        pair = (pair[0] + 1, pair[1] * 2)
    return pair


def temp_inside_loop(x):
    s = 0.0
    for v in x:
        t = v * 2.0
        u = t + 1.0
        s += u
    return s


def tensor_array_in_branch(x):
    ta = tf.TensorArray(tf.float32, size=2)
    if x > 0:
        ta = ta.write(0, x)
    else:
        ta = ta.write(0, -x)
    ta = ta.write(1, x * 3.0)
    return ta.stack()


def docstring_and_nested_def(x):
    """A docstring stays first."""
    def step(v):
        return v + 1 if v < 5 else v * 2
    y = x
    for _ in tf.range(3):
        y = step(y)
    return y


def while_true_with_return(x):
    while True:
        x = x + 3
        if x > 20:
            return x


def python_while_tensor_body(x):
    k = 0
    while k < 3:
        if x > 0:
            x = x - 5
        k += 1
    return x


PROGRAMS += [
    (return_from_nested_loops, [i32(5)]), (return_from_nested_loops, [i32(2)]),
    (dict_state_in_loop, [i32(5)]), (tuple_state_in_while, [i32(6)]),
    (temp_inside_loop, [np.array([1.0, 2.0], np.float32)]),
    (tensor_array_in_branch, [f32(2.0)]), (tensor_array_in_branch, [f32(-2.0)]),
    (docstring_and_nested_def, [i32(2)]), (while_true_with_return, [i32(1)]),
    (python_while_tensor_body, [i32(7)]),
]


def python_loop_target_used_after(x):
    for k in range(3):
        x = x + k
    return x * k


PROGRAMS += [(python_loop_target_used_after, [i32(1)])]


def for_else_search(x, target):
    found = -1
    for v in x:
        if v == target:
            found = 1
            break
    else:
        found = 0
    return found


def while_else_no_break(n):
    i = 0
    while i < n:
        i += 2
    else:
        i = i * 10
    return i


PROGRAMS += [
    (for_else_search, [np.array([4, 8, 15], np.int32), i32(8)]),
    (for_else_search, [np.array([4, 8, 15], np.int32), i32(9)]),
    (while_else_no_break, [i32(5)]),
]


def filter_positive(x):
    out = []
    for v in x:
        if v > 0:
            out.append(v * 10.0)
    return tf.stack(out)


def print_every_iteration(n):
    total = 0
    for i in tf.range(n):
        print("step", i)
        total += i
    return total


PROGRAMS += [
    (filter_positive, [np.array([1.0, -2.0, 3.0, -4.0, 5.0], np.float32)]),
    (print_every_iteration, [i32(3)]),
]
