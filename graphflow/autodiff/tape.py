"""`GradientTape`: records ops on watched tensors and replays their gradient rules backward.

The same tape works eagerly and while tracing: inside a `graphflow.function` the
recorded ops are graph nodes, so `gradient()` adds the backward pass to the graph.
"""
import enum

from graphflow import dtypes, nest
from graphflow.eager import context


class OpRecord:
    """What a gradient rule sees: the op's inputs, outputs and attrs."""

    __slots__ = ("op", "inputs", "attrs", "outputs")

    def __init__(self, op, inputs, attrs, outputs):
        self.op = op
        self.inputs = inputs
        self.attrs = attrs
        self.outputs = outputs


class UnconnectedGradients(enum.Enum):
    """What `gradient()` returns for sources the targets do not depend on."""

    NONE = "none"
    ZERO = "zero"


def _unconnected_value(value):
    """'none' or 'zero' from an UnconnectedGradients member or its string value."""
    try:
        return UnconnectedGradients(value).value
    except ValueError:
        raise ValueError("Unknown value for unconnected_gradients: %r" % (value,)) from None


def trainable_dtype(dtype):
    """Dtypes gradients flow through: floats, complex, variable handles and TensorArray
    lists (whose gradient is a list of item gradients)."""
    return dtype.is_floating or dtype.is_complex or dtype is dtypes.resource or \
        dtype is dtypes.variant


def is_variable(x):
    return hasattr(x, "_handle") and hasattr(x, "trainable")


class GradientTape:
    """Record operations for automatic differentiation, as `tf.GradientTape`."""

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._records = []
        self._watched = {}      # id(tensor) -> tensor
        self._variables = {}    # id(variable) -> variable, in watch order
        self._recording = False
        self._used = False

    # --- context -------------------------------------------------------------------------------
    def __enter__(self):
        self._push()
        return self

    def __exit__(self, *exc):
        self._pop()

    def _push(self):
        context.state.tapes.append(self)
        self._recording = True

    def _pop(self):
        tapes = context.state.tapes
        if self in tapes:
            tapes.remove(self)
        self._recording = False

    def stop_recording(self):
        """Context manager that pauses recording on this tape."""
        if not self._recording:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        return _Paused(self)

    def reset(self):
        """Forget everything recorded and watched so far (the tape keeps recording)."""
        self._records = []
        self._watched = {}
        self._variables = {}
        self._used = False

    # --- watching ------------------------------------------------------------------------------
    def watch(self, tensor):
        """Track `tensor` (or variables, or nested structures of them)."""
        for t in nest.flatten(tensor):
            if is_variable(t):
                self._variables[id(t)] = t
                h = t.handle
                self._watched[id(h)] = h
            elif not hasattr(t, "dtype"):
                raise ValueError("Passed in object of type %s, not tf.Tensor or tf.Variable"
                                 % type(t).__name__)
            elif trainable_dtype(t.dtype):
                t = in_current_graph(t)
                self._watched[id(t)] = t

    def watched_variables(self):
        """The variables this tape watches, in the order they were first watched."""
        return tuple(self._variables.values())

    def _record(self, op, inputs, attrs, outputs):
        """Called by `apply` for every op while this tape is active."""
        watched = self._watched
        if self._watch_accessed_variables:
            for t in inputs:
                if t.dtype is dtypes.resource and id(t) not in watched:
                    var = variable_of(t)
                    if var is not None and var.trainable:
                        self._variables[id(var)] = var
                        watched[id(t)] = t
        if not any(id(t) in watched for t in inputs):
            return
        for o in outputs:
            if trainable_dtype(o.dtype):
                watched[id(o)] = o
        self._records.append(OpRecord(op, inputs, attrs, outputs))

    # --- gradients -----------------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of targets)/d(sources), shaped like `sources`."""
        unconnected = _unconnected_value(unconnected_gradients)
        self._check_usable("gradients")
        from graphflow.autodiff.backprop import backprop
        targets, out_grads = self._targets(target, output_gradients)
        flat_sources = nest.flatten(sources)
        source_tensors = [source_tensor(s) for s in flat_sources]
        with self._paused():
            grads = backprop(self._records, targets, source_tensors, out_grads, unconnected)
        self._release()
        return nest.pack_sequence_as(sources, grads)

    def _release(self):
        """A non-persistent tape is erased once used (TF frees its memory)."""
        if not self._persistent:
            self._records = []
            self._watched = {}

    def _check_usable(self, what):
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of %s (or jacobians)" % what)
        self._used = True

    @staticmethod
    def _targets(target, output_gradients):
        from graphflow.ops.convert import convert_to_tensor
        flat = nest.flatten(target)
        if any(is_variable(t) for t in flat):
            raise ValueError("GradientTape.gradient is not supported for variable targets.")
        targets = [convert_to_tensor(t) for t in flat]
        if output_gradients is None:
            return targets, None
        out_grads = nest.flatten(output_gradients)
        if len(out_grads) != len(targets):
            raise ValueError("output_gradients must have the same structure as target: %d "
                             "targets, %d output gradients" % (len(targets), len(out_grads)))
        return targets, [None if g is None else convert_to_tensor(g, dtype=t.dtype)
                         for g, t in zip(out_grads, targets)]

    def _paused(self):
        return _Paused(self) if self._recording and not self._persistent else _Null()

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """d(target)/d(sources): one tensor of shape target.shape + source.shape per source."""
        from graphflow.autodiff.jacobian import jacobian
        return self._jacobian_by(jacobian, target, sources, unconnected_gradients)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example jacobians: result[i] = d(target[i]) / d(source[i])."""
        from graphflow.autodiff.jacobian import batch_jacobian
        return self._jacobian_by(batch_jacobian, target, source, unconnected_gradients)

    def _jacobian_by(self, compute, target, sources, unconnected_gradients):
        """compute(records, target, sources, unconnected value) with recording paused."""
        unconnected = _unconnected_value(unconnected_gradients)
        self._check_usable("jacobians")
        with self._paused():
            result = compute(self._records, target, sources, unconnected)
        self._release()
        return result


class _Paused:
    def __init__(self, tape):
        self._tape = tape

    def __enter__(self):
        self._tape._pop()

    def __exit__(self, *exc):
        self._tape._push()


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


def variable_of(handle):
    """The Variable behind a resource tensor: an eager handle, or a tracing capture."""
    value = getattr(handle, "_value", None)
    if value is not None:
        return value if is_variable(value) else None
    builder = context.state.builder
    while builder is not None:
        for _, ph, original in builder.capture_list:
            if ph is handle:
                var = getattr(original, "_value", None)
                return var if is_variable(var) else variable_of(original)
        builder = builder.parent
    return None


def in_current_graph(t):
    """While tracing, an eager tensor stands for its capture in the graph being built."""
    builder = context.state.builder
    if builder is not None and type(t).__name__ == "EagerTensor":
        return builder.capture(t)
    return t


def source_tensor(s):
    """The tensor gradients are keyed by: a variable's handle, else the tensor itself."""
    if is_variable(s):
        return s.handle
    if not hasattr(s, "dtype"):
        raise ValueError("gradient sources must be tensors or variables, got %r" % (s,))
    return in_current_graph(s)
