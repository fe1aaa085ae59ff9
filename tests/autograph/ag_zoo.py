"""Control-flow programs run both as plain Python (on eager tensors) and compiled."""
import numpy as np

import graphflow as tf
import ag_helper_module


def collatz_steps(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


def binary_search(sorted_values, target):
    lo = 0
    hi = tf.size(sorted_values) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        v = sorted_values[mid]
        if v == target:
            return mid
        elif v < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def newton_sqrt(x):
    guess = x / 2.0
    while tf.abs(guess * guess - x) > 1e-4:
        guess = (guess + x / guess) / 2.0
    return guess


def sum_squares(n):
    s = 0
    for i in tf.range(n):
        s += i ** 2
    return s


def sum_squares_builtin_range(n):
    s = 0
    for i in range(n):
        s += i * i
    return s


def fizzbuzz_counts(n):
    fizz = 0
    buzz = 0
    fizzbuzz = 0
    for i in tf.range(1, n + 1):
        if i % 15 == 0:
            fizzbuzz += 1
        elif i % 3 == 0:
            fizz += 1
        elif i % 5 == 0:
            buzz += 1
    return fizz, buzz, fizzbuzz


def nested_loops(n):
    total = 0
    for i in tf.range(n):
        for j in tf.range(i):
            total += i * j
    return total


def nested_break_continue(n):
    total = 0
    for i in tf.range(n):
        if i % 2 == 1:
            continue
        for j in tf.range(n):
            if j > i:
                break
            total += j
    return total


def while_break(n):
    i = 0
    while True:
        i += 1
        if i * i > n:
            break
    return i


def while_continue(n):
    i = 0
    odd_sum = 0
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        odd_sum += i
    return odd_sum


def return_from_while(n):
    i = 0
    while i < n:
        if i * i >= 50:
            return i
        i += 1
    return -1


def return_from_for(x):
    for i in tf.range(tf.size(x)):
        if x[i] < 0:
            return i
    return -1


def early_return(x):
    if x < 0:
        return -x
    return x * 2


def early_return_nested(x):
    if x > 100:
        return 100
    if x > 10:
        if x % 2 == 0:
            return 10
        return 11
    return x


def return_in_one_branch_only(x):
    y = x + 1
    if y > 5:
        return y * 10
    y = y * 2
    return y


def piecewise(x):
    if x < -1.0:
        y = -1.0
    elif x < 1.0:
        y = x
    else:
        y = 1.0
    return y


def piecewise_vector(x):
    total = 0.0
    for v in x:
        if v < 0.0:
            total += -v
        else:
            total += v * v
    return total


def ternary(x):
    return x * 2 if x > 0 else x - 1


def ternary_nested(x):
    return 1 if x > 10 else (2 if x > 5 else 3)


def logical_ops(x, y):
    if x > 0 and y > 0:
        r = 1
    elif x > 0 or y > 0:
        r = 2
    elif not x < -5:
        r = 3
    else:
        r = 4
    return r


def lazy_and_guard(x, i):
    # `x[i]` only valid when i is in range: must not be evaluated otherwise.
    n = tf.size(x)
    return tf.logical_and(i < n, True) if i < 0 else (i < n and x[tf.minimum(i, n - 1)] > 0)


def chained_compare(x):
    r = 0
    if 0 < x < 10:
        r = 1
    return r


def loop_over_tensor_rows(m):
    acc = tf.zeros([3])
    for row in m:
        acc = acc + row
    return acc


def loop_over_vector(x):
    s = 0.0
    p = 1.0
    for v in x:
        s += v
        p *= v
    return s, p


def python_unrolled_loop(x):
    for k in [1, 2, 3]:
        x = x * k
    return x


def python_range_unrolled(x):
    for k in range(4):
        x = x + k
    return x


def python_unrolled_with_tensor_if(x):
    for k in range(3):
        if x > 5:
            x = x - k
        else:
            x = x + 2 * k
    return x


def python_loop_break_on_tensor(x):
    total = 0
    for k in [1, 2, 3, 4, 5]:
        if total + k > x:
            break
        total += k
    return total


def tensor_array_squares(n):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    for i in tf.range(n):
        ta = ta.write(i, i * i)
    return ta.stack()


def tensor_array_while(n):
    ta = tf.TensorArray(tf.float32, size=n)
    i = 0
    while i < n:
        ta = ta.write(i, tf.cast(i, tf.float32) / 2.0)
        i += 1
    return ta.stack()


def tensor_array_read_back(x):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, clear_after_read=False)
    ta = ta.unstack(x)
    total = 0.0
    for i in tf.range(ta.size()):
        total += ta.read(i) * tf.cast(i, tf.float32)
    return total


def list_append_stack(n):
    values = []
    for i in tf.range(n):
        values.append(i * 3)
    return tf.stack(values)


def list_append_python_loop(x):
    values = []
    for k in range(3):
        values.append(x * k)
    return tf.stack(values)


def cumulative_list(x):
    out = []
    s = 0.0
    for v in x:
        s += v
        out.append(s)
    return tf.stack(out)


def cond_returns_tuple(x):
    if x > 0:
        a, b = x, x * 2
    else:
        a, b = -x, x * 3
    return a + b, a - b


def cond_dict(x):
    d = {"a": x, "b": x + 1}
    if x > 3:
        d = {"a": x * 10, "b": x - 1}
    return d["a"] + d["b"]


def loop_assigning_many(n):
    a = 0
    b = 1
    i = 0
    while i < n:
        a, b = b, a + b
        i += 1
    return a


def fibonacci_for(n):
    a = 0
    b = 1
    for _ in tf.range(n):
        a, b = b, a + b
    return a


def prime_count(n):
    count = 0
    for k in tf.range(2, n):
        is_prime = True
        d = 2
        while d * d <= k:
            if k % d == 0:
                is_prime = False
                break
            d += 1
        if is_prime:
            count += 1
    return count


def digit_sum(n):
    s = 0
    while n > 0:
        s += n % 10
        n //= 10
    return s


def reverse_number(n):
    r = 0
    while n > 0:
        r = r * 10 + n % 10
        n = n // 10
    return r


def power_iterative(base, exp):
    result = 1
    while exp > 0:
        if exp % 2 == 1:
            result *= base
        base *= base
        exp //= 2
    return result


def count_bits(n):
    c = 0
    while n != 0:
        c += n % 2
        n //= 2
    return c


def max_element(x):
    best = x[0]
    for v in x:
        if v > best:
            best = v
    return best


def argmax_loop(x):
    best = x[0]
    idx = 0
    for i in tf.range(tf.size(x)):
        if x[i] > best:
            best = x[i]
            idx = i
    return idx


def count_positive(x):
    c = 0
    for v in x:
        if v > 0:
            c += 1
    return c


def bubble_pass_count(x):
    swaps = 0
    n = tf.size(x)
    for i in tf.range(n - 1):
        if x[i] > x[i + 1]:
            swaps += 1
    return swaps


def triangle_while_nested(n):
    total = 0
    i = 0
    while i < n:
        j = 0
        while j <= i:
            total += 1
            j += 1
        i += 1
    return total


def early_exit_search(x, target):
    found = False
    for v in x:
        if v == target:
            found = True
            break
    return found


def loop_with_vector_state(n):
    v = tf.zeros([2])
    for i in tf.range(n):
        v = v + tf.cast(tf.stack([i, 2 * i]), tf.float32)
    return v


def geometric_until(limit):
    x = 1.0
    steps = 0
    while x < limit:
        x *= 1.5
        steps += 1
    return steps, x


def halving_steps(x):
    steps = 0
    while x > 1.0:
        x = x / 2.0
        steps += 1
    return steps


def abs_diff_sum(x, y):
    s = 0.0
    for i in tf.range(tf.size(x)):
        d = x[i] - y[i]
        s += d if d > 0 else -d
    return s


def clamp_loop(x):
    out = []
    for v in x:
        out.append(tf.minimum(tf.maximum(v, -1.0), 1.0))
    return tf.stack(out)


def call_user_function(x):
    return helper_square_plus(x) + helper_square_plus(x + 1)


def helper_square_plus(x):
    if x > 0:
        return x * x
    return x


def call_other_module(x):
    return ag_helper_module.clipped_double(x) + ag_helper_module.count_down(x)


def call_lambda(x):
    f = lambda v: v * 3 if v > 0 else v  # noqa: E731
    return f(x)


def call_nested_function(x):
    def inner(v):
        if v > 2:
            return v - 2
        return v + 2
    return inner(x) + inner(x * 2)


def closure_function(x):
    scale = 3

    def scaled(v):
        total = 0
        for _ in tf.range(v):
            total += scale
        return total
    return scaled(x)


class Accumulator:
    def __init__(self, step):
        self.step = step

    def run(self, n):
        total = 0
        for i in tf.range(n):
            if i % 2 == 0:
                total += self.step
        return total


def call_method(n):
    return Accumulator(2).run(n)


def print_in_loop(n):
    s = 0
    for i in tf.range(n):
        s += i
    print("sum is", s)
    return s


def assert_positive(x):
    assert x > 0, "x must be positive"
    return x + 1


def while_tensor_bound_python_init(n):
    i = 0
    acc = 1.0
    while i < n:
        acc = acc * 2.0
        i = i + 1
    return acc


def sum_until_negative(x):
    s = 0.0
    i = 0
    n = tf.size(x)
    while i < n and x[tf.minimum(i, n - 1)] >= 0:
        s += x[i]
        i += 1
    return s


def if_without_else(x):
    y = x
    if x > 3:
        y = y * 100
    return y


def if_python_condition(x, flag):
    if flag:
        x = x + 1
    else:
        x = x - 1
    return x


def nested_ifs(x, y):
    if x > 0:
        if y > 0:
            q = 1
        else:
            q = 4
    else:
        if y > 0:
            q = 2
        else:
            q = 3
    return q


def for_over_range_step(n):
    s = 0
    for i in tf.range(0, n, 3):
        s += i
    return s


def count_down_range(n):
    s = 0
    for i in tf.range(n, 0, -1):
        s = s * 2 + i
    return s


def float_range_loop(x):
    s = 0.0
    for t in tf.range(0.0, x, 0.5):
        s += t
    return s


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
