"""`Variable`: mutable state that every op accepts, eagerly and inside compiled functions."""
import itertools

import numpy as np

from graphflow import dtypes
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.eager.tensor import EagerTensor, numpy_text
from graphflow.ops import state_ops, slicing
from graphflow.ops.convert import convert_to_tensor
from graphflow.shapes import TensorShape

def _variable_name(base):
    """TF 2's scheme: eager variables keep the plain name (`Variable:0` every time);
    variables created while tracing are uniquified within the function's graph."""
    builder = context.state.builder
    if builder is None:
        return "%s:0" % base
    while builder.parent is not None:
        builder = builder.parent
    return "%s:0" % builder.graph.unique_name(base)


class Variable:
    """A mutable tensor-like value, as `tf.Variable`."""

    _ids = itertools.count()

    def __init__(self, initial_value=None, trainable=True, name=None, dtype=None,
                 constraint=None, shape=None, validate_shape=True, **unused):
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable, got %r"
                             % (constraint,))
        builder = context.state.builder
        if builder is not None:
            builder.on_variable_created(self)
        with context.init_scope():
            if callable(initial_value):
                initial_value = initial_value()
        symbolic = _symbolic_initial_value(initial_value, dtype)
        if symbolic is None:
            with context.init_scope():
                value = _initial_array(initial_value, dtype)
        else:
            value = None
        self._value = None
        source = value if symbolic is None else symbolic
        self.dtype = dtypes.as_dtype(dtype) if dtype is not None else (
            dtypes.from_numpy(value.dtype) if symbolic is None else symbolic.dtype)
        self._shape = tuple(source.shape) if shape is None else TensorShape(shape)._dims
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._name = _variable_name(name or "Variable")
        self._uid = next(Variable._ids)
        self._handle = EagerTensor(self, dtypes.resource)
        self._attrs = {"dtype": self.dtype, "shape": self._shape}
        if symbolic is None:
            self._store(value.astype(self.dtype._np, copy=False))
        else:
            apply(state_ops.INIT_ONCE, [self.handle, symbolic], self._attrs)

    def _store(self, array):
        """Set the value (kernels call this); the array is never mutated afterwards.

        As in TF, `constraint` is not applied here: optimizers apply it after updates.
        """
        self._value = array

    # --- tensor-like surface ---------------------------------------------------------------
    @property
    def name(self):
        return self._name

    @property
    def shape(self):
        return TensorShape(self._shape)

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def trainable(self):
        return self._trainable

    @property
    def constraint(self):
        return self._constraint

    @property
    def handle(self):
        builder = context.state.builder
        return self._handle if builder is None else builder.capture_variable(self)

    def value(self):
        """The current value as a tensor (a ReadVariableOp while tracing)."""
        return apply(state_ops.READ, [self.handle], self._attrs)

    read_value = value
    _as_graph_tensor = value

    def numpy(self):
        return EagerTensor(self._value, self.dtype).numpy()

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self._value, dtype=dtype)

    def get_shape(self):
        return self.shape

    def __len__(self):
        return len(self._value)

    def __iter__(self):
        return iter(self.value())

    def __bool__(self):
        return bool(self.value())

    def __index__(self):
        return self.value().__index__()

    def __float__(self):
        return float(self._value)

    def __int__(self):
        return int(self._value)

    def __hash__(self):
        return id(self)

    def ref(self):
        return self

    def deref(self):
        return self

    def __repr__(self):
        return "<graphflow.Variable '%s' shape=%s dtype=%s, numpy=%s>" % (
            self._name, self.shape, self.dtype.name, numpy_text(self._value))

    def __setitem__(self, key, value):
        raise TypeError("'ResourceVariable' object does not support item assignment")

    def __getitem__(self, key):
        return VariableSlice(self, key)

    # --- writes --------------------------------------------------------------------------------
    def _write(self, op, value, read_value=True):
        """Run a write op; as TF, returns the variable, or None when `read_value` is False."""
        value = convert_to_tensor(value, dtype=self.dtype)
        apply(op, [self.handle, value], dict(self._attrs, op=op.name))
        return self if read_value else None

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """Set the value; returns the variable (its new value reads through it)."""
        value = convert_to_tensor(value, dtype=self.dtype)
        if not TensorShape(self._shape).is_compatible_with(value.shape):
            raise ValueError("Cannot assign value to variable ' %s': Shape mismatch.The "
                             "variable shape %s, and the assigned value shape %s are "
                             "incompatible." % (self._name, self.shape, value.shape))
        return self._write(state_ops.ASSIGN, value, read_value)

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        return self._write(state_ops.ASSIGN_ADD, delta, read_value)

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        return self._write(state_ops.ASSIGN_SUB, delta, read_value)

    def scatter_nd_update(self, indices, updates, name=None):
        """Set the elements at `indices` (an [N, k] int tensor) to `updates`."""
        indices = convert_to_tensor(indices, dtype_hint=dtypes.int32)
        updates = convert_to_tensor(updates, dtype=self.dtype)
        apply(state_ops.SCATTER_ND_UPDATE, [self.handle, indices, updates], self._attrs)
        return self

    def _assign_slice(self, key, value):
        spec, dyn = slicing.parse_index(key)
        value = convert_to_tensor(value, dtype=self.dtype)
        apply(state_ops.SLICE_ASSIGN, [self.handle, value] + dyn,
              dict(self._attrs, spec=spec))
        return self


class VariableSlice:
    """`v[key]`: reads like a tensor and supports `.assign(value)` on that slice."""

    __slots__ = ("_var", "_key")

    def __init__(self, var, key):
        self._var = var
        self._key = key

    def _as_graph_tensor(self):
        return slicing.getitem(self._var.value(), self._key)

    def assign(self, value, name=None):
        return self._var._assign_slice(self._key, value)

    @property
    def dtype(self):
        return self._var.dtype

    @property
    def shape(self):
        return self._as_graph_tensor().shape

    def numpy(self):
        return self._as_graph_tensor().numpy()

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.numpy(), dtype=dtype)

    def __repr__(self):
        return repr(self._as_graph_tensor())


def _symbolic_initial_value(value, dtype):
    """The graph tensor a variable created while tracing starts from, when it needs the
    function's inputs (initialized by the graph on its first run, as TF lifts it)."""
    from graphflow.graph.node import Output
    from graphflow.ops.rules import static_value
    if type(value) is Output and static_value(value) is None:
        return convert_to_tensor(value, dtype=dtype)
    return None


def _initial_array(value, dtype):
    """The starting value; as TF, a tensor of another dtype than `dtype` is refused."""
    t = convert_to_tensor(value, dtype=dtype)
    if not isinstance(t, EagerTensor):
        from graphflow.ops.rules import static_value
        v = static_value(t)
        if v is None:
            raise ValueError(
                "A Variable created inside a graphflow.function needs an initial value "
                "that does not depend on the function's inputs; got %r" % (t,))
        return np.array(v)
    return np.array(t._value)


def _install():
    from graphflow.ops import overloads
    overloads.install(Variable)
    overloads.install(VariableSlice)
    Variable.__hash__ = lambda self: id(self)
    Variable.__eq__ = lambda self, other: overloads.OPERATORS["__eq__"](self, other)


_install()
