"""Side-effecting debug ops: print, Assert and the assert_* family, check_numerics,
py_function. All are stateful, so they run on every call of a compiled function, in
program order, and passes never fold or drop them."""
import sys

import numpy as np

from graphflow import dtypes, errors
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.eager.tensor import EagerTensor
from graphflow.ops import rules
from graphflow.ops.convert import convert_to_tensor, is_tensor_like
from graphflow.ops.print_format import (
    format_array, fill_pieces, lone_scalar_string, structure_pieces, summarize_flat)
from graphflow.ops.registry import register, DTypeError


# ---- print -----------------------------------------------------------------------------------
def _tensor_indexer(tensors):
    """A `tensor_index` callback collecting tensors (and numpy arrays) into `tensors`."""
    def index(value):
        if is_tensor_like(value) or isinstance(value, np.ndarray):
            tensors.append(convert_to_tensor(value))
            return len(tensors) - 1
        return None
    return index


def _print_kernel(*arrays, template, output_stream, sep, end, summarize):
    line = lone_scalar_string(template, arrays)
    if line is None:
        line = sep.join(fill_pieces(pieces, arrays, summarize) for pieces in template)
    line += end
    _stream(output_stream).write(line)
    return ()


def _stream(spec):
    if spec == "stderr":
        return sys.stderr
    if spec == "stdout":
        return sys.stdout
    if isinstance(spec, str):
        return _FileAppender(spec[len("file://"):])
    return spec


class _FileAppender:
    __slots__ = ("path",)

    def __init__(self, path):
        self.path = path

    def write(self, text):
        with open(self.path, "a") as f:
            f.write(text)


PRINT = register("PrintV2", ("inputs*",), lambda ins, attrs: [], _print_kernel,
                 attrs={"template": (), "output_stream": "stderr", "sep": " ", "end": "\n",
                        "summarize": 3}, stateful=True)


def print(*inputs, **kwargs):  # noqa: A001 - TF's name
    """Print `inputs` when the op runs (eagerly now; in a compiled function on every call).

    Keywords as `tf.print`: output_stream (sys.stderr, sys.stdout, a "file://path"
    string or any object with `write`), sep, end, summarize (entries shown at each end
    of every dimension: 3 when None, all when -1), name.
    """
    output_stream = kwargs.pop("output_stream", sys.stderr)
    sep = kwargs.pop("sep", " ")
    end = kwargs.pop("end", "\n")
    summarize = kwargs.pop("summarize", 3)
    kwargs.pop("name", None)
    if kwargs:
        raise ValueError("Unrecognized keyword arguments for graphflow.print: %s"
                         % sorted(kwargs))
    if output_stream is sys.stderr or output_stream is sys.__stderr__:
        output_stream = "stderr"
    elif output_stream is sys.stdout or output_stream is sys.__stdout__:
        output_stream = "stdout"
    elif isinstance(output_stream, str) and not output_stream.startswith("file://"):
        raise ValueError("Unsupported output stream %r: use sys.stderr, sys.stdout, a "
                         "'file://' path or a writable object" % output_stream)
    elif not isinstance(output_stream, str) and not hasattr(output_stream, "write"):
        raise ValueError("output_stream must have a write() method, got %r" % (output_stream,))
    tensors = []
    index = _tensor_indexer(tensors)
    template = tuple(tuple(structure_pieces(v, index)) for v in inputs)
    apply(PRINT, tensors, {"template": template, "output_stream": output_stream, "sep": sep,
                           "end": end, "summarize": 3 if summarize is None else int(summarize)})


# ---- Assert --------------------------------------------------------------------------------
def _assert_infer(ins, attrs):
    c = ins[0]
    if c.dtype is not dtypes.bool:
        raise DTypeError("Assert: condition must be bool, got %s" % c.dtype.name)
    return []


def _assert_kernel(condition, *data, template, summarize):
    if np.all(condition):
        return ()
    raise errors.InvalidArgumentError(None, None, "assertion failed: " + " ".join(
        "[%s]" % fill_pieces(pieces, data, summarize, summarize_flat) for pieces in template))


ASSERT = register("Assert", ("condition", "data*"), _assert_infer, _assert_kernel,
                  attrs={"template": (), "summarize": 3}, stateful=True)


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Raise InvalidArgumentError listing `data` when `condition` (a bool scalar) is false."""
    tensors = []
    index = _tensor_indexer(tensors)
    template = tuple(tuple(structure_pieces(d, index)) for d in data)
    apply(ASSERT, [convert_to_tensor(condition)] + tensors,
          {"template": template, "summarize": 3 if summarize is None else summarize})


def _binary_assert(symbol, compare, x, y, message, summarize, x_text="x", y_text="y"):
    """Shared body of assert_equal/less/greater: static failure raises now, else an op."""
    from graphflow.ops.math_ops import binary_args
    from graphflow.ops.reduction_ops import reduce_all
    x, y = binary_args(x, y)
    condition = reduce_all(compare(x, y))
    static = rules.static_value(condition)
    summarize = 3 if summarize is None else summarize
    if static is not None and not bool(static):
        xv, yv = rules.static_value(x), rules.static_value(y)
        if xv is not None and yv is not None:
            raise errors.InvalidArgumentError(None, None, _eager_message(
                symbol, np.asarray(rules.static_value(compare(x, y))), xv, yv, message,
                summarize, x_text, y_text))
    if static is not None and bool(static):
        return None
    data = ([message] if message else []) + [
        "Condition %s %s %s did not hold element-wise:" % (x_text, symbol, y_text),
        "x (shape=%s dtype=%s) = " % (x.shape, x.dtype.name), x,
        "y (shape=%s dtype=%s) = " % (y.shape, y.dtype.name), y]
    if y_text != "y":
        data = data[:-2]
    Assert(condition, data, summarize)
    return None


def _eager_message(symbol, ok, xv, yv, message, summarize, x_text, y_text):
    xv, yv = np.asarray(xv), np.asarray(yv)
    xb, yb = np.broadcast_arrays(xv, yv)
    bad = np.argwhere(~np.broadcast_to(ok, xb.shape))[:summarize]
    lines = [message] if message else []
    lines += ["Condition %s %s %s did not hold." % (x_text, symbol, y_text),
              "Indices of first %d different values:" % len(bad), format_array(bad, -1),
              "Corresponding x values:", format_array(xb[tuple(bad.T)], -1)]
    if y_text == "y":
        lines += ["Corresponding y values:", format_array(yb[tuple(bad.T)], -1)]
    lines += ["First %d elements of x:" % summarize,
              format_array(xv.reshape(-1)[:summarize], -1)]
    if y_text == "y":
        lines += ["First %d elements of y:" % summarize,
                  format_array(yv.reshape(-1)[:summarize], -1)]
    return "\n".join(lines)


def assert_equal(x, y, message=None, summarize=None, name=None):
    from graphflow.ops.math_ops import equal
    return _binary_assert("==", equal, x, y, message, summarize)


def assert_less(x, y, message=None, summarize=None, name=None):
    from graphflow.ops.math_ops import less
    return _binary_assert("<", less, x, y, message, summarize)


def assert_greater(x, y, message=None, summarize=None, name=None):
    from graphflow.ops.math_ops import greater
    return _binary_assert(">", greater, x, y, message, summarize)


def assert_non_negative(x, message=None, summarize=None, name=None):
    from graphflow.ops.math_ops import greater_equal
    x = convert_to_tensor(x)
    return _binary_assert(">=", greater_equal, x, 0, message, summarize, y_text="0")


# ---- CheckNumerics ---------------------------------------------------------------------------
_FLOATS = (dtypes.float16, dtypes.float32, dtypes.float64)


def _check_numerics_infer(ins, attrs):
    if ins[0].dtype not in _FLOATS:
        rules.check_dtype("CheckNumerics", ins[0].dtype, _FLOATS)
    return rules.passthrough(ins, attrs)


def _check_numerics_kernel(x, message):
    if not np.all(np.isfinite(x)):
        kinds = " and ".join(k for k, f in (("NaN", np.isnan), ("Inf", np.isinf))
                             if np.any(f(x)))
        raise errors.InvalidArgumentError(None, None, "%s : Tensor had %s values"
                                          % (message, kinds))
    return x


CHECK_NUMERICS = register(
    "CheckNumerics", ("tensor",), _check_numerics_infer, _check_numerics_kernel,
    attrs={"message": ""}, stateful=True,
    grad=lambda op, dy: [check_numerics(
        dy, "Not a number (NaN) or infinity (Inf) values detected in gradient. %s"
        % op.attrs["message"])])


def check_numerics(tensor, message, name=None):
    """`tensor` unchanged, after raising InvalidArgumentError if it holds NaN or Inf."""
    return apply(CHECK_NUMERICS, [convert_to_tensor(tensor)], {"message": str(message)})


# ---- py_function -----------------------------------------------------------------------------
def _eager(array):
    array = np.asarray(array)
    return EagerTensor(array, dtypes.from_numpy(array.dtype))


def _call(func, args, single, count):
    """`func(*args)` as a list of `count` results."""
    result = func(*args)
    if single:
        result = [result]
    elif result is None:
        result = []
    elif not isinstance(result, (list, tuple)):
        result = [result]
    if len(result) != count:
        raise errors.InvalidArgumentError(
            None, None, "py_function: func returned %d values, Tout lists %d"
            % (len(result), count))
    return result


def _py_function_kernel(*arrays, func, Tout, single):
    with context.eager_mode():
        result = _call(func, [_eager(a) for a in arrays], single, len(Tout))
        out = tuple(_as_array(r, t) for r, t in zip(result, Tout))
    return out[0] if len(out) == 1 else out


def _as_array(value, dtype):
    t = convert_to_tensor(value, dtype_hint=dtype)
    if t.dtype is not dtype:
        raise errors.InvalidArgumentError(
            None, None, "py_function: expected a %s result, got %s" % (dtype.name, t.dtype.name))
    return np.asarray(t._value)


def _py_function_grad(op, *dys):
    """Gradients by re-running `func` under a tape at run time (inputs that are floats)."""
    from graphflow.ops.array_ops import zeros_like
    ins = op.inputs
    wrt = tuple(i for i, t in enumerate(ins) if t.dtype.is_floating or t.dtype.is_complex)
    grads = [None] * len(ins)
    if not wrt or not op.outputs:
        return grads
    dys = [d if d is not None else zeros_like(o) for d, o in zip(dys, op.outputs)]
    out = apply(PY_FUNCTION_GRAD, list(ins) + dys, dict(op.attrs, wrt=wrt))
    for i, g in zip(wrt, out if isinstance(out, tuple) else (out,)):
        grads[i] = g
    return grads


def _py_function_grad_kernel(*arrays, func, Tout, single, wrt):
    from graphflow.autodiff.tape import GradientTape
    n = len(arrays) - len(Tout)
    with context.eager_mode():
        args = [_eager(a) for a in arrays[:n]]
        with GradientTape() as tape:
            for i in wrt:
                tape.watch(args[i])
            result = [convert_to_tensor(r) for r in _call(func, args, single, len(Tout))]
        grads = tape.gradient(result, [args[i] for i in wrt],
                              output_gradients=[_eager(a) for a in arrays[n:]])
    out = tuple(np.zeros_like(args[i]._value) if g is None else np.asarray(g._value)
                for i, g in zip(wrt, grads))
    return out[0] if len(out) == 1 else out


PY_FUNCTION = register(
    "EagerPyFunc", ("input*",),
    lambda ins, attrs: [(t, None) for t in attrs["Tout"]], _py_function_kernel,
    attrs={"func": None, "Tout": (), "single": False}, stateful=True, grad=_py_function_grad)
PY_FUNCTION_GRAD = register(
    "EagerPyFuncGrad", ("input*",),
    lambda ins, attrs: [(ins[i].dtype, ins[i]._shape) for i in attrs["wrt"]],
    _py_function_grad_kernel, attrs={"func": None, "Tout": (), "single": False, "wrt": ()},
    stateful=True)


def py_function(func, inp=None, Tout=None, name=None):  # noqa: N803 - TF's argument name
    """Run Python `func` on eager tensors at run time (also inside compiled functions).

    `Tout` is one dtype (one tensor returned), a list of dtypes (a list returned), or
    None when `func` returns nothing (None returned).
    """
    if inp is None:
        inp = []
    if Tout is None:
        py_function(func, inp, [], name)
        return None
    single = not isinstance(Tout, (list, tuple))
    touts = (Tout,) if single else tuple(Tout)
    touts = tuple(dtypes.as_dtype(t) for t in touts)
    out = apply(PY_FUNCTION, [convert_to_tensor(x) for x in inp],
                {"func": func, "Tout": touts, "single": single})
    if single:
        return out
    if not touts:
        return []
    return list(out) if isinstance(out, tuple) else [out]
