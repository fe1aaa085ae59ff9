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
