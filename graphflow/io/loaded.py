"""`LoadedFunction`: what `graphflow.load` returns — callable with any saved signature."""
import numpy as np

from graphflow import dtypes, nest
from graphflow.eager import context
from graphflow.eager.tensor import Tensor
from graphflow.shapes import TensorSpec
from graphflow.tracing.signature import bind_positional


class LoadedFunction:
    """The concrete functions of a saved function, their variables, and dispatch on call."""

    def __init__(self, name, function_spec, concrete_functions, variables):
        self.name = name
        self.function_spec = function_spec     # inspect.Signature, or None (positional only)
        self.concrete_functions = list(concrete_functions)
        self.variables = list(variables)

    @property
    def trainable_variables(self):
        return [v for v in self.variables if v.trainable]

    @property
    def arg_names(self):
        """Names of the positional arguments (`arg0`, `arg1`... when none were saved)."""
        if self.function_spec is not None:
            return [p.name for p in self.function_spec.parameters.values()
                    if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        n = max(len(cf.structured_input_signature[0]) for cf in self.concrete_functions)
        return ["arg%d" % i for i in range(n)]

    def __call__(self, *args, **kwargs):
        args = nest.map_structure(_read_variables, list(self._bind(args, kwargs)))
        if any(isinstance(a, TensorSpec) for a in nest.flatten(args)):
            raise TypeError("%s: call it with tensors; use get_concrete_function for "
                            "TensorSpecs" % self.name)
        for strict in (True, False):
            for cf in self.concrete_functions:
                values = _match(cf.structured_input_signature[0], args, strict)
                if values is None:
                    continue
                if context.state.builder is not None or context.state.tapes:
                    return _replay(cf, values)
                return cf._call_flat([v._value if isinstance(v, Tensor) else v
                                      for v in values])
        raise ValueError(
            "Could not find a matching concrete function to call %s loaded from a saved "
            "file. Got: %s\nExpected the arguments to match one of these %d option(s):\n%s"
            % (self.name, _describe(args), len(self.concrete_functions), "\n".join(
                "  Option %d: %s" % (i + 1, _describe(cf.structured_input_signature[0]))
                for i, cf in enumerate(self.concrete_functions))))

    def get_concrete_function(self, *args, **kwargs):
        """The saved ConcreteFunction whose signature accepts these tensors or specs."""
        args = self._bind(args, kwargs)
        for cf in self.concrete_functions:
            if _match(cf.structured_input_signature[0], args, strict=True) is not None:
                return cf
        raise ValueError("%s has no saved concrete function for %s"
                         % (self.name, _describe(args)))

    def _bind(self, args, kwargs):
        """Positional arguments in the saved order (kwargs and defaults filled in)."""
        if self.function_spec is None:
            if kwargs:
                raise TypeError("%s was saved without parameter names; pass its arguments "
                                "positionally" % self.name)
            return tuple(args)
        return bind_positional(self.function_spec, args, kwargs, self.name)

    def __repr__(self):
        return "<graphflow loaded function %s: %d concrete function(s), %d variable(s)>" % (
            self.name, len(self.concrete_functions), len(self.variables))


def _match(signature, args, strict):
    """Flat inputs (tensors or arrays) when `args` fit `signature` (TensorSpec or Python
    leaves), else None.

    Strict matching wants tensors of the spec's dtype; the lenient pass also converts
    Python numbers, lists and arrays of the same kind.
    """
    values = []
    for spec, value in _pairs(list(signature), list(args)):
        if spec is _MISMATCH:
            return None
        if isinstance(spec, TensorSpec):
            fed = _input_for(spec, value, strict)
            if fed is None:
                return None
            values.append(fed)
        elif type(spec) is not type(value) or not _equal(spec, value):
            return None
    return values


_MISMATCH = object()


class _Box:
    """A dict key held as a nest leaf."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


def _pairs(sig, value):
    """(signature leaf, value) pairs in nest.flatten order; a value under a TensorSpec
    stays whole (a Python list may stand for a tensor)."""
    if isinstance(sig, (list, tuple)):
        if not isinstance(value, (list, tuple)) or len(value) != len(sig):
            return [(_MISMATCH, None)]
        return [p for s, v in zip(sig, value) for p in _pairs(s, v)]
    if isinstance(sig, dict):
        if not isinstance(value, dict) or set(value) != set(sig):
            return [(_MISMATCH, None)]
        keys = [box.key for box in nest.flatten({k: _Box(k) for k in sig})]  # nest's order
        return [p for k in keys for p in _pairs(sig[k], value[k])]
    return [(sig, value)]


def _input_for(spec, value, strict):
    """The tensor or array to feed for TensorSpec `spec`, or None when `value` does not fit."""
    if isinstance(value, TensorSpec):       # get_concrete_function(spec): no value
        return value if value.dtype is spec.dtype and \
            spec.shape.is_compatible_with(value.shape) else None
    if isinstance(value, Tensor):
        if value.dtype is not spec.dtype:
            return None
        return value if spec.shape.is_compatible_with(value.shape) else None
    if isinstance(value, (np.ndarray, np.generic)) and \
            dtypes.from_numpy(np.asarray(value).dtype) is spec.dtype:
        array = np.asarray(value)
    elif strict or spec.dtype._np is None or spec.dtype is dtypes.string:
        return None
    else:
        array = np.asarray(value)
        if array.dtype == object or not np.can_cast(array.dtype, spec.dtype._np, "same_kind"):
            return None
        array = array.astype(spec.dtype._np)
    return array if spec.shape.is_compatible_with(array.shape) else None


def _read_variables(value):
    """A variable argument stands for its current value (read once, before matching)."""
    if not isinstance(value, Tensor) and hasattr(value, "_as_graph_tensor"):
        return value._as_graph_tensor()
    return value


def _replay(cf, values):
    """Run `cf`'s graph op by op through `apply`, so that a trace being built (or a
    gradient tape) records the ops, as TF does for restored functions."""
    from graphflow.eager.context import apply
    from graphflow.ops.convert import convert_to_tensor
    graph = cf.graph
    inputs = [v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=spec.dtype)
              for v, spec in zip(values, cf._arg_specs)]
    env = {id(ph): t for ph, t in zip(graph.inputs, inputs + cf.captured_inputs)}
    for node in graph.nodes:
        if node.op.name == "Placeholder":
            continue
        outs = apply(node.op, [env[id(t)] for t in node.inputs], node.attrs)
        for o, t in zip(node.outputs, outs if isinstance(outs, tuple) else (outs,)):
            env[id(o)] = t
    results = iter(env[id(t)] for t in graph.outputs)
    leaves = nest.flatten(cf.structured_outputs)
    return nest.pack_sequence_as(cf.structured_outputs, [
        next(results) if is_tensor else leaf
        for leaf, is_tensor in zip(leaves, cf._output_is_tensor)])


def _equal(a, b):
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - arbitrary Python values may not compare
        return False


def _describe(args):
    return "(%s)" % ", ".join(repr(a) for a in args)
