"""Command-line argument specs: `float32[3,None]`, `int32[]`, or a Python literal
(`5`, `[1, 2]`, `'text'`), optionally named: `x=float32[2]`."""
import ast
import re

from graphflow import dtypes
from graphflow.shapes import TensorSpec

_TENSOR = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\[(.*)\]\s*$", re.S)
_NAMED = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)(.*)$", re.S)
EXAMPLES = "float32[3,None], int32[] or a Python literal such as 5 or [1, 2]"


class UsageError(Exception):
    """Bad command-line input: reported in one line, exit status 2."""


def split_name(text):
    """(name, rest) for `name=rest`, else (None, text)."""
    m = _NAMED.match(text)
    return (m.group(1), m.group(2)) if m else (None, text)


def parse_spec(text):
    """A TensorSpec for `dtype[dims]`, else the Python literal `text` denotes."""
    m = _TENSOR.match(text)
    if m:
        return TensorSpec(_dims(m.group(2), text), _dtype(m.group(1), text))
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise UsageError("bad argument spec %r: expected %s" % (text, EXAMPLES)) from None


def parse_literal(text):
    """A Python literal (used for `run --input` values)."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise UsageError("bad value %r: expected a Python literal such as 5, 2.5 or "
                         "[[1, 2], [3, 4]]" % text) from None


def _dtype(name, text):
    try:
        dtype = dtypes.as_dtype(name)
    except TypeError:
        raise UsageError("bad argument spec %r: unknown dtype %r (expected e.g. %s)"
                         % (text, name, EXAMPLES)) from None
    if dtype.as_numpy_dtype is None:
        raise UsageError("bad argument spec %r: %s tensors cannot be passed as arguments"
                         % (text, name))
    return dtype


def _dims(body, text):
    body = body.strip()
    if not body:
        return []
    dims = []
    for part in body.split(","):
        part = part.strip()
        if part in ("None", "?"):
            dims.append(None)
        elif part.isdigit():
            dims.append(int(part))
        else:
            raise UsageError("bad argument spec %r: dimension %r is not a non-negative "
                             "integer or None" % (text, part))
    return dims


def parse_args(specs):
    """(positional values, keyword values) from a list of `--arg` strings."""
    args, kwargs = [], {}
    for text in specs or ():
        name, rest = split_name(text)
        value = parse_spec(rest)
        if name is None:
            if kwargs:
                raise UsageError("positional --arg %r follows a named one" % text)
            args.append(value)
        elif name in kwargs:
            raise UsageError("argument %r given twice" % name)
        else:
            kwargs[name] = value
    return args, kwargs
