"""`GradientTape.jacobian`: one backward pass per target element, stacked."""
import numpy as np

from graphflow import nest
from graphflow.autodiff.backprop import backprop, zeros_for
from graphflow.autodiff.tape import source_tensor


def jacobian(records, target, sources, unconnected):
    """d(target)/d(sources) from tape `records`; each result has shape
    target.shape + source.shape. The target's shape must be known statically."""
    from graphflow.ops import array_ops
    from graphflow.ops.convert import convert_to_tensor, constant_from_array
    target = convert_to_tensor(target)
    shape = target._shape
    if shape is None or None in shape:
        raise ValueError("jacobian needs a target with a fully known shape, got %s"
                         % (target.shape,))
    flat_sources = nest.flatten(sources)
    tensors = [source_tensor(s) for s in flat_sources]
    n = int(np.prod(shape))
    rows = [[] for _ in tensors]
    for i in range(n):
        seed = np.zeros(n, target.dtype._np)
        seed[i] = 1
        seed = constant_from_array(seed.reshape(shape), target.dtype)
        for row, g in zip(rows, backprop(records, [target], tensors, [seed])):
            row.append(g)
    result = []
    for t, row in zip(tensors, rows):
        # Connectivity does not depend on the seed: one None row means all are None.
        if not row or row[0] is None:
            if unconnected == "none":
                result.append(None)
                continue
            zero = zeros_for(t)
            result.append(array_ops.zeros(list(shape) + list(zero._shape), zero.dtype))
            continue
        stacked = array_ops.stack(row)
        result.append(array_ops.reshape(stacked, list(shape) + list(row[0]._shape)))
    return nest.pack_sequence_as(sources, result)


def batch_jacobian(records, target, source, unconnected):
    """Per-example jacobians: target [b, y...] and source [b, x...] give [b, y..., x...]
    (target[i] must depend only on source[i]). Shapes must be known statically."""
    from graphflow.ops import array_ops
    from graphflow.ops.convert import convert_to_tensor
    target = convert_to_tensor(target)
    t_shape, s_shape = target._shape, source_tensor(source)._shape
    if t_shape is None or None in t_shape or len(t_shape) < 2 or s_shape is None or \
            None in s_shape or len(s_shape) < 2:
        raise ValueError("batch_jacobian needs target and source of rank >= 2 with fully "
                         "known shapes, got %s and %s" % (target.shape, source.shape))
    if t_shape[0] != s_shape[0]:
        raise ValueError("Need first dimension of target shape (%s) and source shape (%s) "
                         "to match." % (target.shape, source.shape))
    full = jacobian(records, target, source, unconnected)
    if full is None:
        return None
    batch = t_shape[0]
    rows = int(np.prod(t_shape[1:]))
    flat = array_ops.reshape(full, [batch, rows, batch, -1])
    per_example = [flat[i, :, i] for i in range(batch)]
    return array_ops.reshape(array_ops.stack(per_example), list(t_shape) + list(s_shape[1:]))
