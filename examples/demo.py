"""graphflow's demo: compile a function, show its graph, run it, time it."""
import timeit

import graphflow as tf


@tf.function
def cube(x):
    return x ** 3


@tf.function
def sum_squares(n):
    s = tf.constant(0)
    for i in tf.range(n):
        s += i * i
    return s


def main():
    x = tf.constant(2.0)
    print("cube(2.0) =", cube(x))
    concrete = cube.get_concrete_function(x)
    print(concrete.pretty_printed_signature())
    print(concrete.graph.pretty())
    n = tf.constant(1000)
    print("sum_squares(1000) =", sum_squares(n))
    print(sum_squares.get_concrete_function(n).graph.pretty())
    per_call = min(timeit.repeat(lambda: cube(x), number=2000, repeat=3)) / 2000
    print("compiled cube call: %.1f us" % (per_call * 1e6))


if __name__ == "__main__":
    main()
