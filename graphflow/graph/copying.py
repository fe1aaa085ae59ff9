"""Deep-copying graphs (passes that rewrite work on copies)."""


def copy_graph(graph, input_map=None):
    """Copy `graph`; nodes and subgraph attrs are new, op defs and arrays are shared."""
    from graphflow.graph.graph import Graph
    from graphflow.graph.node import Node
    new = Graph(graph.name)
    new._names = dict(graph._names)
    mapping = {}
    node_map = {}
    for node in graph.nodes:
        attrs = {k: (copy_graph(v) if isinstance(v, Graph) else v)
                 for k, v in node.attrs.items()}
        inputs = [mapping[id(t)] for t in node.inputs]
        n = Node(node.op, node.name, inputs, attrs, [(o.dtype, o._shape) for o in node.outputs],
                 new, [node_map[id(c)] for c in node.control_inputs], node.source)
        new.nodes.append(n)  # the name is the original's: no need to make one up
        node_map[id(node)] = n
        for old, out in zip(node.outputs, n.outputs):
            mapping[id(old)] = out
    new.inputs = [mapping[id(t)] for t in graph.inputs]
    new.outputs = [mapping[id(t)] for t in graph.outputs]
    return new
