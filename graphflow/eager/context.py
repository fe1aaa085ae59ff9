"""Execution mode and the single entry point that runs or records an op: `apply`."""
import threading

import numpy as np

from graphflow import errors
from graphflow.ops.registry import ShapeError, DTypeError

EMPTY = {}


class _State(threading.local):
    def __init__(self):
        self.builder = None      # the GraphBuilder being traced into, or None (eager)
        self.tapes = []          # active GradientTapes (eager or tracing)
        self.run_eagerly = None  # thread override of config.run_functions_eagerly


_state = _State()
state = _state
debug_checks = False  # set by tests: verify kernel results against the op's rule


def executing_eagerly():
    """True outside of tracing, as `tf.executing_eagerly()`."""
    return _state.builder is None


def current_builder():
    return _state.builder


class building:
    """Context manager that makes `builder` the graph ops are recorded into."""

    __slots__ = ("builder", "_prev")

    def __init__(self, builder):
        self.builder = builder

    def __enter__(self):
        self._prev = _state.builder
        _state.builder = self.builder
        return self.builder

    def __exit__(self, *exc):
        _state.builder = self._prev


class eager_mode(building):
    """Run ops eagerly inside a trace (used for init_scope-like work)."""

    def __init__(self):
        super().__init__(None)


def init_scope():
    """As `tf.init_scope`: lift code out of the function being traced."""
    return eager_mode()


def apply(op, inputs, attrs=EMPTY):
    """Run `op` on tensors `inputs`: eagerly (infer, then kernel) or by adding a graph node.

    Returns one tensor for a single-output op, else a tuple.
    """
    state = _state
    builder = state.builder
    if builder is not None:
        return builder.add_op(op, inputs, attrs)
    values = []
    for t in inputs:
        if type(t) is not EagerTensor:
            _not_eager(op, t)
        values.append(t._value)
    try:
        specs = op.infer(inputs, attrs)
    except (ShapeError, DTypeError) as e:
        raise errors.InvalidArgumentError(None, None, "%s [Op:%s]" % (e, op.name)) from None
    try:
        result = op.kernel(*values, **attrs)
    except errors.OpError:
        raise
    except (FloatingPointError, ValueError, IndexError, TypeError, ZeroDivisionError) as e:
        raise errors.InvalidArgumentError(None, None, "%s [Op:%s]" % (e, op.name)) from e
    if len(specs) == 1:
        if debug_checks:
            _check_result(op, result, specs[0])
        out = EagerTensor(result, specs[0][0])
        outs = (out,)
    else:
        if debug_checks:
            for r, s in zip(result, specs):
                _check_result(op, r, s)
        outs = tuple(EagerTensor(r, s[0]) for r, s in zip(result, specs))
        out = outs
    if state.tapes:
        for tape in state.tapes:
            tape._record(op, inputs, attrs, outs)
    return out


def _not_eager(op, t):
    if hasattr(t, "node"):
        raise TypeError(
            "%s received a symbolic tensor %r outside of the function that created it. "
            "Tensors from a graph cannot be used eagerly; return them from the function "
            "instead." % (op.name, t))
    raise TypeError("%s expected tensors as inputs, got %r" % (op.name, t))


def _check_result(op, value, spec):
    dtype, shape = spec
    value = np.asarray(value) if dtype._np is not None else value
    if dtype._np is None:
        return
    if np.dtype(value.dtype) != np.dtype(dtype._np) and not (dtype.name == "string"):
        raise errors.InternalError(None, None, "%s kernel returned dtype %s, rule said %s"
                                   % (op.name, value.dtype, dtype.name))
    if shape is not None and (len(shape) != value.ndim or any(
            d is not None and d != v for d, v in zip(shape, value.shape))):
        raise errors.InternalError(None, None, "%s kernel returned shape %s, rule said %s"
                                   % (op.name, value.shape, shape))


from graphflow.eager.tensor import EagerTensor  # noqa: E402
