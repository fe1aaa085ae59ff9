"""Graph walks shared by passes, the verifier and executors: subgraphs, users, reachability,
topological order, last uses, node counts."""
import heapq

from graphflow.graph.graph import Graph


def graph_attrs(node):
    """(attr name, Graph) pairs held by `node` (If branches, While cond/body)."""
    if not node.attrs:
        return []
    return [(k, v) for k, v in node.attrs.items() if isinstance(v, Graph)]


def producers(node):
    """Nodes `node` depends on: producers of its data inputs, then its control inputs."""
    return [t.node for t in node.inputs] + list(node.control_inputs)


def users(graph):
    """Map node -> list of nodes consuming one of its outputs or depending on it by control."""
    return graph.users()


def ancestors(roots):
    """Every node reachable backwards from `roots` through data and control inputs
    (the roots included)."""
    seen = set(roots)
    stack = list(seen)
    while stack:
        node = stack.pop()
        for t in node.inputs:
            if t.node not in seen:
                seen.add(t.node)
                stack.append(t.node)
        for c in node.control_inputs:
            if c not in seen:
                seen.add(c)
                stack.append(c)
    return seen


def topological_order(nodes):
    """`nodes` in an order where producers come first, stable with respect to the given order
    (Kahn's algorithm); raises ValueError on a cycle."""
    members = set(nodes)
    pending = {n: sum(1 for p in producers(n) if p in members) for n in nodes}
    consumers = {n: [] for n in nodes}
    for n in nodes:
        for p in producers(n):
            if p in members:
                consumers[p].append(n)
    position = {n: i for i, n in enumerate(nodes)}
    ready = [(position[n], n) for n in nodes if pending[n] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, n = heapq.heappop(ready)
        order.append(n)
        for c in consumers[n]:
            pending[c] -= 1
            if pending[c] == 0:
                heapq.heappush(ready, (position[c], c))
    if len(order) != len(nodes):
        stuck = [n.name for n in nodes if pending[n] > 0]
        raise ValueError("graph has a cycle through nodes %s" % ", ".join(stuck))
    return order


def last_uses(graph):
    """Map id(Output) -> index in graph.nodes of the last node reading it (len(nodes) for
    graph outputs: they live until the end)."""
    last = {}
    for i, node in enumerate(graph.nodes):
        for t in node.inputs:
            last[id(t)] = i
    end = len(graph.nodes)
    for t in graph.outputs:
        last[id(t)] = end
    return last


def count_nodes(graph):
    """Nodes in `graph` plus, recursively, in the subgraphs its nodes hold."""
    total = len(graph.nodes)
    for node in graph.nodes:
        if node.attrs:
            for value in node.attrs.values():
                if isinstance(value, Graph):
                    total += count_nodes(value)
    return total
