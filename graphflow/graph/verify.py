"""The IR's invariants, checked after every optimization pass in debug mode and in tests.

A valid graph: nodes in topological order, each input an output of an earlier node of the
same graph, input counts matching the op, recorded dtypes and shapes agreeing with the op's
rule re-run on the inputs, control inputs earlier in the graph, inputs that are this graph's
Placeholders, outputs owned by the graph, and If/While subgraphs whose signatures match the
node that holds them (recursively valid too).
"""
from graphflow import dtypes, errors
from graphflow.graph.node import Output
from graphflow.graph.traversal import graph_attrs
from graphflow.ops.registry import ShapeError, DTypeError


def verify(graph):
    """Raise graphflow.errors.InternalError naming the first node that breaks an invariant."""
    _verify(graph, graph.name)


def _fail(where, node, message):
    if node is None:
        raise errors.InternalError(None, None, "invalid graph '%s': %s" % (where, message))
    raise errors.InternalError(node.name, node.op.name, "invalid graph '%s': node '%s' (%s): %s"
                               % (where, node.name, node.op.name, message))


def _verify(graph, where):
    input_ids = set()
    for i, t in enumerate(graph.inputs):
        if not isinstance(t, Output) or t.node.graph is not graph or \
                t.node.op.name != "Placeholder":
            _fail(where, None, "input %d (%r) is not a Placeholder of this graph" % (i, t))
        input_ids.add(id(t))
    seen = set()
    names = set()
    for node in graph.nodes:
        if node.graph is not graph:
            _fail(where, node, "belongs to graph '%s'" % getattr(node.graph, "name", None))
        if node.name in names:
            _fail(where, node, "the name is used by two nodes")
        names.add(node.name)
        if node.op.name == "Placeholder" and id(node.outputs[0]) not in input_ids:
            _fail(where, node, "Placeholder is not one of the graph's inputs")
        _check_arity(where, node)
        for i, t in enumerate(node.inputs):
            _check_ref(where, node, t, seen, "input %d" % i)
        for c in node.control_inputs:
            if c not in seen:
                _fail(where, node, "control input '%s' is not an earlier node of this graph"
                      % getattr(c, "name", c))
        _check_types(where, node)
        _check_subgraphs(where, node)
        seen.add(node)
    for i, t in enumerate(graph.outputs):
        if not isinstance(t, Output) or t.node not in seen:
            _fail(where, None, "output %d (%r) is not produced by a node of this graph"
                  % (i, t))


def _check_ref(where, node, t, seen, what):
    if not isinstance(t, Output):
        _fail(where, node, "%s is %r, not a graph tensor" % (what, t))
    if t.node.graph is not node.graph:
        _fail(where, node, "%s (%s) comes from another graph" % (what, t.name))
    if t.node not in seen:
        _fail(where, node, "%s (%s) is used before its node is defined" % (what, t.name))
    if t.index >= len(t.node.outputs) or t.node.outputs[t.index] is not t:
        _fail(where, node, "%s (%s) is not an output of its node" % (what, t.name))


def _check_arity(where, node):
    names = node.op.inputs
    fixed = sum(1 for n in names if not n.endswith("*"))
    n = len(node.inputs)
    if (n != fixed) if fixed == len(names) else (n < fixed):
        _fail(where, node, "has %d inputs, the op takes %s (%s)"
              % (n, fixed if fixed == len(names) else "at least %d" % fixed, ", ".join(names)))


def compatible_shapes(a, b):
    """True when shape tuples `a` and `b` (None = unknown rank/dim) can describe one value."""
    if a is None or b is None:
        return True
    return len(a) == len(b) and all(x is None or y is None or x == y for x, y in zip(a, b))


def _check_types(where, node):
    try:
        specs = node.op.infer(node.inputs, node.attrs)
    except (ShapeError, DTypeError, ValueError, TypeError, KeyError) as e:
        _fail(where, node, "its op's rule rejects its inputs: %s" % e)
    if len(specs) != len(node.outputs):
        _fail(where, node, "records %d outputs, its op's rule gives %d"
              % (len(node.outputs), len(specs)))
    for o, (dtype, shape) in zip(node.outputs, specs):
        if o.dtype is not dtype:
            _fail(where, node, "output %d is recorded as %s, its op's rule gives %s"
                  % (o.index, o.dtype.name, dtype.name))
        if not compatible_shapes(o._shape, shape):
            _fail(where, node, "output %d has shape %s, its op's rule gives %s"
                  % (o.index, o._shape, shape))


def _check_signature(where, node, what, tensors, expected):
    """`tensors` (a subgraph's inputs or outputs) must match `expected` tensors one to one."""
    if len(tensors) != len(expected):
        _fail(where, node, "%s has %d values, the node passes %d"
              % (what, len(tensors), len(expected)))
    for i, (t, e) in enumerate(zip(tensors, expected)):
        if t.dtype is not e.dtype or not compatible_shapes(t._shape, e._shape):
            _fail(where, node, "%s %d is %s%s, the node has %s%s"
                  % (what, i, t.dtype.name, t._shape, e.dtype.name, e._shape))


def _check_subgraphs(where, node):
    subs = graph_attrs(node)
    if not subs:
        return
    a = node.attrs
    if node.op.name in ("If", "StatelessIf"):
        n_then = a["n_then"]
        args = node.inputs[1:]
        _check_signature(where, node, "then_graph input", a["then_graph"].inputs,
                         args[:n_then])
        _check_signature(where, node, "else_graph input", a["else_graph"].inputs,
                         args[n_then:])
        _check_signature(where, node, "then_graph output", a["then_graph"].outputs,
                         node.outputs)
        _check_signature(where, node, "else_graph output", a["else_graph"].outputs,
                         node.outputs)
    elif node.op.name in ("While", "StatelessWhile"):
        n = a["n_vars"]
        cond, body = a["cond_graph"], a["body_graph"]
        loop = node.inputs[:n]
        n_cond = len(cond.inputs) - n
        _check_signature(where, node, "cond_graph input", cond.inputs,
                         loop + node.inputs[n:n + n_cond])
        _check_signature(where, node, "body_graph input", body.inputs,
                         loop + node.inputs[n + n_cond:])
        _check_signature(where, node, "body_graph output", body.outputs, loop)
        if len(cond.outputs) != 1 or cond.outputs[0].dtype is not dtypes.bool:
            _fail(where, node, "cond_graph must return one bool, returns %s"
                  % [t.dtype.name for t in cond.outputs])
    for name, sub in subs:
        _verify(sub, "%s/%s/%s" % (where, node.name, name))
