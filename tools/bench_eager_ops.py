"""Eager per-op overhead: graphflow call time minus the same numpy call, in microseconds.

Usage: python tools/bench_eager_ops.py [--repeats N] [--filter TEXT]

Each row times one eager graphflow call and the numpy call that does the same work
(best of N repeats of a timeit loop), on small arrays so the difference is the
Python-level cost of the wrapper, argument conversion, `apply`, the shape rule and
the EagerTensor. The goal (issue #2) is an overhead of at most ~3 us per op.
"""
import argparse
import os
import sys
import timeit

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import graphflow as tf  # noqa: E402


def cases():
    """(name, graphflow callable, numpy callable) rows."""
    a = np.arange(12, dtype=np.float32).reshape(3, 4)
    b = np.ones((3, 4), np.float32)
    m = np.ones((4, 4), np.float32)
    c = np.array([True, False, True, False])
    idx = np.array([0, 2], np.int32)
    x, y, mm = tf.constant(a), tf.constant(b), tf.constant(m)
    cond = tf.constant(np.broadcast_to(c, (3, 4)).copy())
    col = tf.constant(a[:, :1])
    ind = tf.constant(idx)
    rng = np.random.default_rng(0)
    return [
        ("add", lambda: x + y, lambda: a + b),
        ("matmul", lambda: tf.matmul(mm, mm), lambda: m @ m),
        ("reduce_sum", lambda: tf.reduce_sum(x), lambda: np.sum(a)),
        ("x[1:, 2]", lambda: x[1:, 2], lambda: a[1:, 2]),
        ("x[0]", lambda: x[0], lambda: a[0]),
        ("x[..., None]", lambda: x[..., None], lambda: a[..., None]),
        ("reshape", lambda: tf.reshape(x, [4, 3]), lambda: np.reshape(a, [4, 3])),
        ("reshape -1", lambda: tf.reshape(x, [-1]), lambda: np.reshape(a, [-1])),
        ("transpose", lambda: tf.transpose(x), lambda: np.transpose(a)),
        ("transpose perm", lambda: tf.transpose(x, [1, 0]), lambda: np.transpose(a, [1, 0])),
        ("expand_dims", lambda: tf.expand_dims(x, 1), lambda: np.expand_dims(a, 1)),
        ("squeeze", lambda: tf.squeeze(col), lambda: np.squeeze(a[:, :1])),
        ("squeeze axis", lambda: tf.squeeze(col, axis=1), lambda: np.squeeze(a[:, :1], 1)),
        ("concat", lambda: tf.concat([x, y], 0), lambda: np.concatenate([a, b], 0)),
        ("stack", lambda: tf.stack([x, y]), lambda: np.stack([a, b])),
        ("gather", lambda: tf.gather(x, ind), lambda: np.take(a, idx, axis=0)),
        ("gather list", lambda: tf.gather(x, [0, 2]), lambda: np.take(a, [0, 2], axis=0)),
        ("zeros", lambda: tf.zeros([3, 4]), lambda: np.zeros((3, 4), np.float32)),
        ("ones", lambda: tf.ones([3, 4]), lambda: np.ones((3, 4), np.float32)),
        ("fill", lambda: tf.fill([3, 4], 2.0), lambda: np.full((3, 4), 2.0, np.float32)),
        ("zeros_like", lambda: tf.zeros_like(x), lambda: np.zeros_like(a)),
        ("cast", lambda: tf.cast(x, tf.int32), lambda: a.astype(np.int32)),
        ("where", lambda: tf.where(cond, x, y), lambda: np.where(cond._value, a, b)),
        ("shape", lambda: tf.shape(x), lambda: np.array(a.shape, np.int32)),
        ("size", lambda: tf.size(x), lambda: np.array(a.size, np.int32)),
        ("broadcast_to", lambda: tf.broadcast_to(col, [3, 4]),
         lambda: np.broadcast_to(a[:, :1], [3, 4])),
        ("tile", lambda: tf.tile(x, [2, 1]), lambda: np.tile(a, [2, 1])),
        ("split", lambda: tf.split(x, 2, axis=1), lambda: np.split(a, 2, axis=1)),
        ("unstack", lambda: tf.unstack(x), lambda: list(a)),
        ("gather_nd", lambda: tf.gather_nd(x, [[0, 1], [2, 3]]),
         lambda: a[tuple(np.array([[0, 1], [2, 3]]).T)]),
        ("one_hot", lambda: tf.one_hot(ind, 4), lambda: np.eye(4, dtype=np.float32)[idx]),
        ("range", lambda: tf.range(10), lambda: np.arange(10, dtype=np.int32)),
        ("rank", lambda: tf.rank(x), lambda: np.array(a.ndim, np.int32)),
        ("constant list", lambda: tf.constant([1.0, 2.0]),
         lambda: np.array([1.0, 2.0], np.float32)),
        ("random.normal", lambda: tf.random.normal([3, 4]),
         lambda: rng.standard_normal((3, 4)).astype(np.float32)),
        ("random.uniform", lambda: tf.random.uniform([3, 4]),
         lambda: rng.random((3, 4)).astype(np.float32)),
    ]


def best_us(fn, repeats, number):
    return min(timeit.repeat(fn, number=number, repeat=repeats)) / number * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--number", type=int, default=2000)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    print("%-16s %10s %10s %10s" % ("op", "graphflow", "numpy", "overhead"))
    for name, gf_fn, np_fn in cases():
        if args.filter not in name:
            continue
        gf_fn(), np_fn()
        g = best_us(gf_fn, args.repeats, args.number)
        n = best_us(np_fn, args.repeats, args.number)
        print("%-16s %8.2fus %8.2fus %+8.2fus" % (name, g, n, g - n))


if __name__ == "__main__":
    main()
