"""Reverse accumulation over recorded ops (tape records or graph nodes), using each op's
gradient rule. Works eagerly and while tracing: the rules are written with public ops."""
import numpy as np

from graphflow import dtypes, errors
from graphflow.autodiff.tape import trainable_dtype


def backprop(records, targets, sources, output_gradients=None, unconnected="none"):
    """Gradients of sum(targets) w.r.t. `sources` (tensors), from `records` in forward order.

    Each record has `.op` (an OpDef or anything with `.grad` and `.name`), `.inputs`,
    `.outputs` and `.attrs`. `output_gradients` (one per target, or None) seed the targets;
    ones are used otherwise. Sources the targets do not depend on get None, or zeros when
    `unconnected == "zero"`; integer sources always get None.
    """
    grads = {}
    for i, t in enumerate(targets):
        if not trainable_dtype(t.dtype):
            continue
        g = output_gradients[i] if output_gradients is not None else None
        accumulate(grads, t, _ones_seed(t) if g is None else g)
    for rec in reversed(records):
        out_grads = [grads.get(id(o)) for o in _outputs(rec)]
        if rec.op.grad is None or all(g is None for g in out_grads):
            continue
        in_grads = rec.op.grad(rec, *out_grads)
        if len(in_grads) != len(rec.inputs):
            raise errors.InternalError(None, None, "gradient of %s returned %d values for %d "
                                       "inputs" % (rec.op.name, len(in_grads), len(rec.inputs)))
        for x, g in zip(rec.inputs, in_grads):
            if g is not None and trainable_dtype(x.dtype):
                accumulate(grads, x, g)
    result = []
    for s in sources:
        g = grads.get(id(s)) if trainable_dtype(s.dtype) else None
        if g is None and unconnected == "zero":
            g = zeros_for(s)
        result.append(g)
    return result


def _outputs(rec):
    """A record's outputs; for a graph node, all its current outputs (control-flow
    gradients may add outputs to a node after it was recorded)."""
    outputs = rec.outputs
    node = getattr(outputs[0], "node", None) if outputs else None
    if node is not None and len(node.outputs) > len(outputs):
        return node.outputs
    return outputs


def _ones_seed(t):
    """d(target)/d(target): a constant when the shape is static (foldable), else OnesLike."""
    from graphflow.ops import array_ops
    from graphflow.ops.convert import constant_from_array
    shape = t._shape
    if shape is not None and None not in shape and t.dtype._np is not None:
        return constant_from_array(np.ones(shape, t.dtype._np), t.dtype)
    return array_ops.ones_like(t)


def accumulate(grads, t, g):
    """Add `g` to the gradient collected so far for tensor `t`."""
    key = id(t)
    prev = grads.get(key)
    grads[key] = g if prev is None else add_gradients(prev, g)


def add_gradients(a, b):
    """a + b for two gradients of the same tensor (item-wise for TensorArray lists)."""
    if a.dtype is dtypes.variant:
        from graphflow.autodiff.tensor_array_grad import add_lists
        return add_lists(a, b)
    from graphflow.ops import math_ops
    return math_ops.add(a, b)


def zeros_for(s):
    """Zeros shaped like the value of `s` (a variable's value for a resource handle, a list
    of zero items for a TensorArray list)."""
    from graphflow.ops import array_ops
    if s.dtype is dtypes.variant:
        from graphflow.autodiff.tensor_array_grad import zeros_list
        return zeros_list(s)
    if s.dtype is dtypes.resource:
        from graphflow.autodiff.tape import variable_of
        var = variable_of(s)
        return array_ops.zeros(var._shape, var.dtype)
    return array_ops.zeros_like(s)
