"""`GradientTape`: records ops on watched tensors and replays their gradient rules backward.

The same tape works eagerly and while tracing: inside a `graphflow.function` the
recorded ops are graph nodes, so `gradient()` adds the backward pass to the graph.
"""
from graphflow import dtypes, nest
from graphflow.eager import context


class _OpRecord:
    """What a gradient rule sees: the op's inputs, outputs and attrs."""

    __slots__ = ("op", "inputs", "attrs", "outputs")

    def __init__(self, op, inputs, attrs, outputs):
        self.op = op
        self.inputs = inputs
        self.attrs = attrs
        self.outputs = outputs


class UnconnectedGradients:
    NONE = "none"
    ZERO = "zero"


def _trainable_dtype(dtype):
    return dtype.is_floating or dtype.is_complex or dtype is dtypes.resource


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
        tape = self

        class _Stop:
            def __enter__(self):
                tape._pop()

            def __exit__(self, *exc):
                tape._push()
        return _Stop()

    def reset(self):
        """Forget everything recorded so far."""
        self._records = []
        self._watched = {}
        self._variables = {}

    # --- watching ------------------------------------------------------------------------------
    def watch(self, tensor):
        """Track `tensor` (or variables, or nested structures of them)."""
        for t in nest.flatten(tensor):
            if hasattr(t, "_handle") and hasattr(t, "trainable"):
                self._variables[id(t)] = t
                self._watched[id(t.handle)] = t.handle
            else:
                if not _trainable_dtype(t.dtype):
                    continue
                self._watched[id(t)] = t

    def watched_variables(self):
        return tuple(self._variables.values())

    def _record(self, op, inputs, attrs, outputs):
        """Called by `apply` for every op while this tape is active."""
        watched = self._watched
        if op.reads_resource and self._watch_accessed_variables and inputs:
            var = inputs[0]._value if type(inputs[0]).__name__ == "EagerTensor" else None
            var = var if var is not None else _variable_of(inputs[0])
            if var is not None and var.trainable and id(inputs[0]) not in watched:
                self._variables[id(var)] = var
                watched[id(inputs[0])] = inputs[0]
        if not any(id(t) in watched for t in inputs):
            return
        for o in outputs:
            if _trainable_dtype(o.dtype):
                watched[id(o)] = o
        self._records.append(_OpRecord(op, inputs, attrs, outputs))

    # --- gradients -----------------------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """d(sum of targets)/d(sources), shaped like `sources`."""
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        self._used = True
        from graphflow.autodiff.backprop import backprop
        flat_sources = nest.flatten(sources)
        source_tensors = [_source_tensor(s) for s in flat_sources]
        targets = nest.flatten(target)
        out_grads = None if output_gradients is None else nest.flatten(output_gradients)
        with self._paused():
            grads = backprop(self._records, targets, source_tensors, out_grads,
                             unconnected_gradients)
        return nest.pack_sequence_as(sources, grads)

    def _paused(self):
        return self.stop_recording() if self._recording and not self._persistent else \
            _Null()

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        from graphflow.autodiff.jacobian import jacobian
        return jacobian(self, target, sources, unconnected_gradients)


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


def _variable_of(handle):
    """The Variable behind a resource placeholder, found through the tracing captures."""
    builder = context.state.builder
    while builder is not None:
        for outer, ph, original in builder.capture_list:
            if ph is handle:
                return getattr(original, "_value", None)
        builder = builder.parent
    return None


def _source_tensor(s):
    if hasattr(s, "_handle") and hasattr(s, "trainable"):
        return s.handle
    return s
