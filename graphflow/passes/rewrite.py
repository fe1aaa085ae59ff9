"""What every pass shares: running on a copy recursively through subgraphs, per-pass
statistics, an in-order rewriter that substitutes outputs, and which ops are pure."""
from graphflow.graph.graph import Graph
from graphflow.graph.traversal import count_nodes, graph_attrs

# Ops with effects or nondeterminism that a registry flag might not reveal (defensive:
# random generators, printing, asserts and Python callbacks are never evaluated at compile
# time, merged or moved).
_IMPURE_NAME_PARTS = ("Random", "Print", "Assert", "PyFunc", "Stateful", "CheckNumerics")
_IMPURE_NAMES = {}  # op name -> whether it contains one of the parts above
IF_OPS = frozenset(("If", "StatelessIf"))
WHILE_OPS = frozenset(("While", "StatelessWhile"))


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
    new = graph.copy() if copy else graph
    changes = []
    before = _walk(new, transform, changes, "")
    stats = {"pass": name, "nodes_before": before,
             "nodes_after": count_nodes(new) if changes else before, "changes": changes}
    return new, stats


def _walk(graph, transform, changes, scope):
    """Transform `graph`'s subgraphs, then `graph`; returns how many nodes they had before.
    (A transform only changes its graph and that graph's subgraphs, counted already.)"""
    count = len(graph.nodes)
    for node in graph.nodes:
        if node.attrs:
            for attr, value in node.attrs.items():
                if isinstance(value, Graph):
                    count += _walk(value, transform, changes,
                                   "%s%s/%s/" % (scope, node.name, attr))

    def note(message):
        changes.append(scope + message)
    transform(graph, note)
    return count


class Rewriter:
    """Rebuilds `graph.nodes` in order; a visitor may replace a node's outputs by other
    outputs (the node is then dropped) and may create nodes, which land at the current
    position. Later inputs, control inputs and the graph's outputs follow the substitutions."""

    def __init__(self, graph):
        self.graph = graph
        self._subst = {}     # id(old Output) -> Output
        self._control = {}   # dropped node -> (its stand-in outputs, control stand-ins)
        self._names = None   # names taken in the graph, gathered when a node is first added
        self._old = graph.nodes
        self._current = None

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
        self._control[node] = (outputs, control)
        return True

    def add_node(self, op, inputs, attrs, out_specs, control_inputs=(), name=None,
                 source=None):
        """Create a node at the current position, named `name` made unique in the graph."""
        node = self.graph.create_node(op, inputs, attrs, out_specs, control_inputs,
                                      source=source)
        if self._names is None:
            self._names = {n.name for n in self._old}
            self._names.update(n.name for n in self.graph.nodes)
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
                outputs, control = self._control[c]
                stand_ins = self._controls([t.node for t in outputs] if control is None
                                           else control)
            else:
                stand_ins = [] if c.op.name in ("Placeholder", "Const") else [c]
            out.extend(r for r in stand_ins if r not in out)
        return out

    def run(self, visit, ops=None):
        """Call `visit(node, rewriter)` on each node in order (after substituting its inputs),
        or only on nodes whose op name is in `ops` when given; a node is kept unless its
        visitor called `replace` (and returned True)."""
        graph = self.graph
        old = self._old = graph.nodes
        kept = graph.nodes = []
        subst = self._subst
        for node in old:
            self._current = node
            if subst:
                for t in node.inputs:
                    if id(t) in subst:
                        node.inputs = [self.resolve(t) if id(t) in subst else t
                                       for t in node.inputs]
                        break
            if node.control_inputs:
                node.control_inputs = self._controls(node.control_inputs)
            if (ops is not None and node.op.name not in ops) or not visit(node, self):
                kept.append(node)
        if subst:
            graph.outputs = [self.resolve(t) for t in graph.outputs]
        return graph
