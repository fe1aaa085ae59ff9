"""A rough cost model: work units per node from static shapes and the op's cost class.

One unit is about one element of a simple elementwise numpy loop. Handing a node to the
thread pool and back costs about 22 us here, some 100k units, so only nodes above
`POOL_THRESHOLD` are worth sending to the pool.
"""
from graphflow.runtime.plan import CONTROL_FLOW, runnable_nodes, static_size

POOL_THRESHOLD = 100_000
# Kernels that already use every core (BLAS); running two at once, or one on a pool
# thread, only makes BLAS threads fight, so they stay on the calling thread.
MULTITHREADED = ("MatMul", "BatchMatMul", "BatchMatMulV2")
HEAVY_FACTOR = 8          # op.cost == "heavy" without a better estimate
_FREE = ("Const", "Placeholder", "Identity", "Shape", "Size", "Rank", "Reshape")


def node_cost(node):
    """Estimated work units of running `node` once (0 when shapes are unknown and the op
    is light; control flow counts as the cost of its largest branch/body pass)."""
    name = node.op.name
    if name in _FREE:
        return 0
    if name in CONTROL_FLOW:
        return max((graph_cost(g) for g in node.attrs.values() if hasattr(g, "nodes")),
                   default=0)
    sizes = [static_size(t) or 0 for t in list(node.inputs) + list(node.outputs)]
    work = max(sizes, default=0)
    if name in ("MatMul", "BatchMatMulV2"):
        a, b = node.inputs[0]._shape, node.inputs[1]._shape
        if a and b and None not in a[-2:] and None not in b[-2:]:
            k = a[-2] if node.attrs.get("transpose_a") else a[-1]
            return (static_size(node.outputs[0]) or 0) * k
    if node.op.cost == "heavy":
        return max(work, 1) * HEAVY_FACTOR
    return work


def worth_pool(node):
    """True when `node` should run on the pool: heavy and single-threaded."""
    return node.op.name not in MULTITHREADED and node_cost(node) >= POOL_THRESHOLD


def graph_cost(graph):
    return sum(node_cost(n) for n in runnable_nodes(graph))


def parallel_width(graph, skip_elementwise=False):
    """How many pool-worthy nodes could run at the same time (nodes at equal dataflow depth,
    a lower bound on the widest antichain)."""
    depth = {}
    width = {}
    for node in runnable_nodes(graph):
        preds = [t.node for t in node.inputs] + list(node.control_inputs)
        d = 1 + max((depth.get(p, 0) for p in preds), default=0)
        depth[node] = d
        if worth_pool(node) and not (skip_elementwise and node.op.elementwise):
            width[d] = width.get(d, 0) + 1
    return max(width.values(), default=0)


def prefers_parallel(graph):
    """True for wide graphs of heavy independent ops (the `auto` executor's rule).

    Elementwise ops do not count: codegen fuses them and splits their blocks over threads.
    """
    return parallel_width(graph, skip_elementwise=True) >= 2
