"""DType objects, their numpy mapping, Python-scalar defaults and strict dtype checks."""
import builtins as _builtins

import numpy as np

_pybool = _builtins.bool


class DType:
    """A tensor element type, as `tf.DType`."""

    __slots__ = ("name", "_np", "is_floating", "is_integer", "is_bool", "is_complex",
                 "is_unsigned", "size")

    def __init__(self, name, np_dtype):
        self.name = name
        self._np = np_dtype
        kind = np.dtype(np_dtype).kind if np_dtype is not None else "V"
        self.is_floating = kind == "f"
        self.is_integer = kind in "iu"
        self.is_unsigned = kind == "u"
        self.is_bool = kind == "b"
        self.is_complex = kind == "c"
        self.size = np.dtype(np_dtype).itemsize if np_dtype is not None else 0

    @property
    def as_numpy_dtype(self):
        """The numpy type; Python `object` for strings, as TF."""
        return object if self._np is np.object_ else self._np

    @property
    def base_dtype(self):
        return self

    @property
    def is_numeric(self):
        return self.is_floating or self.is_integer or self.is_complex

    @property
    def real_dtype(self):
        """float32 for complex64, float64 for complex128, else the dtype itself."""
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    @property
    def min(self):
        """Smallest representable value (TypeError for bool, string, complex as TF)."""
        return self._limits().min

    @property
    def max(self):
        return self._limits().max

    def _limits(self):
        if self.is_floating:
            return np.finfo(self._np)
        if self.is_integer:
            return np.iinfo(self._np)
        raise TypeError("Cannot find minimum or maximum value of %s" % self)

    def is_compatible_with(self, other):
        return self is as_dtype(other)

    def __eq__(self, other):
        if other is None:
            return False
        if type(other) is DType:
            return self is other
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return "tf.%s" % self.name

    def __str__(self):
        return "<dtype: '%s'>" % self.name

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = DType("float16", np.float16)
half = float16
float32 = DType("float32", np.float32)
float64 = DType("float64", np.float64)
double = float64
int8 = DType("int8", np.int8)
int16 = DType("int16", np.int16)
int32 = DType("int32", np.int32)
int64 = DType("int64", np.int64)
uint8 = DType("uint8", np.uint8)
uint16 = DType("uint16", np.uint16)
uint32 = DType("uint32", np.uint32)
uint64 = DType("uint64", np.uint64)
bool = DType("bool", np.bool_)  # noqa: A001 - TF's name
complex64 = DType("complex64", np.complex64)
complex128 = DType("complex128", np.complex128)
string = DType("string", np.object_)
resource = DType("resource", None)
variant = DType("variant", None)

ALL = (float16, float32, float64, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
       bool, complex64, complex128, string, resource, variant)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update(half=float16, double=float64)
_BY_NP = {np.dtype(d._np): d for d in ALL if d._np is not None and d is not string}
_BY_NP[np.dtype(np.object_)] = string


def as_dtype(value):
    """Convert a DType, name, numpy dtype or Python type to a DType."""
    if type(value) is DType:
        return value
    if isinstance(value, str):
        try:
            return _BY_NAME[value]
        except KeyError:
            raise TypeError("Cannot convert %r to a dtype" % (value,)) from None
    if value is float:
        return float32
    if value is int:
        return int32
    if value is _pybool:
        return bool
    if value is str or value is bytes:
        return string
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError("Cannot convert %r to a dtype" % (value,)) from None
    if npd.kind in "US":
        return string
    try:
        return _BY_NP[npd]
    except KeyError:
        raise TypeError("Cannot convert %r to a dtype" % (value,)) from None


def from_numpy(np_dtype):
    """The DType of a numpy dtype (strings and bytes become `string`)."""
    try:
        return _BY_NP[np_dtype]
    except KeyError:
        return as_dtype(np_dtype)


def dtype_of_python_value(value):
    """TF's default dtype for a Python scalar or (nested) list of scalars."""
    if isinstance(value, _pybool) or isinstance(value, np.bool_):
        return bool
    if isinstance(value, int):
        return int32
    if isinstance(value, float):
        return float32
    if isinstance(value, complex):
        return complex128
    if isinstance(value, (str, bytes)):
        return string
    return None


def cast(x, dtype, name=None):
    """`tf.dtypes.cast`: the same op as `graphflow.cast`."""
    from graphflow.ops.math_ops import cast as cast_op
    return cast_op(x, dtype, name=name)
