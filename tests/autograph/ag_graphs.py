"""Counting ops in a graph and all its nested subgraphs."""


def count_ops(graph, *names):
    total = sum(1 for n in graph.nodes if n.op.name in names)
    return total + sum(count_ops(g, *names) for g in graph.subgraphs())


def count_loops(graph):
    return count_ops(graph, "While", "StatelessWhile")


def count_conds(graph):
    return count_ops(graph, "If", "StatelessIf")
