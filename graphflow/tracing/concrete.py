"""`ConcreteFunction`: one traced, optimized graph plus how to call it."""
import numpy as np

from graphflow import config, dtypes, nest
from graphflow.eager.tensor import EagerTensor, Tensor
from graphflow.ops.convert import convert_to_tensor
from graphflow.shapes import TensorSpec

_config_state = config._state   # read directly on the hot call path


class ConcreteFunction:
    """A graph specialized to one input signature; callable with matching tensors."""

    def __init__(self, graph, captures, arg_specs, structured_inputs, structured_outputs,
                 output_is_tensor, name, report=None, unoptimized_graph=None):
        self.graph = graph
        self.unoptimized_graph = unoptimized_graph
        self.name = name
        self._captures = captures                   # outer EagerTensors (values or handles)
        self._capture_values = [c._value for c in captures]
        self._arg_specs = arg_specs                 # TensorSpec per flat tensor input
        self.structured_input_signature = structured_inputs
        self.structured_outputs = structured_outputs
        self._output_is_tensor = output_is_tensor   # per flat output leaf: tensor or Python value
        self._out_dtypes = [t.dtype for t in graph.outputs]
        self._report = report or []
        self._fn = None
        self._fn_executor = None

    # --- running ------------------------------------------------------------------------------
    def _callable(self):
        from graphflow.runtime.executor import runner
        name = config.get_executor()
        self._fn = runner(self.graph)
        self._fn_executor = name
        return self._fn

    def _call_flat(self, values):
        """Run on flat input values (numpy arrays / variables); returns the packed outputs."""
        fn = self._fn
        if fn is None or self._fn_executor != _config_state["executor"]:
            fn = self._callable()
        results = fn(*values, *self._capture_values)
        dts = self._out_dtypes
        if self._single:
            return EagerTensor(results[0], dts[0])
        flat_out = self._python_leaves[:]
        for pos, r, dt in zip(self._tensor_positions, results, dts):
            flat_out[pos] = EagerTensor(r, dt)
        return nest.pack_sequence_as(self.structured_outputs, flat_out)

    def _prepare(self):
        leaves = nest.flatten(self.structured_outputs)
        self._python_leaves = [None if is_t else leaf
                               for leaf, is_t in zip(leaves, self._output_is_tensor)]
        self._tensor_positions = [i for i, is_t in enumerate(self._output_is_tensor) if is_t]
        self._single = len(leaves) == 1 and self._output_is_tensor[0] and \
            not nest.is_nested(self.structured_outputs)

    def __call__(self, *args, **kwargs):
        flat = [a for a in nest.flatten((args, kwargs)) if _is_tensor_input(a)]
        if len(flat) != len(self._arg_specs):
            raise TypeError("%s expected %d tensor arguments, got %d"
                            % (self.name, len(self._arg_specs), len(flat)))
        values = []
        for i, (a, spec) in enumerate(zip(flat, self._arg_specs)):
            t = convert_to_tensor(a, dtype=spec.dtype) if not isinstance(a, Tensor) else a
            if not spec.is_compatible_with(t):
                raise TypeError("%s: argument %d expected %r, got a %s tensor of shape %s"
                                % (self.name, i, spec, t.dtype.name, t.shape))
            values.append(t._value)
        return self._call_flat(values)

    # --- introspection --------------------------------------------------------------------------
    @property
    def inputs(self):
        return list(self.graph.inputs)

    @property
    def outputs(self):
        return list(self.graph.outputs)

    @property
    def captured_inputs(self):
        return list(self._captures)

    @property
    def variables(self):
        return [c._value for c in self._captures if c.dtype is dtypes.resource]

    @property
    def trainable_variables(self):
        return [v for v in self.variables if v.trainable]

    @property
    def output_dtypes(self):
        return nest.pack_sequence_as(self.structured_outputs, [
            o.dtype if is_t else None for o, is_t in
            zip(_expand(self.graph.outputs, self._output_is_tensor), self._output_is_tensor)])

    def optimization_report(self):
        """Per-pass statistics from optimizing this function's graph."""
        return list(self._report)

    @property
    def lowered_code(self):
        """Source of the Python function the codegen executor generated for this graph."""
        from graphflow.runtime.executor import lowered_source
        return lowered_source(self.graph)

    def pretty_printed_signature(self, verbose=True):
        args, kwargs = self.structured_input_signature
        names = getattr(self, "arg_names", None) or ["arg%d" % i for i in range(len(args))]
        lines = ["%s(%s)" % (self.name, ", ".join(list(names) + list(kwargs)))]
        lines.append("  Args:")
        for name, a in zip(names, args):
            lines.append("    %s: %s" % (name, _describe(a)))
        for k, a in kwargs.items():
            lines.append("    %s: %s" % (k, _describe(a)))
        lines.append("  Returns:")
        outs = nest.flatten(self.structured_outputs)
        described = []
        it = iter(self.graph.outputs)
        for leaf, is_t in zip(outs, self._output_is_tensor):
            described.append(_describe(next(it)) if is_t else repr(leaf))
        if nest.is_nested(self.structured_outputs):
            lines.append("    " + repr(nest.pack_sequence_as(
                self.structured_outputs, [_Raw(d) for d in described])))
        else:
            lines.append("    " + (described[0] if described else "None"))
        return "\n".join(lines)

    def __repr__(self):
        return "<ConcreteFunction %s at 0x%X>" % (self.name, id(self))


class _Raw:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def _describe(x):
    if isinstance(x, TensorSpec) or isinstance(x, Tensor):
        return "%s Tensor, shape=%s" % (x.dtype.name, x.shape)
    return repr(x)


def _expand(outputs, mask):
    it = iter(outputs)
    return [next(it) if m else None for m in mask]


def _is_tensor_input(x):
    return isinstance(x, (Tensor, np.ndarray))
