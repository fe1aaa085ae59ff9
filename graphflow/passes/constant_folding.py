"""Constant folding: pure nodes whose inputs are all constants are evaluated once, at compile
time, with their own kernels and replaced by Const nodes; an If whose predicate is constant
becomes its taken branch, inlined.

Size limits keep compile-time memory sane: a result with more than MAX_ELEMENTS elements is
never computed, and a computed result that is much larger than its inputs (a Fill or
BroadcastTo of a big shape) is only used to fold further nodes, never stored as a Const
itself: the original node stays and recomputes it at run time.
"""
import numpy as np

from graphflow.passes.rewrite import IF_OPS, Rewriter, const_value, is_pure, run_pass
from graphflow.passes.inlining import inline_branch

MAX_ELEMENTS = 1 << 20        # largest result evaluated at compile time (a 1024x1024 matrix)
GROWTH_LIMIT = 8              # a stored result may be at most this many times its inputs ...
SMALL_RESULT = 1 << 12        # ... unless it is this small anyway


def constant_folding(graph, copy=True):
    """Fold constant subexpressions and constant-predicate Ifs; returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("constant_folding", graph, _fold, copy)


def _fold(graph, note):
    values, work = _evaluate(graph)
    if not work:
        return
    kept, needed = _uses_at_run_time(graph, values)
    Rewriter(graph).run(lambda node, rw: _visit(node, rw, values, kept, needed, note))


def _evaluate(graph):
    """(map node -> tuple of output arrays for every node computable at compile time,
    whether there is anything to fold: a computed node that is not a Const, or an If whose
    predicate is computed)."""
    values = {}
    work = False
    for node in graph.nodes:
        name = node.op.name
        if name == "Const":
            values[node] = (node.attrs["value"],)
            continue
        if name in IF_OPS and node.inputs[0].node in values:
            work = True
        if not node.inputs or not _all_computed(node.inputs, values) or not is_pure(node) or \
                any(c.op.stateful or c not in values for c in node.control_inputs):
            continue
        result = _run_kernel(node, [values[t.node][t.index] for t in node.inputs])
        if result is not None:
            values[node] = result
            work = True
    return values, work


def _all_computed(inputs, values):
    """True when every input's node has computed values."""
    for t in inputs:
        if t.node not in values:
            return False
    return True


def _run_kernel(node, args):
    """The node's outputs as arrays, or None if the kernel fails or a result is too big or
    disagrees with the recorded dtype/shape (the node is then left to run at run time)."""
    try:
        with np.errstate(all="ignore"):
            result = node.op.kernel(*args, **node.attrs)
    except Exception:  # noqa: BLE001 - the error is raised again when the graph runs
        return None
    results = (result,) if len(node.outputs) == 1 else tuple(result)
    arrays = []
    for out, r in zip(node.outputs, results):
        r = np.asarray(r)
        np_dtype = out.dtype._np
        if np_dtype is None or r.dtype != np.dtype(np_dtype) or r.size > MAX_ELEMENTS:
            return None
        if out._shape is not None and (len(out._shape) != r.ndim or any(
                d is not None and d != s for d, s in zip(out._shape, r.shape))):
            return None
        arrays.append(r)
    return tuple(arrays)


def _too_big(node, values):
    """True when storing the node's results would blow up constant memory."""
    inputs = sum(values[t.node][t.index].size for t in node.inputs)
    out = sum(v.size for v in values[node])
    return out > max(GROWTH_LIMIT * inputs, SMALL_RESULT)


def _uses_at_run_time(graph, values):
    """(computed nodes that stay as they are because their results are too big to store,
    nodes whose results something left at run time reads). Computed nodes in neither set
    were only feeding other folded nodes and disappear."""
    needed = {t.node for t in graph.outputs}
    kept = set()
    for node in reversed(graph.nodes):
        if node in values and node.op.name != "Const":
            if node not in needed or not _too_big(node, values):
                continue
            kept.add(node)
        needed.update(t.node for t in node.inputs)
        needed.update(node.control_inputs)
    return kept, needed


def _visit(node, rw, values, kept, needed, note):
    if node.op.name in IF_OPS:
        pred = node.inputs[0]    # already resolved: a Const if it was folded
        if pred.node in values or pred.node.op.name == "Const":
            taken = bool(const_value(pred) if pred.node.op.name == "Const"
                         else values[pred.node][pred.index])
            outputs, control = inline_branch(rw, node, taken)
            note("inlined the %s branch of %s" % ("then" if taken else "else", node.name))
            return rw.replace(node, outputs, control)
        return False
    if node not in values or node.op.name == "Const" or node in kept:
        return False
    note("folded %s" % node.name)
    if node not in needed:
        return True
    single = len(node.outputs) == 1
    consts = [rw.constant(value, out.dtype, node.name if single else "%s/%d" % (node.name, i),
                          node.source)
              for i, (value, out) in enumerate(zip(values[node], node.outputs))]
    return rw.replace(node, consts)
