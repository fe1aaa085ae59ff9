"""Tracing a Python callable into a subgraph (cond branches, while bodies, ...)."""
from graphflow import nest
from graphflow.eager import context
from graphflow.graph.graph import Graph
from graphflow.ops.convert import convert_to_tensor
from graphflow.tracing.builder import GraphBuilder


class Subgraph:
    """A traced subgraph: the graph (inputs = args then captures), the captured outer values,
    and the Python structure of its outputs."""

    def __init__(self, graph, captured, structure, builder, n_args):
        self.graph = graph
        self.captured = captured
        self.structure = structure
        self.builder = builder
        self.n_args = n_args


def trace_subgraph(fn, arg_specs, name="subgraph", arg_structure=None):
    """Trace `fn` on placeholders with `arg_specs` [(dtype, shape)] inside the current graph.

    The subgraph's inputs are its arguments followed by one placeholder per captured outer
    value (in `Subgraph.captured`, valid in the current graph). Outputs are flattened;
    Python numbers are converted to tensors.
    """
    parent = context.state.builder
    graph = Graph(name)
    builder = GraphBuilder(graph, parent=parent,
                           allow_variable_creation=parent.allow_variable_creation
                           if parent else True)
    with context.building(builder):
        args = [graph.add_input(dt, shape, "arg") for dt, shape in arg_specs]
        if arg_structure is not None:
            args = nest.pack_sequence_as(arg_structure, args)
            result = fn(*args) if isinstance(args, (list, tuple)) else fn(args)
        else:
            result = fn(*args)
        flat = [None if r is None else convert_to_tensor(r) for r in nest.flatten(result)]
        if any(r is None for r in flat):
            raise ValueError("%s returned None where a tensor was expected: %r"
                             % (name, result))
        flat = [r if getattr(r, "graph", None) is graph else builder.capture(r) for r in flat]
    graph.outputs = list(flat)
    graph.inputs = graph.inputs + [ph for _, ph, _ in builder.capture_list]
    captured = [outer for outer, _, _ in builder.capture_list]
    # Reads of variables count too: the If/While node must be ordered after earlier writes.
    graph.stateful = builder.stateful_nodes > 0 or any(
        n.op.stateful or n.op.reads_resource for n in graph.nodes)
    return Subgraph(graph, captured, result, builder, len(arg_specs))


def add_outputs(sub, items):
    """Replace `sub`'s outputs by `items`: ("traced", i) is its i-th traced output,
    ("outer", t) a value of the enclosing graph, captured as a new input."""
    builder = sub.builder
    old = list(sub.graph.outputs)
    outs = []
    with context.building(builder):
        for kind, value in items:
            outs.append(old[value] if kind == "traced" else builder.capture(value))
    graph = sub.graph
    graph.outputs = outs
    graph.inputs = graph.inputs[:sub.n_args] + [ph for _, ph, _ in builder.capture_list]
    sub.captured = [outer for outer, _, _ in builder.capture_list]
