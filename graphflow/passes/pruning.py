"""Model pruning: nodes whose results reach neither a graph output nor a node with effects
are removed. Stateful nodes (variable writes, prints, random draws, If/While with effects)
and everything they depend on stay, as do the graph's input Placeholders."""
from graphflow.graph.traversal import ancestors
from graphflow.passes.rewrite import has_effect, run_pass


def pruning(graph):
    """Remove dead nodes (recursively in subgraphs); returns (graph, stats)."""
    return run_pass("pruning", graph, _prune)


def _prune(graph, note):
    roots = [t.node for t in graph.outputs] + [n for n in graph.nodes if has_effect(n)]
    live = ancestors(roots)
    inputs = {t.node for t in graph.inputs}
    kept = []
    for node in graph.nodes:
        if node in live or node in inputs:
            kept.append(node)
        else:
            note("removed %s" % node.name)
    graph.nodes = kept
