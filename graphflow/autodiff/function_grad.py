"""Gradients through a compiled function called eagerly under a GradientTape.

As in TF, the call is recorded on the tape as one op. Its gradient is itself a compiled
function (traced once per concrete function and signature) that replays the traced
graph and backpropagates through it, so the backward pass also runs as a graph. The
replay recomputes the forward values, so functions with random (stateful) results are
refused with a clear error rather than given wrong gradients.
"""
import weakref

from graphflow import nest
from graphflow.autodiff.backprop import backprop, zeros_for
from graphflow import errors
from graphflow.autodiff.replay import capture, has_stateful_results, inline_graph
from graphflow.autodiff.tape import trainable_dtype
from graphflow.eager import context
from graphflow.eager.tensor import EagerTensor

_GRADIENT_FUNCTIONS = weakref.WeakKeyDictionary()   # ConcreteFunction -> gradient Function


class _FunctionCallOp:
    """Stands in for an OpDef in tape records: a call of a concrete function."""

    name = "PartitionedCall"
    reads_resource = False

    def __init__(self, concrete):
        self._concrete = concrete

    def grad(self, record, *dys):
        dys = [d if d is not None else zeros_for(o) for d, o in zip(dys, record.outputs)]
        n_args = len(record.inputs) - len(self._concrete._captures)
        fn = _gradient_function(self._concrete)
        return list(fn(list(record.inputs[:n_args]), dys))


def _gradient_function(concrete):
    fn = _GRADIENT_FUNCTIONS.get(concrete)
    if fn is not None:
        return fn
    graph = concrete.unoptimized_graph
    if has_stateful_results(graph):
        raise errors.UnimplementedError(
            None, None, "Cannot differentiate an eager call of %s: it draws random values "
            "(or runs another stateful op) that its gradient would recompute differently. "
            "Open the GradientTape inside the graphflow.function instead." % concrete.name)
    captures = list(concrete._captures)

    def gradient(args, dys):
        inputs = list(args) + [capture(c) for c in captures]
        outs, records, _ = inline_graph(graph, inputs)
        seeded = [(o, d) for o, d in zip(outs, dys) if trainable_dtype(o.dtype)]
        return backprop(records, [o for o, _ in seeded], inputs, [d for _, d in seeded])
    from graphflow.tracing.function import function
    fn = function(gradient, autograph=False, name=concrete.name + "_grad")
    _GRADIENT_FUNCTIONS[concrete] = fn
    return fn


def record_call(concrete, args, values, result):
    """Record a finished eager call of `concrete` on the active tapes: `args` are the flat
    tensor-like arguments, `values` their arrays, `result` the packed outputs."""
    outputs = tuple(t for t in nest.flatten(result) if isinstance(t, EagerTensor))
    if not outputs:
        return
    inputs = [a if isinstance(a, EagerTensor) else EagerTensor(v, spec.dtype)
              for a, v, spec in zip(args, values, concrete._arg_specs)]
    inputs += list(concrete._captures)
    op = _FunctionCallOp(concrete)
    for tape in context.state.tapes:
        tape._record(op, inputs, {}, outputs)
