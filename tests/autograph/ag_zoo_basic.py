"""The first half of the AutoGraph zoo's programs (plain user-style functions)."""
import numpy as np  # noqa: F401

import graphflow as tf  # noqa: F401
import ag_helper_module  # noqa: F401


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
