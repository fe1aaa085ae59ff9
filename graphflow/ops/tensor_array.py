"""The `TensorArray` class over the TensorList ops (see tensor_array_ops)."""
import numpy as np

from graphflow import dtypes, errors
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.ops import tensor_array_ops as ops
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.rules import static_value
from graphflow.shapes import TensorShape


class TensorArray:
    """A list of tensors of one dtype, written and read by index (TF 2's TensorArray).

    Methods return the updated TensorArray: always reassign, `ta = ta.write(i, x)`.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None,
                 tensor_array_name=None, handle=None, flow=None, infer_shape=True,
                 element_shape=None, colocate_with_first_write_call=True, name=None):
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape)
        self._cleared = set()
        if handle is None and flow is not None:
            handle = flow
        if handle is None:
            if size is None:
                raise ValueError("TensorArray: size must be provided if handle is not provided")
            handle = apply(ops.RESERVE, [convert_to_tensor(size, dtypes.int32)],
                           self._attrs())
        self._handle = handle

    # --- static information ------------------------------------------------------------------
    @property
    def handle(self):
        return self._handle

    @property
    def flow(self):
        return self._handle

    @property
    def dtype(self):
        return self._dtype

    @property
    def element_shape(self):
        return self._element_shape

    @property
    def dynamic_size(self):
        return self._dynamic_size

    def _attrs(self):
        return {"element_dtype": self._dtype, "element_shape": self._element_shape._dims}

    def with_handle(self, handle):
        """This TensorArray's static information around another list value."""
        new = TensorArray.__new__(TensorArray)
        new.__dict__.update(self.__dict__)
        new._cleared = set()
        new._handle = handle
        return new

    def _updated(self, handle, element_shape=None, dtype=None):
        eager = context.state.builder is None
        new = self if eager else self.with_handle(handle)
        new._handle = handle
        if element_shape is not None:
            new._element_shape = element_shape
        if dtype is not None:
            new._dtype = dtype
        return new

    # --- values ---------------------------------------------------------------------------------
    def _value(self, value, index_text):
        t = convert_to_tensor(value, dtype=self._dtype) if self._dtype is not None and not \
            hasattr(value, "dtype") else convert_to_tensor(value)
        if self._dtype is not None and t.dtype is not self._dtype:
            raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s"
                            % (self._dtype.name, t.dtype.name))
        shape = self._element_shape
        if not shape.is_compatible_with(t.shape):
            raise ValueError("Could not write to TensorArray %s because the value shape is %s "
                             "which is incompatible with the TensorArray's inferred element "
                             "shape: %s (consider setting infer_shape=False)."
                             % (index_text, t.shape, shape))
        merged = shape.merge_with(t.shape) if self._infer_shape else shape
        return t, merged

    def _check_not_cleared(self, index):
        if context.state.builder is None and self._clear_after_read:
            i = int(convert_to_tensor(index)._value)
            if i in self._cleared:
                raise errors.InvalidArgumentError(
                    None, None, "Could not read index %d twice because it was cleared after a "
                    "previous read (perhaps try setting clear_after_read = false?)" % i)
            self._cleared.add(i)

    def write(self, index, value, name=None):
        index = convert_to_tensor(index, dtypes.int32)
        t, shape = self._value(value, "index %s" % _text(index))
        if context.state.builder is None:
            self._cleared.discard(int(index._value))
        handle = apply(ops.SET_ITEM, [self._handle, index, t], {"resize": self._dynamic_size})
        return self._updated(handle, shape, t.dtype)

    def read(self, index, name=None):
        self._require_dtype()
        index = convert_to_tensor(index, dtypes.int32)
        self._check_not_cleared(index)
        return apply(ops.GET_ITEM, [self._handle, index], self._attrs())

    def stack(self, name=None):
        self._require_dtype()
        return apply(ops.STACK, [self._handle], self._attrs())

    def gather(self, indices, name=None):
        self._require_dtype()
        return apply(ops.GATHER, [self._handle, convert_to_tensor(indices, dtypes.int32)],
                     self._attrs())

    def concat(self, name=None):
        self._require_dtype()
        return apply(ops.CONCAT, [self._handle], self._attrs())

    def unstack(self, value, name=None):
        t = convert_to_tensor(value, dtype=self._dtype)
        _, shape = self._value(t[0] if t._shape and t._shape[0] else t, "unstack") \
            if t._shape and t._shape[0] else (None, self._element_shape)
        from graphflow.ops.creation_ops import range as tensor_range
        from graphflow.ops import array_ops
        indices = tensor_range(array_ops.shape(t)[0])
        return self._scatter(indices, t, shape)

    def scatter(self, indices, value, name=None):
        t = convert_to_tensor(value, dtype=self._dtype)
        elem = TensorShape(None if t._shape is None else t._shape[1:])
        if not self._element_shape.is_compatible_with(elem):
            raise ValueError("Could not scatter into a TensorArray with element shape %s "
                             "values of shape %s" % (self._element_shape, t.shape))
        return self._scatter(convert_to_tensor(indices, dtypes.int32), t,
                             self._element_shape.merge_with(elem))

    def split(self, value, lengths, name=None):
        """Elements are consecutive slices of `value` along its first dimension, of the given
        `lengths` (which must sum to that dimension); the array's size becomes len(lengths)."""
        t = convert_to_tensor(value) if hasattr(value, "dtype") else \
            convert_to_tensor(value, dtype=self._dtype)
        if t._shape is not None and not t._shape:
            raise ValueError("TensorArray.split needs a value of rank >= 1, got shape ()")
        lengths = convert_to_tensor(lengths)
        if not lengths.dtype.is_integer:
            raise TypeError("TensorArray.split needs integer lengths, got %s"
                            % lengths.dtype.name)
        known = static_value(lengths)
        first = None
        if known is not None and np.size(known) and np.min(known) == np.max(known):
            first = int(np.reshape(known, -1)[0])
        elem = TensorShape(None if t._shape is None else (first,) + tuple(t._shape[1:]))
        if not self._element_shape.is_compatible_with(elem):
            raise ValueError("Could not split into a TensorArray: pieces of shape %s are "
                             "incompatible with its element shape %s"
                             % (elem, self._element_shape))
        if self._dtype is not None and t.dtype is not self._dtype:
            raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s"
                            % (self._dtype.name, t.dtype.name))
        handle = apply(ops.SPLIT, [t, lengths])
        shape = self._element_shape.merge_with(elem) if self._infer_shape else \
            self._element_shape
        return self._updated(handle, shape, t.dtype)

    def _scatter(self, indices, t, shape):
        if self._dtype is not None and t.dtype is not self._dtype:
            raise TypeError("TensorArray dtype is %s but Op is trying to write dtype %s"
                            % (self._dtype.name, t.dtype.name))
        handle = apply(ops.SCATTER, [self._handle, indices, t], {"resize": True})
        return self._updated(handle, shape, t.dtype)

    def size(self, name=None):
        return apply(ops.LENGTH, [self._handle])

    def resize(self, size):
        handle = apply(ops.RESIZE, [self._handle, convert_to_tensor(size, dtypes.int32)])
        return self._updated(handle)

    def identity(self):
        return self.with_handle(self._handle)

    def close(self, name=None):
        return None

    def _require_dtype(self):
        if self._dtype is None:
            raise ValueError("TensorArray has no dtype yet: nothing was written to it")

    def __repr__(self):
        return "<graphflow.TensorArray dtype=%s element_shape=%s>" % (
            None if self._dtype is None else self._dtype.name, self._element_shape)


def _text(index):
    from graphflow.eager.tensor import EagerTensor
    return str(int(index._value)) if type(index) is EagerTensor else index.name
