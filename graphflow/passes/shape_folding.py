"""Shape folding: Shape, Size and Rank of tensors whose static shape is fully known become
constants, whatever computes the tensor (its value is never needed)."""
import numpy as np

from graphflow.ops.rules import known
from graphflow.passes.rewrite import Rewriter, run_pass

SHAPE_OPS = frozenset(("Shape", "Size", "Rank"))


def shape_folding(graph, copy=True):
    """Replace Shape/Size/Rank of statically shaped tensors by Consts; returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("shape_folding", graph, _fold_shapes, copy)


def _static_result(node):
    """The array Shape/Size/Rank would produce, when the input's static shape decides it."""
    name = node.op.name
    shape = node.inputs[0]._shape if node.inputs else None
    if name == "Rank" and shape is not None:
        return np.array(len(shape), dtype=np.int32)
    if not known(shape):
        return None
    np_dtype = node.outputs[0].dtype._np
    if name == "Shape":
        return np.array(shape, dtype=np_dtype).reshape(len(shape))
    if name == "Size":
        return np.array(int(np.prod(shape, dtype=np.int64)), dtype=np_dtype)
    return None


def _fold_shapes(graph, note):
    if not any(node.op.name in SHAPE_OPS for node in graph.nodes):
        return

    def visit(node, rw):
        if node.control_inputs:
            return False
        value = _static_result(node)
        if value is None:
            return False
        c = rw.constant(value, node.outputs[0].dtype, node.name, node.source)
        note("folded %s of %s" % (node.name, node.inputs[0].name))
        return rw.replace(node, [c])
    Rewriter(graph).run(visit, SHAPE_OPS)
