"""TensorShape, TensorSpec and shape helpers that work with unknown (None) dims."""
from graphflow import dtypes as _dtypes


class TensorShape:
    """A possibly partial shape: `dims` is a tuple of ints/None, or None for unknown rank."""

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if isinstance(dims, TensorShape):
            dims = dims._dims
        elif dims is not None:
            if isinstance(dims, int):
                dims = (dims,)
            dims = tuple(None if d is None else int(d) for d in dims)
        self._dims = dims

    @property
    def dims(self):
        return None if self._dims is None else list(self._dims)

    @property
    def rank(self):
        return None if self._dims is None else len(self._dims)

    @property
    def ndims(self):
        return self.rank

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def is_fully_defined(self):
        return self._dims is not None and None not in self._dims

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_compatible_with(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are incompatible" % (self, as_shape(other)))

    def with_rank(self, rank):
        """This shape, known to have `rank` dims (ValueError if it has another rank)."""
        if self._dims is None:
            return TensorShape((None,) * rank)
        if len(self._dims) != rank:
            raise ValueError("Shape %s must have rank %d" % (self, rank))
        return self

    def merge_with(self, other):
        other = as_shape(other)
        if not self.is_compatible_with(other):
            raise ValueError("Shapes %s and %s are not compatible" % (self, other))
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        return TensorShape([a if a is not None else b for a, b in zip(self._dims, other._dims)])

    def most_specific_common_supertype(self, others):
        dims = self._dims
        for o in others:
            o = as_shape(o)
            if dims is None or o._dims is None or len(dims) != len(o._dims):
                return TensorShape(None)
            dims = tuple(a if a == b else None for a, b in zip(dims, o._dims))
        return TensorShape(dims)

    def most_specific_compatible_shape(self, other):
        """The most specific shape compatible with both: unequal dims become None."""
        return self.most_specific_common_supertype([other])

    def __bool__(self):
        """True unless the rank is unknown (as TF: a scalar shape is truthy)."""
        return self._dims is not None

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if self._dims is None:
            return TensorShape(None) if isinstance(key, slice) else None
        if isinstance(key, slice):
            return TensorShape(self._dims[key])
        return self._dims[key]

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == other._dims

    def __ne__(self, other):
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self):
        return hash(self._dims)

    def __add__(self, other):
        return self.concatenate(other)

    def concatenate(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        return "TensorShape(%s)" % list(self._dims)

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return "(%s,)" % _dim_str(self._dims[0])
        return "(%s)" % ", ".join(_dim_str(d) for d in self._dims)

    def __reduce__(self):
        return TensorShape, (self._dims,)


def _dim_str(d):
    return "None" if d is None else str(d)


def as_shape(value):
    """Convert a TensorShape, list, tuple, int or None to a TensorShape."""
    if isinstance(value, TensorShape):
        return value
    return TensorShape(value)


def broadcast_dims(a, b):
    """Broadcast two shape tuples (None = unknown dim; None shape = unknown rank).

    Returns the result tuple, or raises ValueError when two known dims conflict.
    """
    if a == b:
        return a
    if a is None or b is None:
        return None
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + a
    b = (1,) * (n - len(b)) + b
    out = []
    for x, y in zip(a, b):
        if x == 1:
            out.append(y)
        elif y == 1 or x == y:
            out.append(x)
        elif x is None or y is None:
            out.append(y if x is None else x)
        else:
            raise ValueError("Incompatible shapes: %s vs. %s" % (list(a), list(b)))
    return tuple(out)


def broadcast_shapes(*shapes):
    """Broadcast TensorShapes (or lists) as numpy/TF do; returns a TensorShape."""
    dims = as_shape(shapes[0])._dims
    for s in shapes[1:]:
        dims = broadcast_dims(dims, as_shape(s)._dims)
    return TensorShape(dims)


class TensorSpec:
    """Describes a tensor argument: shape (maybe partial), dtype, optional name."""

    __slots__ = ("shape", "dtype", "name")

    def __init__(self, shape, dtype=_dtypes.float32, name=None):
        self.shape = as_shape(shape)
        self.dtype = _dtypes.as_dtype(dtype)
        self.name = name

    @classmethod
    def from_tensor(cls, tensor, name=None):
        return cls(tensor.shape, tensor.dtype, name)

    def is_compatible_with(self, spec_or_tensor):
        dtype = getattr(spec_or_tensor, "dtype", None)
        shape = getattr(spec_or_tensor, "shape", None)
        if dtype is None or shape is None:
            return False
        return _dtypes.as_dtype(dtype) is self.dtype and self.shape.is_compatible_with(shape)

    def _key(self):
        return (self.shape._dims, self.dtype.name)

    def __eq__(self, other):
        return isinstance(other, TensorSpec) and self._key() == other._key() \
            and self.name == other.name

    def __hash__(self):
        return hash(self._key())

    def __repr__(self):
        return "TensorSpec(shape=%s, dtype=%r, name=%r)" % (self.shape, self.dtype, self.name)
