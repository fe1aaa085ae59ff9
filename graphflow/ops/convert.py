"""Turning Python values, numpy arrays and variables into tensors: `convert_to_tensor`."""
import numpy as np

from graphflow import dtypes
from graphflow.eager import context
from graphflow.eager.tensor import EagerTensor, Tensor

_INT32_MIN, _INT32_MAX = -2 ** 31, 2 ** 31 - 1
# Exact types that never convert themselves (no `_as_graph_tensor` look-up needed).
_PLAIN_TYPES = frozenset([int, float, bool, complex, str, bytes, list, tuple, np.ndarray])


def is_tensor_like(x):
    """Tensors and anything that converts itself (variables)."""
    return isinstance(x, Tensor) or hasattr(x, "_as_graph_tensor")


def to_numpy(value, dtype=None):
    """A numpy array (and its DType) for a Python/numpy value, with TF's defaults.

    Python floats become float32 and ints int32 (int64 when out of range);
    numpy arrays keep their dtype unless `dtype` is given.
    """
    tv = type(value)
    if dtype is None:
        if tv is float:
            return np.array(value, np.float32), dtypes.float32
        if tv is int and _INT32_MIN <= value <= _INT32_MAX:
            return np.array(value, np.int32), dtypes.int32
    else:
        dtype = dtypes.as_dtype(dtype)
        if dtype.is_floating and (tv is float or tv is int and
                                  _INT32_MIN <= value <= _INT32_MAX):
            return np.array(value, dtype._np), dtype
    if dtype is None or dtype is dtypes.int32:
        arr = _small_int_array(value)
        if arr is not None:
            return arr, dtypes.int32
    if isinstance(value, (np.ndarray, np.generic)):
        arr = np.asarray(value)
        if arr.dtype.kind in "US":
            arr = arr.astype(object)
        if dtype is None:
            return arr, dtypes.from_numpy(arr.dtype)
        return _cast_checked(arr, dtype, value), dtype
    if dtype is not None and dtype is dtypes.string:
        return _strings(value), dtype
    try:
        arr = np.asarray(value)
    except ValueError as e:
        raise ValueError("Can't convert non-rectangular Python sequence to Tensor: %s" % e) \
            from None
    kind = arr.dtype.kind
    if kind in "iuf" and isinstance(value, (list, tuple)) and _has_bool(value):
        raise TypeError("Can't convert %r to a tensor: it mixes bools with numbers"
                        % (value,))
    if kind in "USO":
        if kind == "O" and not _all_strings(value):
            raise TypeError("Failed to convert elements of %r to Tensor. Consider casting "
                            "elements to a supported type." % (value,))
        if dtype is not None and dtype is not dtypes.string:
            raise TypeError("Cannot convert %r to EagerTensor of dtype %s" % (value, dtype.name))
        return _strings(value), dtypes.string
    if dtype is None:
        if kind == "f":
            dtype = dtypes.float32
        elif kind in "iu":
            dtype = dtypes.int32 if arr.size == 0 or (
                _INT32_MIN <= arr.min() and arr.max() <= _INT32_MAX) else dtypes.int64
        elif kind == "b":
            dtype = dtypes.bool
        elif kind == "c":
            dtype = dtypes.complex128
        else:
            raise TypeError("Cannot convert %r to a tensor" % (value,))
        return arr.astype(dtype._np, copy=False), dtype
    return _cast_checked(arr, dtype, value), dtype


def _cast_checked(arr, dtype, original):
    """Cast for an explicitly requested dtype, refusing lossy Python conversions as TF."""
    if dtype._np is None:
        raise TypeError("Cannot convert %r to a tensor of dtype %s" % (original, dtype.name))
    kind = arr.dtype.kind
    if not isinstance(original, (np.ndarray, np.generic)):
        if (dtype.is_integer or dtype.is_bool) and kind == "f":
            # TF refuses Python floats for integer dtypes even when they are whole (2.0).
            raise TypeError("Cannot convert %r to EagerTensor of dtype %s"
                            % (original, dtype.name))
        if dtype.is_integer and kind in "iu" and arr.size and (
                arr.min() < np.iinfo(dtype._np).min or arr.max() > np.iinfo(dtype._np).max):
            raise TypeError("Cannot convert %r to EagerTensor of dtype %s: out of range"
                            % (original, dtype.name))
        if (dtype.is_integer or dtype.is_floating) and kind == "c":
            raise TypeError("Cannot convert %r to EagerTensor of dtype %s"
                            % (original, dtype.name))
        if dtype.is_bool and kind != "b":
            raise TypeError("Cannot convert %r to EagerTensor of dtype bool" % (original,))
    return arr.astype(dtype._np, copy=False)


def _small_ints(value):
    """True for non-empty (nested) lists/tuples of Python ints that all fit in int32."""
    tv = type(value)
    if not (tv is list or tv is tuple) or not value:
        return False
    first = type(value[0])
    if first is int:
        return all(type(v) is int and _INT32_MIN <= v <= _INT32_MAX for v in value)
    return (first is list or first is tuple) and all(_small_ints(v) for v in value)


def _small_int_array(value):
    """The int32 array of a rectangular `_small_ints` value, else None (general path)."""
    if not _small_ints(value):
        return None
    try:
        return np.array(value, np.int32)
    except ValueError:  # ragged nesting: the general path words the error
        return None


def _has_bool(value):
    if isinstance(value, (list, tuple)):
        return any(_has_bool(v) for v in value)
    return isinstance(value, (bool, np.bool_))


def _all_strings(value):
    if isinstance(value, (str, bytes)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_all_strings(v) for v in value)
    return False


def _strings(value):
    def enc(v):
        if isinstance(v, (list, tuple)):
            return [enc(x) for x in v]
        if isinstance(v, str):
            return v.encode("utf-8")
        if isinstance(v, bytes):
            return v
        raise TypeError("Expected a string, got %r" % (v,))
    arr = np.empty(np.shape(np.asarray(value, dtype=object)), dtype=object)
    flat = enc(value)
    if arr.ndim == 0:
        arr[()] = flat
    else:
        arr[...] = np.asarray(flat, dtype=object) if arr.size else arr
    return arr


def _first_tensor_dtype(value):
    """The dtype of the first tensor in a nested list: Python elements convert to it (TF)."""
    for v in value:
        if isinstance(v, (list, tuple)):
            found = _first_tensor_dtype(v)
            if found is not None:
                return found
        elif is_tensor_like(v):
            return v.dtype
    return None


def _contains_tensor(value):
    if isinstance(value, (list, tuple)):
        return any(_contains_tensor(v) for v in value)
    return is_tensor_like(value)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Convert `value` to a Tensor, as `tf.convert_to_tensor`."""
    if isinstance(value, Tensor):
        if dtype is not None and dtypes.as_dtype(dtype) is not value.dtype:
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtypes.as_dtype(dtype).name, value.dtype.name, value))
        return value
    if dtype is dtypes.int32 or dtype is None and (
            dtype_hint is None or dtype_hint is dtypes.int32):
        arr = _small_int_array(value)
        if arr is not None:
            return constant_from_array(arr, dtypes.int32)
    if type(value) not in _PLAIN_TYPES:
        conv = getattr(value, "_as_graph_tensor", None)
        if conv is not None:
            return convert_to_tensor(conv(), dtype=dtype, name=name)
    if isinstance(value, (list, tuple)) and _contains_tensor(value):
        from graphflow.ops import array_ops
        dtype = dtype if dtype is not None else _first_tensor_dtype(value)
        return array_ops.stack([convert_to_tensor(v, dtype=dtype) for v in value])
    if dtype is None and dtype_hint is not None:
        try:
            arr, dt = to_numpy(value, dtype_hint)
        except (TypeError, ValueError):
            arr, dt = to_numpy(value)
    else:
        arr, dt = to_numpy(value, dtype)
    return constant_from_array(arr, dt)


def constant_from_array(arr, dtype):
    """An eager tensor, or a Const node while tracing."""
    builder = context.state.builder
    if builder is not None:
        return builder.constant(arr, dtype)
    return EagerTensor(arr, dtype)


def convert_scalar_like(value, like):
    """Fast conversion of `value` to `like`'s dtype (operators' Python-operand path)."""
    if isinstance(value, Tensor):
        return value
    conv = getattr(value, "_as_graph_tensor", None)
    if conv is not None:
        return conv()
    dtype = like.dtype
    tv = type(value)
    if tv is float and dtype.is_floating or tv is int and (dtype.is_floating or (
            dtype.is_integer and -2 ** 31 <= value < 2 ** 31)):
        arr = np.array(value, dtype=dtype._np)
        builder = context.state.builder
        if builder is not None:
            return builder.constant(arr, dtype)
        return EagerTensor(arr, dtype)
    return convert_to_tensor(value, dtype=dtype)


def constant(value, dtype=None, shape=None, name="Const"):
    """A constant tensor, as `tf.constant` (`shape` fills a scalar or reshapes)."""
    if isinstance(value, Tensor) or hasattr(value, "_as_graph_tensor"):
        t = convert_to_tensor(value)
        if dtype is not None and dtypes.as_dtype(dtype) is not t.dtype:
            raise TypeError("Expected tensor %r with dtype %r, but got dtype %r."
                            % (t, dtypes.as_dtype(dtype), t.dtype))
        if shape is not None:
            from graphflow.ops import array_ops
            t = array_ops.reshape(t, shape)
        return t
    arr, dt = to_numpy(value, dtype)
    if shape is not None:
        shape = tuple(int(d) for d in (shape if isinstance(shape, (list, tuple)) else
                                       list(shape)))
        if arr.size == 1:
            arr = np.broadcast_to(arr.reshape(()), shape).copy()
        elif arr.size == int(np.prod(shape)):
            arr = arr.reshape(shape)
        else:
            raise TypeError("Eager execution of tf.constant with unsupported shape. Tensor %r"
                            " (converted from %r) has %d elements, but got `shape` %s with %d "
                            "elements)." % (arr, value, arr.size, shape, int(np.prod(shape))))
    return constant_from_array(arr, dt)
