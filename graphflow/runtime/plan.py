"""Static facts about a graph that executors share: which nodes run, value uses, and
where each value is last read."""

CONTROL_FLOW = ("If", "StatelessIf", "While", "StatelessWhile")


def static_size(output):
    """Element count of a fully known static shape, else None."""
    shape = output._shape
    if shape is None:
        return None
    n = 1
    for d in shape:
        if d is None:
            return None
        n *= d
    return n


def runnable_nodes(graph):
    """Nodes that execute (everything but graph inputs), in topological order."""
    return [n for n in graph.nodes if n.op.name != "Placeholder"]


def last_uses(nodes, outputs):
    """Map id(Output) -> index of the last node in `nodes` that reads it.

    Values read by `outputs` (the graph's results) are never dead, so they map to
    len(nodes).
    """
    last = {}
    for i, node in enumerate(nodes):
        for t in node.inputs:
            last[id(t)] = i
    end = len(nodes)
    for t in outputs:
        last[id(t)] = end
    return last

