"""Replaying a subgraph (a cond branch, a loop body) inside the graph being built, and
the small graph edits control-flow gradients need."""
from graphflow import errors
from graphflow.autodiff.tape import OpRecord
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.graph.graph import Graph
from graphflow.graph.node import Output
from graphflow.tracing.builder import GraphBuilder


def inline_graph(graph, inputs):
    """Replay `graph`'s nodes in the current graph with its inputs bound to `inputs`.

    Ops that only write state (assignments, prints) are not replayed. Returns
    (outputs, records, env): records are the replayed ops in order, for `backprop`; env
    maps the id of every original output to its replayed tensor.
    """
    env = {id(ph): t for ph, t in zip(graph.inputs, inputs)}
    records = []
    for node in graph.nodes:
        op = node.op
        if op.name == "Placeholder" or op.writes_resource or not node.outputs:
            continue
        ins = [env[id(t)] for t in node.inputs]
        out = apply(op, ins, node.attrs)
        outs = out if isinstance(out, tuple) else (out,)
        for old, new in zip(node.outputs, outs):
            env[id(old)] = new
        records.append(OpRecord(op, ins, node.attrs, outs))
    return [env[id(t)] for t in graph.outputs], records, env


def has_stateful_results(graph):
    """True when `graph` (or a subgraph) draws random values or runs other stateful ops
    with results: replaying it would not reproduce the forward values."""
    for node in graph.nodes:
        if node.op.stateful and node.outputs and not node.op.writes_resource and \
                not any(isinstance(v, Graph) for v in node.attrs.values()):
            return True
    return any(has_stateful_results(g) for g in graph.subgraphs())


def capture(t):
    """`t` as a tensor of the graph being traced (a capture when it comes from outside)."""
    builder = context.state.builder
    if type(t) is Output and t.node.graph is not builder.graph:
        return builder.capture(t)
    return t


def build_graph(name, specs, fn, stateful):
    """A standalone subgraph whose inputs are placeholders for `specs` and outputs `fn(args)`;
    `fn` must only use its arguments (nothing is captured)."""
    graph = Graph(name)
    builder = GraphBuilder(graph)
    tapes = list(context.state.tapes)
    context.state.tapes[:] = []
    try:
        with context.building(builder):
            args = [graph.add_input(dt, shape, "arg") for dt, shape in specs]
            graph.outputs = list(fn(args))
    finally:
        context.state.tapes[:] = tapes
    if builder.capture_list:
        raise errors.InternalError(None, None, "rebuilt %s captured outer values" % name)
    graph.stateful = stateful
    return graph


def specs_of(tensors):
    return [(t.dtype, t._shape) for t in tensors]


def insert_before(node, op, inputs, attrs):
    """A new node in `node`'s graph placed just before `node` (keeps topological order)."""
    graph = node.graph
    specs = op.infer(inputs, attrs)
    new = graph.create_node(op, inputs, attrs, specs)
    graph.nodes.remove(new)
    graph.nodes.insert(graph.nodes.index(node), new)
    return new.outputs[0]


def add_outputs(node, outputs):
    """Append Outputs typed like `outputs` to `node` (after its graph attrs were extended)."""
    start = len(node.outputs)
    added = [Output(node, i, o.dtype, o._shape) for i, o in enumerate(outputs, start=start)]
    node.outputs.extend(added)
    return added


class ForwardGraphGradBuilder(GraphBuilder):
    """Traces a gradient graph over a forward (branch or body) graph's values: a forward
    input listed in `outer_inputs` (id -> tensor outside) is captured as that outer tensor;
    any other forward value is turned once into what subclasses' `forward_value(value)`
    returns to stand for it in this graph."""

    def __init__(self, graph, parent, forward, outer_inputs):
        super().__init__(graph, parent=parent, allow_variable_creation=False)
        self.forward = forward
        self.outer_inputs = outer_inputs

    def capture(self, value, name="capture"):
        if type(value) is Output and value.node.graph is self.forward:
            outer = self.outer_inputs.get(id(value))
            if outer is not None:
                return super().capture(outer, name)
            item = self.captures.get(id(value))
            if item is None:
                item = self.forward_value(value)
                self.captures[id(value)] = item
            return item
        return super().capture(value, name)
