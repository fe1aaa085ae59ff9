"""`Tensor`, the base both eager and symbolic tensors share, and `EagerTensor`.

Operator overloads (`+`, `@`, `[]`, ...) are installed on `Tensor` by
`graphflow.ops.overloads`, so eager and symbolic tensors behave the same.
"""
import functools

import numpy as np

from graphflow.shapes import TensorShape

_TF_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def tf_dtype_name(dtype):
    """The name TF's kernel messages use for a dtype (float32 is 'float')."""
    return _TF_NAMES.get(dtype.name, dtype.name)


class Tensor:
    """A multidimensional array with a dtype and a (maybe partial) shape."""

    __slots__ = ()
    __array_priority__ = 100

    @property
    def shape(self):
        return TensorShape(self._shape)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        s = self._shape
        return None if s is None else len(s)

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def ref(self):
        return _Ref(self)

    def experimental_ref(self):
        return self.ref()


class _Ref:
    """A hashable reference to a tensor, as returned by `Tensor.ref()`."""

    __slots__ = ("_t",)

    def __init__(self, t):
        self._t = t

    def deref(self):
        return self._t

    def __hash__(self):
        return id(self._t)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other._t is self._t


class EagerTensor(Tensor):
    """A tensor holding a concrete numpy value."""

    __slots__ = ("_value", "dtype", "__weakref__")

    def __init__(self, value, dtype):
        self._value = value
        self.dtype = dtype

    @property
    def _shape(self):
        return self._value.shape

    @property
    def shape(self):
        return _known_shape(self._value.shape)

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    @property
    def device(self):
        return "/job:localhost/replica:0/task:0/device:CPU:0"

    def numpy(self):
        v = self._value
        if type(v) is np.ndarray:
            if v.ndim == 0:
                return v[()]
            out = v.view()
            out.flags.writeable = False
            return out
        return v

    def __array__(self, dtype=None, copy=None):
        v = np.asarray(self._value)
        return v if dtype is None else v.astype(dtype)

    def __bool__(self):
        if self._value.size != 1 and np.ndim(self._value) != 0:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        return bool(self._value)

    def __len__(self):
        if np.ndim(self._value) == 0:
            raise TypeError("Scalar tensor has no `len()`")
        return len(self._value)

    def __iter__(self):
        if np.ndim(self._value) == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(len(self._value)))

    def __index__(self):
        if not self.dtype.is_integer or np.ndim(self._value) != 0:
            raise TypeError("Only integer scalar tensors can be used as an index, got %s %s"
                            % (self.dtype.name, self.shape))
        return int(self._value)

    def __int__(self):
        return int(self._value)

    def __float__(self):
        return float(self._value)

    def __complex__(self):
        return complex(self._value)

    def __format__(self, spec):
        if np.ndim(self._value) == 0:
            return format(self._value.item() if hasattr(self._value, "item") else self._value,
                          spec)
        return format(str(self), spec)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return EagerTensor(np.array(self._value, copy=True), self.dtype)

    def __reduce__(self):
        return _rebuild, (np.asarray(self._value), self.dtype.name)

    def __repr__(self):
        return "<graphflow.Tensor: shape=%s, dtype=%s, numpy=%s>" % (
            self.shape, self.dtype.name, numpy_text(self._value))

    def __str__(self):
        text = str(np.asarray(self._value))
        return "graphflow.Tensor(%s%s, shape=%s, dtype=%s)" % (
            "\n" if "\n" in text else "", text, self.shape, self.dtype.name)


@functools.lru_cache(maxsize=1024)
def _known_shape(dims):
    """TensorShapes are immutable, so eager tensors of one shape share one."""
    return TensorShape(dims)


def numpy_text(value):
    """TF-style value text for reprs: scalars bare, arrays as `array(...)`."""
    if np.ndim(value) == 0:
        v = np.asarray(value).item()
        return repr(v)
    text = repr(np.asarray(value))
    return ("\n" + text) if "\n" in text else text


def _rebuild(value, dtype_name):
    from graphflow import dtypes
    return EagerTensor(value, dtypes.as_dtype(dtype_name))
