"""`GradientTape.jacobian`: one backward pass per target element, stacked."""
import numpy as np

from graphflow import nest
from graphflow.autodiff.backprop import backprop, zeros_for
from graphflow.autodiff.tape import source_tensor


def jacobian(records, target, sources, unconnected):
    """d(target)/d(sources) from tape `records`; each result has shape
    target.shape + source.shape. A static target shape unrolls one backward pass per
    element; otherwise (inside a graph) a while loop runs them."""
    from graphflow.ops import array_ops
    from graphflow.ops.convert import convert_to_tensor, constant_from_array
    target = convert_to_tensor(target)
    shape = target._shape
    flat_sources = nest.flatten(sources)
    tensors = [source_tensor(s) for s in flat_sources]
    if shape is None or None in shape:
        return nest.pack_sequence_as(sources, _dynamic_jacobian(records, target, tensors,
                                                                unconnected))
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
        result.append(array_ops.reshape(array_ops.stack(row), _joined_shape(shape, row[0])))
    return nest.pack_sequence_as(sources, result)


def _joined_shape(target_shape, row):
    """target_shape + row's shape, as a list when static, else as a shape tensor."""
    if row._shape is not None and None not in row._shape:
        return list(target_shape) + list(row._shape)
    from graphflow.ops import array_ops, shape_ops
    from graphflow.ops.convert import convert_to_tensor
    return shape_ops.concat([convert_to_tensor(list(target_shape), "int32"),
                             array_ops.shape(row)], 0)


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


def _dynamic_jacobian(records, target, tensors, unconnected):
    """Jacobian rows computed by a While over the target's elements (unknown shape)."""
    from graphflow.autodiff.stacks import EMPTY_STACK, STACK_PUSH, stack_to_tensor
    from graphflow.eager.context import apply
    from graphflow.ops import array_ops, control_flow_ops, creation_ops, math_ops, shape_ops
    n = array_ops.size(target)
    connected = [False] * len(tensors)
    rows = {}

    def body(i, *stacks):
        seed = math_ops.cast(math_ops.equal(creation_ops.range(n), i), target.dtype)
        seed = array_ops.reshape(seed, array_ops.shape(target))
        grads = backprop(records, [target], tensors, [seed])
        for k, (t, g) in enumerate(zip(tensors, grads)):
            connected[k] = g is not None
            rows[k] = g if g is not None else zeros_for(t)
        grads = [rows[k] for k in range(len(tensors))]
        return [i + 1] + [apply(STACK_PUSH, [s, g]) for s, g in zip(stacks, grads)]
    init = [array_ops.zeros([], "int32")] + [apply(EMPTY_STACK, []) for _ in tensors]
    outs = control_flow_ops.while_loop(lambda i, *stacks: i < n, body, init)
    result = []
    for k, stack in enumerate(outs[1:]):
        if not connected[k] and unconnected == "none":
            result.append(None)
            continue
        stacked = stack_to_tensor(stack, rows[k])
        full_shape = shape_ops.concat([array_ops.shape(target),
                                       array_ops.shape(stacked)[1:]], 0)
        result.append(array_ops.reshape(stacked, full_shape))
    return result
