"""The second part of the AutoGraph zoo's programs."""
import numpy as np  # noqa: F401

import graphflow as tf  # noqa: F401
import ag_helper_module  # noqa: F401


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
