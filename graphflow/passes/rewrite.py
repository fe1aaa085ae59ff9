"""What every pass shares: running on a copy recursively through subgraphs, per-pass
statistics, an in-order rewriter that substitutes outputs, and which ops are pure."""
from graphflow.graph.traversal import count_nodes, graph_attrs

# Ops with effects or nondeterminism that a registry flag might not reveal (defensive:
# random generators, printing, asserts and Python callbacks are never evaluated at compile
# time, merged or moved).
_IMPURE_NAME_PARTS = ("Random", "Print", "Assert", "PyFunc", "Stateful", "CheckNumerics")
_IMPURE_NAMES = {}  # op name -> whether it contains one of the parts above


def has_effect(node):
    """True when running `node` matters beyond its outputs (writes, prints, random draws)."""
    op = node.op
    if op.stateful:
        return True
    impure = _IMPURE_NAMES.get(op.name)
    if impure is None:
        impure = _IMPURE_NAMES[op.name] = any(part in op.name for part in _IMPURE_NAME_PARTS)
    return impure


def is_pure(node):
    """True when `node` may be evaluated early, merged or moved: a foldable op (no effects, no
    resource reads), no subgraph attrs and not random or printing."""
    op = node.op
    if not op.foldable or op.reads_resource or has_effect(node):
        return False
    return not graph_attrs(node)


def const_value(t):
    """The array behind Output `t` when its node is a Const, else None."""
    node = t.node
    return node.attrs["value"] if node.op.name == "Const" else None


def run_pass(name, graph, transform, copy=True):
    """Apply `transform(graph, note)` to every subgraph (innermost first) and then the graph
    itself, on a copy of `graph` unless `copy` is False (the pipeline copies once for all
    passes); returns (the transformed graph, stats dict)."""
    before = count_nodes(graph)
    new = graph.copy() if copy else graph
    changes = []
    _walk(new, transform, changes, "")
    stats = {"pass": name, "nodes_before": before,
             "nodes_after": count_nodes(new) if changes else before, "changes": changes}
    return new, stats


def _walk(graph, transform, changes, scope):
    for node in list(graph.nodes):
        for attr, sub in graph_attrs(node):
            _walk(sub, transform, changes, "%s%s/%s/" % (scope, node.name, attr))

    def note(message):
        changes.append(scope + message)
    transform(graph, note)


class Rewriter:
    """Rebuilds `graph.nodes` in order; a visitor may replace a node's outputs by other
    outputs (the node is then dropped) and may create nodes, which land at the current
    position. Later inputs, control inputs and the graph's outputs follow the substitutions."""

    def __init__(self, graph):
        self.graph = graph
        self._subst = {}     # id(old Output) -> Output
        self._control = {}   # dropped node -> nodes that stand for it as a control input

    def resolve(self, t):
        """The current stand-in for Output `t`."""
        seen = self._subst.get(id(t))
        while seen is not None:
            t = seen
            seen = self._subst.get(id(t))
        return t

    def replace(self, node, outputs, control=None):
        """Drop `node`; its i-th output becomes `outputs[i]`. Control dependents of `node` will
        depend on `control` (default: the producers of `outputs`)."""
        for old, new in zip(node.outputs, outputs):
            self._subst[id(old)] = new
        if control is None:
            control = [t.node for t in outputs]
        self._control[node] = list(control)
        return True

    def add_node(self, op, inputs, attrs, out_specs, control_inputs=(), name=None,
                 source=None):
        """Create a node at the current position, named `name` made unique in the graph."""
        node = self.graph.create_node(op, inputs, attrs, out_specs, control_inputs,
                                      source=source)
        base = name or op.name
        candidate, i = base, 0
        while candidate in self._names:
            i += 1
            candidate = "%s_%d" % (base, i)
        self._names.add(candidate)
        node.name = candidate
        return node

    def constant(self, value, dtype, name, source=None):
        """An Output of a new Const node holding array `value`, at the current position. It
        may take the name of the node being visited (which it is about to replace)."""
        from graphflow.ops.graph_ops import CONST
        attrs = {"value": value, "dtype": dtype}
        if name != self._current.name:
            return self.add_node(CONST, [], attrs, [(dtype, value.shape)], name=name,
                                 source=source).outputs[0]
        node = self.graph.create_node(CONST, [], attrs, [(dtype, value.shape)], source=source)
        node.name = name
        return node.outputs[0]

    def _controls(self, nodes):
        """Control inputs after substitution; Placeholders and Consts order nothing."""
        out = []
        for c in nodes:
            if c in self._control:
                stand_ins = self._controls(self._control[c])
            else:
                stand_ins = [] if c.op.name in ("Placeholder", "Const") else [c]
            out.extend(r for r in stand_ins if r not in out)
        return out

    def run(self, visit):
        """Call `visit(node, rewriter)` on each node in order (after substituting its inputs);
        the node is kept unless the visitor called `replace` (and returned True)."""
        graph = self.graph
        old = graph.nodes
        self._names = {n.name for n in old}
        graph.nodes = []
        subst = self._subst
        for node in old:
            self._current = node
            if subst:
                node.inputs = [self.resolve(t) for t in node.inputs]
            if node.control_inputs:
                node.control_inputs = self._controls(node.control_inputs)
            if not visit(node, self):
                graph.nodes.append(node)
        graph.outputs = [self.resolve(t) for t in graph.outputs]
        return graph
