"""Tagged JSON for attr values and Python structures (no pickle, no code).

Plain JSON stands for itself (null, booleans, ints, finite floats, strings); every other
value is an object with exactly one tag key:

    {"tuple": [...]}  {"list": [...]}  {"dict": [[key, value], ...]}  {"dtype": "float32"}
    {"float": "nan"|"inf"|"-inf"}  {"complex": [re, im]}  {"bytes": "<base64>"}
    {"scalar": [dtype, value]}  {"array": ref}  {"strings": {"shape": [...], "data": [...]}}
    {"graph": {...}}  {"spec": {"dtype", "shape", "name"}}  {"output": k}

Arrays go through a store with `put(array) -> ref` (and `get(ref, where)` for reading):
saved files keep them in an npz (`container.ArrayWriter`/`ArrayReader`, `ref` is the npz
key); `to_json` inlines them (`InlineArrays`, `ref` is {"dtype", "shape", "data"}).
String arrays are always inline as nested JSON lists of UTF-8 text.
"""
import base64
import math

import numpy as np

from graphflow import dtypes
from graphflow.errors import GraphFormatError
from graphflow.graph.graph import Graph
from graphflow.shapes import TensorSpec

MAX_DIM = 2 ** 40            # larger dims or element counts are "absurd sizes"
MAX_DEPTH = 64               # nesting of tagged values (and of subgraphs) in a file


class Unencodable(ValueError):
    """A value that cannot be written to a portable file (e.g. a Python function)."""


class InlineArrays:
    """Arrays written into the JSON itself (`to_json`)."""

    def put(self, array):
        return {"dtype": dtypes.from_numpy(array.dtype).name, "shape": list(array.shape),
                "data": _plain(array.tolist())}


def _plain(x):
    """`tolist()` output made JSON-safe (non-finite floats and complex numbers tagged)."""
    if isinstance(x, list):
        return [_plain(v) for v in x]
    return encode_value(x, None)


# --- encoding -------------------------------------------------------------------------------
def encode_value(v, arrays, graph_encoder=None):
    """Tagged JSON for `v`; `graph_encoder(graph)` handles Graph values."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else {"float": repr(v)}
    if isinstance(v, complex):
        return {"complex": [encode_value(v.real, arrays), encode_value(v.imag, arrays)]}
    if isinstance(v, bytes):
        return {"bytes": base64.b64encode(v).decode("ascii")}
    if isinstance(v, dtypes.DType):
        return {"dtype": v.name}
    if isinstance(v, TensorSpec):
        return {"spec": {"dtype": v.dtype.name, "shape": encode_shape(v.shape._dims),
                         "name": v.name}}
    if isinstance(v, np.ndarray):
        if v.dtype == object or v.dtype.kind in "US":
            return {"strings": {"shape": list(v.shape), "data": _encode_strings(v)}}
        return {"array": arrays.put(v)}
    if isinstance(v, np.generic):
        return {"scalar": [dtypes.from_numpy(v.dtype).name, encode_value(v.item(), arrays)]}
    if isinstance(v, OutputRef):
        return {"output": v.index}
    if isinstance(v, tuple):
        return {"tuple": [encode_value(x, arrays, graph_encoder) for x in v]}
    if isinstance(v, list):
        return {"list": [encode_value(x, arrays, graph_encoder) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[encode_value(k, arrays, graph_encoder),
                          encode_value(x, arrays, graph_encoder)] for k, x in v.items()]}
    if graph_encoder is not None and isinstance(v, Graph):
        return {"graph": graph_encoder(v)}
    raise Unencodable("a %s value (%r) cannot be saved in a portable file"
                      % (type(v).__name__, v))


def _encode_strings(arr):
    def text(s):
        if isinstance(s, bytes):
            return s.decode("utf-8", "surrogateescape")
        if isinstance(s, str):
            return s
        raise Unencodable("a string tensor holds a %s element (%r)" % (type(s).__name__, s))
    return np.vectorize(text, otypes=[object])(arr).tolist() if arr.size else \
        np.empty(arr.shape).tolist()


def encode_shape(shape):
    return None if shape is None else [None if d is None else int(d) for d in shape]


# --- decoding -------------------------------------------------------------------------------
def decode_dtype(name, where):
    if not isinstance(name, str):
        raise GraphFormatError("%s: expected a dtype name, got %s" % (where, short_repr(name)))
    try:
        return dtypes.as_dtype(name)
    except TypeError:
        raise GraphFormatError("%s: unknown dtype %s" % (where, short_repr(name))) from None


def decode_shape(value, where, partial=True):
    """A shape tuple (None dims allowed when `partial`), or None for unknown rank."""
    if value is None and partial:
        return None
    if not isinstance(value, list) or len(value) > 64:
        raise GraphFormatError("%s: expected a shape (a list of at most 64 dims), got %s"
                               % (where, short_repr(value)))
    total = 1
    for d in value:
        if d is None and partial:
            continue
        if type(d) is not int or not 0 <= d <= MAX_DIM:
            raise GraphFormatError("%s: bad dimension %s in shape %s (dims are ints in "
                                   "[0, 2**40])" % (where, short_repr(d), short_repr(value)))
        total *= d
        if total > MAX_DIM:
            raise GraphFormatError("%s: absurd size: shape %r has more than 2**40 elements"
                                   % (where, value))
    return tuple(value)


def decode_value(v, arrays, where, graph_decoder=None, depth=0):
    """Inverse of `encode_value`; any malformed input raises GraphFormatError."""
    if depth > MAX_DEPTH:
        raise GraphFormatError("%s: values nested more than %d deep" % (where, MAX_DEPTH))
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, list):
        raise GraphFormatError("%s: bare JSON lists are not used; expected a tagged value, "
                               "got %s" % (where, short_repr(v)))
    if not isinstance(v, dict) or len(v) != 1:
        raise GraphFormatError("%s: expected a value or a one-key tagged object, got %s"
                               % (where, short_repr(v)))
    (tag, body), = v.items()
    decoder = _DECODERS.get(tag)
    if decoder is None or (tag == "graph" and graph_decoder is None):
        raise GraphFormatError("%s: unknown value tag %s" % (where, short_repr(tag)))
    return decoder(body, arrays, "%s.%s" % (where, tag), graph_decoder, depth + 1)


def _seq(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, list):
        raise GraphFormatError("%s: expected a list, got %s" % (where, short_repr(body)))
    return [decode_value(x, arrays, "%s[%d]" % (where, i), graph_decoder, depth)
            for i, x in enumerate(body)]


def _dict(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, list) or not all(isinstance(p, list) and len(p) == 2
                                             for p in body):
        raise GraphFormatError("%s: expected a list of [key, value] pairs" % where)
    out = {}
    for i, (k, x) in enumerate(body):
        key = decode_value(k, arrays, "%s[%d].key" % (where, i), None, depth)
        try:
            hash(key)
        except TypeError:
            raise GraphFormatError("%s[%d]: unhashable dict key" % (where, i)) from None
        out[key] = decode_value(x, arrays, "%s[%d]" % (where, i), graph_decoder, depth)
    return out


def _float(body, arrays, where, graph_decoder, depth):
    if body not in ("nan", "inf", "-inf"):
        raise GraphFormatError("%s: expected 'nan', 'inf' or '-inf', got %s"
                               % (where, short_repr(body)))
    return float(body)


def _number(x, where):
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        if isinstance(x, dict) and set(x) == {"float"}:
            return _float(x["float"], None, where, None, 0)
        raise GraphFormatError("%s: expected a number, got %s" % (where, short_repr(x)))
    return x


def _complex(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, list) or len(body) != 2:
        raise GraphFormatError("%s: expected [real, imag]" % where)
    return complex(_number(body[0], where), _number(body[1], where))


def _bytes(body, arrays, where, graph_decoder, depth):
    try:
        return base64.b64decode(body.encode("ascii"), validate=True)
    except (AttributeError, ValueError):
        raise GraphFormatError("%s: expected base64 text" % where) from None


def _scalar(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, list) or len(body) != 2:
        raise GraphFormatError("%s: expected [dtype, value]" % where)
    dtype = decode_dtype(body[0], where)
    value = decode_value(body[1], arrays, where, None, depth)
    if dtype._np is None or dtype is dtypes.string or not isinstance(
            value, (bool, int, float, complex)):
        raise GraphFormatError("%s: bad %s scalar %s" % (where, dtype.name, short_repr(value)))
    try:
        return np.array(value, dtype=dtype._np)[()]
    except (OverflowError, ValueError, TypeError) as e:
        raise GraphFormatError("%s: bad %s scalar: %s" % (where, dtype.name, e)) from None


def _array(body, arrays, where, graph_decoder, depth):
    if arrays is None:
        raise GraphFormatError("%s: arrays are not allowed here" % where)
    return arrays.get(body, where)


def _strings(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, dict) or set(body) != {"shape", "data"}:
        raise GraphFormatError("%s: expected {shape, data}" % where)
    shape = decode_shape(body["shape"], where, partial=False)
    flat = []
    _flatten_strings(body["data"], shape, flat, where)
    arr = np.empty(len(flat), dtype=object)
    for i, s in enumerate(flat):
        arr[i] = s.encode("utf-8", "surrogateescape")
    return arr.reshape(shape)


def _flatten_strings(data, shape, out, where):
    if not shape:
        if not isinstance(data, str):
            raise GraphFormatError("%s: expected a string, got %s" % (where, short_repr(data)))
        out.append(data)
        return
    if not isinstance(data, list) or len(data) != shape[0]:
        raise GraphFormatError("%s: string data does not match its shape %s"
                               % (where, list(shape)))
    for x in data:
        _flatten_strings(x, shape[1:], out, where)


def _spec(body, arrays, where, graph_decoder, depth):
    if not isinstance(body, dict) or set(body) != {"dtype", "shape", "name"}:
        raise GraphFormatError("%s: a TensorSpec needs dtype, shape and name" % where)
    if body["name"] is not None and not isinstance(body["name"], str):
        raise GraphFormatError("%s: a TensorSpec name must be a string or null" % where)
    dtype = decode_dtype(body["dtype"], where)
    if dtype._np is None:
        raise GraphFormatError("%s: a TensorSpec cannot have dtype %s" % (where, dtype.name))
    return TensorSpec(decode_shape(body["shape"], where), dtype, body["name"])


def _graph(body, arrays, where, graph_decoder, depth):
    return graph_decoder(body, where, depth)


def _output(body, arrays, where, graph_decoder, depth):
    if type(body) is not int or body < 0:
        raise GraphFormatError("%s: expected an output index, got %s" % (where, short_repr(body)))
    return OutputRef(body)


class OutputRef:
    """Marks the k-th graph output inside a saved output structure."""

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


_DECODERS = {
    "tuple": lambda *a: tuple(_seq(*a)), "list": _seq, "dict": _dict, "float": _float,
    "complex": _complex, "bytes": _bytes, "scalar": _scalar, "array": _array,
    "strings": _strings, "spec": _spec, "graph": _graph, "output": _output,
    "dtype": lambda body, arrays, where, g, d: decode_dtype(body, where),
}


def short_repr(v):
    """A value's repr cut to a readable length for error messages."""
    r = repr(v)
    return r if len(r) <= 60 else r[:57] + "..."
