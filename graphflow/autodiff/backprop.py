"""Reverse accumulation over recorded ops, using each op's gradient rule."""
from graphflow import errors


def backprop(records, targets, sources, output_gradients, unconnected):
    """Gradients of sum(targets) w.r.t. `sources` (tensors), from tape `records`."""
    from graphflow.ops import array_ops, math_ops
    grads = {}
    for i, t in enumerate(targets):
        g = output_gradients[i] if output_gradients is not None and \
            output_gradients[i] is not None else array_ops.ones_like(t)
        _accumulate(grads, t, g, math_ops)
    for rec in reversed(records):
        out_grads = [grads.get(id(o)) for o in rec.outputs]
        if all(g is None for g in out_grads):
            continue
        if rec.op.grad is None:
            continue
        if len(rec.outputs) == 1:
            in_grads = rec.op.grad(rec, out_grads[0])
        else:
            in_grads = rec.op.grad(rec, *out_grads)
        if len(in_grads) != len(rec.inputs):
            raise errors.InternalError(None, None, "gradient of %s returned %d values for %d "
                                       "inputs" % (rec.op.name, len(in_grads), len(rec.inputs)))
        for x, g in zip(rec.inputs, in_grads):
            if g is not None:
                _accumulate(grads, x, g, math_ops)
    result = []
    for s in sources:
        g = grads.get(id(s))
        if g is None and unconnected == "zero":
            g = _zeros_for(s)
        result.append(g)
    return result


def _accumulate(grads, t, g, math_ops):
    key = id(t)
    prev = grads.get(key)
    grads[key] = g if prev is None else math_ops.add(prev, g)


def _zeros_for(s):
    from graphflow.ops import array_ops, state_ops
    from graphflow.eager.context import apply
    from graphflow import dtypes
    if s.dtype is dtypes.resource:
        var = getattr(s, "_value", None)
        if var is not None and hasattr(var, "_attrs"):
            return array_ops.zeros_like(apply(state_ops.READ, [s], var._attrs))
    return array_ops.zeros_like(s)
