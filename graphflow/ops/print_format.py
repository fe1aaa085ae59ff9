"""Text of values as `tf.print` writes them: `[1.5 2 -0.25]`, `[[1 2]\\n [3 4]]`, `...`.

Numbers use C++ stream-style short forms (float32 with 6 significant digits, or 9
when 6 do not round-trip; float64 with 15 or 17), bools print as 1/0, strings in
tensors are quoted (tf.print writes a lone scalar string tensor raw). Each dimension
longer than 2 * summarize shows its first and last `summarize` entries around `...`.
"""
import numpy as np


def format_number(value):
    """One element in tf.print's form."""
    if isinstance(value, (bytes, str)):
        return '"%s"' % _text(value)
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    if isinstance(value, (np.floating, float)):
        return _float_text(value)
    if isinstance(value, (np.complexfloating, complex)):
        return "(%s,%s)" % (_float_text(value.real), _float_text(value.imag))
    return str(value)


def _float_text(value):
    if np.isnan(value):
        return "-nan" if np.signbit(value) else "nan"
    if np.isinf(value):
        return "-inf" if value < 0 else "inf"
    if isinstance(value, (np.float16, np.float32)):
        short = "%.6g" % value
        return short if np.float32(short) == value else "%.9g" % value
    short = "%.15g" % value
    return short if float(short) == float(value) else "%.17g" % value


def lone_scalar_string(template, arrays):
    """The text of a print whose only input is a scalar string tensor, which TF writes raw."""
    if template == ((0,),) and arrays[0].ndim == 0 and isinstance(arrays[0][()], (bytes, str)):
        return _text(arrays[0][()])
    return None


def _text(value):
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else value


def format_array(array, summarize=3):
    """Nested-bracket text of an array; `summarize` < 0 shows every element."""
    array = np.asarray(array)
    if array.ndim == 0:
        return format_number(array[()])
    edge = array.size if summarize is None or summarize < 0 else summarize
    out = []
    _dim(array, 0, edge, out)
    return "".join(out)


def _dim(array, level, edge, out):
    """Append the text of sub-array `array`, which sits `level` brackets deep."""
    n = array.shape[0]
    gap = " " if array.ndim == 1 else "\n" * (array.ndim - 1) + " " * (level + 1)
    indices = list(range(n)) if n <= 2 * edge else \
        list(range(edge)) + [None] + list(range(n - edge, n))
    out.append("[")
    for k, i in enumerate(indices):
        if k:
            out.append(gap)
        if i is None:
            out.append("...")
        elif array.ndim == 1:
            out.append(format_number(array[i]))
        else:
            _dim(array[i], level + 1, edge, out)
    out.append("]")


def summarize_flat(array, summarize=3):
    """Old-style summary used in assertion messages: the first entries, space separated."""
    flat = np.asarray(array).reshape(-1)
    n = flat.size if summarize is None or summarize < 0 else summarize
    text = " ".join(format_number(v) for v in flat[:n])
    return text + "..." if flat.size > n else text


def structure_pieces(value, tensor_index):
    """tf.print text of a (nested) Python value as literal strings and ints.

    `tensor_index(v)` returns the input index standing for tensor `v` (or None for
    plain values); those ints are filled in with tensor text at run time. Top-level
    values print with str (strings raw); values inside lists and dicts use repr, as TF.
    """
    if not isinstance(value, (list, tuple, dict)):
        index = tensor_index(value)
        return [str(value) if index is None else index]
    out = []
    _nested(value, tensor_index, out)
    return _merge(out)


def _nested(value, tensor_index, out):
    def seq(items, open_, close):
        out.append(open_)
        for k, v in enumerate(items):
            if k:
                out.append(", ")
            _nested(v, tensor_index, out)
        out.append(close)
    if isinstance(value, list):
        seq(value, "[", "]")
    elif isinstance(value, tuple) and not hasattr(value, "_fields"):
        seq(value, "(", ",)" if len(value) == 1 else ")")
    elif isinstance(value, dict):
        out.append("{")
        for k, (key, v) in enumerate(value.items()):
            out.append((", " if k else "") + repr(key) + ": ")
            _nested(v, tensor_index, out)
        out.append("}")
    else:
        index = tensor_index(value)
        out.append(repr(value) if index is None else index)


def _merge(pieces):
    """Join neighbouring literal strings."""
    out = []
    for p in pieces:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return out


def fill_pieces(pieces, arrays, summarize, text=format_array):
    """The text of `pieces` with each int replaced by `text(arrays[int], summarize)`."""
    return "".join(p if isinstance(p, str) else text(arrays[p], summarize) for p in pieces)
