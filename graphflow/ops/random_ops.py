"""Seeded random ops with TF 2's seed semantics (`random.set_seed`, op-level `seed`).

Seeds: with neither a global nor an op seed, a fresh random stream is used. With a
global seed and no op seed, the op seed comes from a counter (eager: a stream of
numbers restarted by `set_seed`; while tracing: the number of nodes already in the
graph, like TF's `graph._last_id`). An op seed without a global seed uses TF's
default global seed.

State: every random node names its own stream in its attrs (`seed`, `seed2` and a
unique `stream` key, all plain values so graphs stay portable); the kernel draws
from the numpy Generator registered under that key, created from the seeds on first
use. So each call of a compiled function draws new numbers. Eagerly, ops with the
same seeds share one stream until `set_seed` resets them, as TF's kernel cache does.
Random ops are stateful, so passes never fold or merge them.

Other ops needing randomness (dropout) merge `stream_attrs(seed)` into their attrs
when created and call `generator(seed, seed2, stream)` in their kernel.
"""
import functools
import itertools
import random as _pyrandom
import uuid

import numpy as np

from graphflow import dtypes
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.array_ops import shape_arg, static_shape
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, DTypeError

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1


class _SeedState:
    """Process-wide seed settings, as TF's global seed."""

    def __init__(self):
        self.global_seed = None
        self.op_seeds = None      # random.Random drawing eager op seeds after set_seed
        self.generators = {}      # stream key -> numpy Generator


_state = _SeedState()
_PROCESS = uuid.uuid4().hex[:8]
_node_streams = itertools.count()


def set_seed(seed):
    """Set the global seed: op seeds and eager random sequences restart from it."""
    _state.global_seed = None if seed is None else int(seed)
    _state.op_seeds = None if seed is None else _pyrandom.Random(int(seed))
    for key in [k for k in _state.generators if k.startswith("eager:")]:
        del _state.generators[key]


def get_seed(op_seed):
    """The (seed, seed2) pair an op uses, as TF's `random_seed.get_seed`."""
    global_seed = _state.global_seed
    builder = context.current_builder()
    if global_seed is not None:
        if op_seed is None:
            if builder is None:
                op_seed = _state.op_seeds.randint(0, _MAXINT32)
            else:
                op_seed = len(builder.graph.nodes)
        seeds = (global_seed % _MAXINT32, int(op_seed) % _MAXINT32)
    elif op_seed is not None:
        seeds = (DEFAULT_GRAPH_SEED, int(op_seed) % _MAXINT32)
    else:
        return None, None
    if seeds == (0, 0):
        return 0, _MAXINT32
    return seeds


def stream_attrs(op_seed=None):
    """Attrs naming the random stream of an op being created now.

    Graph nodes get a stream of their own; eager ops with equal seeds share one.
    """
    seed, seed2 = get_seed(op_seed)
    if context.state.builder is None:
        key = _eager_stream(seed, seed2)
    else:
        key = "node:%s:%d" % (_PROCESS, next(_node_streams))
    return {"seed": seed, "seed2": seed2, "stream": key}


@functools.lru_cache(maxsize=256)
def _eager_stream(seed, seed2):
    """The stream key eager ops with seeds (seed, seed2) share."""
    return "eager:%s:%s" % (seed, seed2)


def generator(seed, seed2, stream):
    """The numpy Generator for stream key `stream`, seeded from (seed, seed2) on first use."""
    gen = _state.generators.get(stream)
    if gen is None:
        gen = np.random.default_rng(None if seed is None else [seed, seed2])
        _state.generators[stream] = gen
    return gen


_STREAM_ATTRS = {"seed": None, "seed2": None, "stream": ""}
_FLOAT = (dtypes.float16, dtypes.float32, dtypes.float64)
_FLOAT_NAMES = frozenset(d.name for d in _FLOAT)  # a set test without DType.__eq__


def _random_infer(ins, attrs):
    s = ins[0]
    if not s.dtype.is_integer:
        raise DTypeError("random shape must be an int32 or int64 tensor, got %s"
                         % s.dtype.name)
    if attrs["dtype"].name not in _FLOAT_NAMES:
        rules.check_dtype("random op", attrs["dtype"], _FLOAT)
    return [(attrs["dtype"], static_shape(s))]


def _truncated(gen, size):
    """Standard normal samples redrawn until they fall within two standard deviations."""
    out = gen.standard_normal(size)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = gen.standard_normal(int(bad.sum()))
        bad = np.abs(out) > 2
    return out


def _register(name, draw):
    def kernel(shape, dtype, seed, seed2, stream):
        size = tuple(shape.tolist())
        return np.asarray(draw(generator(seed, seed2, stream), size), dtype=dtype._np)
    return register(name, ("shape",), _random_infer, kernel,
                    attrs=dict(_STREAM_ATTRS, dtype=dtypes.float32), stateful=True)


RANDOM_UNIFORM = _register("RandomUniform", lambda gen, size: gen.random(size))
RANDOM_NORMAL = _register("RandomStandardNormal",
                          lambda gen, size: gen.standard_normal(size))
TRUNCATED_NORMAL = _register("TruncatedNormal", _truncated)


def _uniform_int_infer(ins, attrs):
    s, lo, hi = ins
    dt = rules.same_dtypes("RandomUniformInt", [lo, hi])
    if dt not in (dtypes.int32, dtypes.int64):
        rules.check_dtype("RandomUniformInt", dt, (dtypes.int32, dtypes.int64))
    return [(dt, static_shape(s))]


def _uniform_int_kernel(shape, minval, maxval, seed, seed2, stream):
    if not minval < maxval:
        from graphflow import errors
        raise errors.InvalidArgumentError(None, None, "Need minval < maxval: %d >= %d"
                                          % (minval, maxval))
    size = tuple(shape.tolist())
    return generator(seed, seed2, stream).integers(minval, maxval, size,
                                                   dtype=np.asarray(minval).dtype)


RANDOM_UNIFORM_INT = register("RandomUniformInt", ("shape", "minval", "maxval"),
                              _uniform_int_infer, _uniform_int_kernel,
                              attrs=_STREAM_ATTRS, stateful=True)


def _draw(op, shape, dtype, seed):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Invalid dtype %s for %s: expected float16, float32 or float64"
                        % (dtype.name, op.name))
    attrs = stream_attrs(seed)
    attrs["dtype"] = dtype
    return apply(op, [shape_arg(shape)], attrs)


def _scale_shift(rnd, scale, shift):
    """`rnd * scale + shift`, skipping the ops for the Python defaults 1 and 0 (same values)."""
    dtype = rnd.dtype
    if not _is_python_number(scale, 1):
        rnd = rnd * convert_to_tensor(scale, dtype=dtype)
    if not _is_python_number(shift, 0):
        rnd = rnd + convert_to_tensor(shift, dtype=dtype)
    return rnd


def _is_python_number(value, number):
    return type(value) in (int, float) and value == number


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform values in [minval, maxval) (maxval defaults to 1 for floats)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        if maxval is None:
            raise ValueError("Must specify maxval for integer dtype %r" % dtype)
        lo = convert_to_tensor(minval, dtype=dtype)
        hi = convert_to_tensor(maxval, dtype=dtype)
        return apply(RANDOM_UNIFORM_INT, [shape_arg(shape), lo, hi], stream_attrs(seed))
    if maxval is None:
        maxval = 1
    if _is_python_number(minval, 0):
        scale = maxval
    else:
        scale = convert_to_tensor(maxval, dtype=dtype) - convert_to_tensor(minval, dtype=dtype)
    return _scale_shift(_draw(RANDOM_UNIFORM, shape, dtype, seed), scale, minval)


def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normally distributed values."""
    return _scale_shift(_draw(RANDOM_NORMAL, shape, dtype, seed), stddev, mean)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values, redrawn when more than two standard deviations from the mean."""
    return _scale_shift(_draw(TRUNCATED_NORMAL, shape, dtype, seed), stddev, mean)
