"""`Graph`: an ordered (topologically sorted) list of nodes with inputs and outputs."""
import itertools

from graphflow.graph.node import Node


class Graph:
    """A dataflow graph. `inputs` are Placeholder outputs; `outputs` are any outputs."""

    def __init__(self, name="graph"):
        self.name = name
        self.nodes = []
        self.inputs = []
        self.outputs = []
        self._names = {}
        self._ids = itertools.count()

    def unique_name(self, base):
        n = self._names.get(base)
        if n is None:
            self._names[base] = 1
            return base
        self._names[base] = n + 1
        return "%s_%d" % (base, n)

    def create_node(self, op, inputs, attrs, out_specs, control_inputs=(), name=None,
                    source=None):
        """Append a node (callers keep the list topologically ordered)."""
        node = Node(op, self.unique_name(name or op.name), inputs, attrs, out_specs, self,
                    control_inputs, source)
        self.nodes.append(node)
        return node

    def add_input(self, dtype, shape, name="input"):
        from graphflow.ops.registry import get
        node = self.create_node(get("Placeholder"), [], {"dtype": dtype, "shape": shape},
                                [(dtype, shape)], name=name)
        self.inputs.append(node.outputs[0])
        return node.outputs[0]

    def users(self):
        """Map node -> list of nodes consuming its outputs (data or control)."""
        users = {n: [] for n in self.nodes}
        for n in self.nodes:
            for t in n.inputs:
                users.setdefault(t.node, []).append(n)
            for c in n.control_inputs:
                users.setdefault(c, []).append(n)
        return users

    def subgraphs(self):
        """Graphs held directly in node attrs (If branches, While cond/body)."""
        for n in self.nodes:
            for v in n.attrs.values():
                if isinstance(v, Graph):
                    yield v

    def copy(self):
        """A deep copy (nodes and subgraphs) sharing op defs and constant arrays."""
        from graphflow.graph.copying import copy_graph
        return copy_graph(self)

    def pretty(self):
        from graphflow.graph.printer import print_graph
        return print_graph(self)

    def __str__(self):
        return self.pretty()

    def __repr__(self):
        return "<Graph %s: %d nodes, %d inputs, %d outputs>" % (
            self.name, len(self.nodes), len(self.inputs), len(self.outputs))

    def to_dot(self, **kw):
        from graphflow.io.export import to_dot
        return to_dot(self, **kw)

    def to_json(self, **kw):
        from graphflow.io.export import to_json
        return to_json(self, **kw)

    def to_networkx(self):
        from graphflow.io.export import to_networkx
        return to_networkx(self)

    def _repr_svg_(self):
        from graphflow.io.export import to_svg
        return to_svg(self)
