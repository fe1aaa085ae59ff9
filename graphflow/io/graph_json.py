"""Graphs as JSON documents, and the validating reader that rebuilds them.

    {"name": "cube",
     "nodes": [{"name": "x", "op": "Placeholder", "inputs": [], "control": [],
                "attrs": {"dtype": {"dtype": "float32"}, "shape": {"tuple": []}},
                "outputs": [["float32", []]]}, ...],
     "inputs": [0],                    # node indices of the graph's Placeholders
     "outputs": [[2, 0]]}              # [node index, output index]

Inputs of a node refer to earlier nodes only, so a file cannot encode a cycle.
Reading re-runs every op's shape rule and compares it with the recorded outputs.
"""
from graphflow.errors import GraphFormatError, InternalError
from graphflow.graph.verify import verify
from graphflow.graph.graph import Graph
from graphflow.io import checks
from graphflow.io.codec import (
    MAX_DEPTH, Unencodable, encode_value, encode_shape, decode_value, decode_dtype,
    decode_shape, short_repr)
from graphflow.ops import registry

MAX_NODES = 1000000
_NODE_KEYS = {"name", "op", "inputs", "control", "attrs", "outputs"}


def encode_graph(graph, arrays):
    """The JSON document of `graph` (subgraph attrs nested); arrays go to `arrays`."""
    index = {}
    nodes = []
    for i, node in enumerate(graph.nodes):
        index[id(node)] = i
        attrs = {}
        for key, value in sorted(node.attrs.items()):
            try:
                attrs[key] = encode_value(value, arrays, lambda g: encode_graph(g, arrays))
            except Unencodable as e:
                raise Unencodable("node '%s' (%s), attr '%s': %s"
                                  % (node.name, node.op.name, key, e)) from None
        nodes.append({
            "name": node.name, "op": node.op.name,
            "inputs": [[index[id(t.node)], t.index] for t in node.inputs],
            "control": [index[id(c)] for c in node.control_inputs],
            "attrs": attrs,
            "outputs": [[o.dtype.name, encode_shape(o._shape)] for o in node.outputs]})
    return {"name": graph.name, "nodes": nodes,
            "inputs": [index[id(t.node)] for t in graph.inputs],
            "outputs": [[index[id(t.node)], t.index] for t in graph.outputs]}


def decode_graph(doc, arrays, where="graph", depth=0):
    """Rebuild a Graph from its document, validating everything; GraphFormatError if bad."""
    if depth > MAX_DEPTH:
        raise GraphFormatError("%s: subgraphs nested more than %d deep" % (where, MAX_DEPTH))
    expect_keys(doc, {"name", "nodes", "inputs", "outputs"}, where)
    name = doc["name"]
    if not isinstance(name, str):
        raise GraphFormatError("%s.name: expected a string" % where)
    nodes = doc["nodes"]
    if not isinstance(nodes, list) or len(nodes) > MAX_NODES:
        raise GraphFormatError("%s.nodes: expected a list of at most %d nodes"
                               % (where, MAX_NODES))
    graph = Graph(name)
    for i, node_doc in enumerate(nodes):
        _decode_node(graph, node_doc, arrays, "%s.nodes[%d]" % (where, i), depth)
    graph.inputs = _decode_inputs(graph, doc["inputs"], where)
    graph.outputs = [_resolve(graph, ref, len(graph.nodes), "%s.outputs[%d]" % (where, i))
                     for i, ref in enumerate(expect_list(doc["outputs"], where + ".outputs"))]
    graph.stateful = any(n.op.stateful for n in graph.nodes)
    _register_names(graph)
    if depth == 0:
        try:
            verify(graph)                 # also how each If/While feeds its subgraphs
        except InternalError as e:
            raise GraphFormatError("%s: %s" % (where, e.message)) from None
    return graph


def _decode_node(graph, doc, arrays, where, depth):
    expect_keys(doc, _NODE_KEYS, where)
    name, op_name = doc["name"], doc["op"]
    if not isinstance(name, str) or not 0 < len(name) <= 256:
        raise GraphFormatError("%s.name: expected a non-empty string" % where)
    where = "%s ('%s')" % (where, name)
    if name in graph._names:
        raise GraphFormatError("%s: duplicate node name" % where)
    if not isinstance(op_name, str) or not registry.has(op_name):
        raise GraphFormatError("%s: unknown op %s (not registered in this graphflow)"
                               % (where, short_repr(op_name)))
    op = registry.get(op_name)
    position = len(graph.nodes)
    inputs = [_resolve(graph, ref, position, "%s.inputs[%d]" % (where, k))
              for k, ref in enumerate(expect_list(doc["inputs"], where + ".inputs"))]
    _check_arity(op, len(inputs), where)
    control = [_node_at(graph, ref, position, "%s.control[%d]" % (where, k))
               for k, ref in enumerate(expect_list(doc["control"], where + ".control"))]
    attrs = _decode_attrs(op, doc["attrs"], arrays, where, depth)
    declared = [_decode_spec(spec, "%s.outputs[%d]" % (where, k))
                for k, spec in enumerate(expect_list(doc["outputs"], where + ".outputs"))]
    _check_rule(op, inputs, attrs, declared, where)
    node = graph.create_node(op, inputs, attrs, declared, control, name=name)
    node.name = name
    checks.check_node(node, where)


def _decode_attrs(op, doc, arrays, where, depth):
    if not isinstance(doc, dict):
        raise GraphFormatError("%s.attrs: expected an object" % where)
    attrs = {}
    for key, value in doc.items():
        if key not in op.attrs:
            raise GraphFormatError("%s: op %s has no attr %s" % (where, op.name, short_repr(key)))
        attrs[key] = decode_value(
            value, arrays, "%s.attrs.%s" % (where, key),
            lambda body, w, _: decode_graph(body, arrays, w, depth + 1))
    return attrs


def _check_arity(op, count, where):
    names = [n for n in op.inputs if not n.endswith("*")]
    variadic = len(names) != len(op.inputs)
    if count < len(names) or (not variadic and count != len(names)):
        raise GraphFormatError("%s: wrong arity: op %s takes %s%d inputs (%s), got %d"
                               % (where, op.name, "at least " if variadic else "",
                                  len(names), ", ".join(op.inputs), count))


def _check_rule(op, inputs, attrs, declared, where):
    """Re-run the op's shape/dtype rule and compare it with the recorded outputs."""
    try:
        inferred = [(dt, None if s is None else tuple(s)) for dt, s in op.infer(inputs, attrs)]
    except Exception as e:  # noqa: BLE001 - a rule may fail any way on corrupted attrs
        raise GraphFormatError("%s: op %s rejects its inputs or attrs: %s: %s"
                               % (where, op.name, type(e).__name__, e)) from None
    if len(inferred) != len(declared):
        raise GraphFormatError("%s: op %s gives %d outputs, the file records %d"
                               % (where, op.name, len(inferred), len(declared)))
    for k, ((dt, shape), (fdt, fshape)) in enumerate(zip(inferred, declared)):
        if dt is not fdt or shape != fshape:
            raise GraphFormatError(
                "%s: output %d mismatch: op %s infers %s%s, the file records %s%s"
                % (where, k, op.name, getattr(dt, "name", dt), _dims(shape), fdt.name,
                   _dims(fshape)))


def _dims(shape):
    return "[?]" if shape is None else "[%s]" % ",".join(
        "None" if d is None else str(d) for d in shape)


def _decode_spec(doc, where):
    if not isinstance(doc, list) or len(doc) != 2:
        raise GraphFormatError("%s: expected [dtype, shape]" % where)
    return decode_dtype(doc[0], where), decode_shape(doc[1], where)


def _decode_inputs(graph, doc, where):
    indices = expect_list(doc, where + ".inputs")
    inputs = [_node_at(graph, k, len(graph.nodes), "%s.inputs[%d]" % (where, i))
              for i, k in enumerate(indices)]
    placeholders = [n for n in graph.nodes if n.op.name == "Placeholder"]
    if len(set(map(id, inputs))) != len(inputs) or \
            set(map(id, inputs)) != set(map(id, placeholders)):
        raise GraphFormatError("%s.inputs: must list each Placeholder node exactly once"
                               % where)
    return [n.outputs[0] for n in inputs]


def _node_at(graph, ref, before, where):
    if type(ref) is not int or not 0 <= ref < len(graph.nodes):
        if type(ref) is int and ref >= before:
            raise GraphFormatError("%s: refers to node %d, which does not come before it "
                                   "(a cycle or a forward reference)" % (where, ref))
        raise GraphFormatError("%s: expected a node index, got %s" % (where, short_repr(ref)))
    return graph.nodes[ref]


def _resolve(graph, ref, before, where):
    if not isinstance(ref, list) or len(ref) != 2:
        raise GraphFormatError("%s: expected [node index, output index]" % where)
    node = _node_at(graph, ref[0], before, where)
    k = ref[1]
    if type(k) is not int or not 0 <= k < len(node.outputs):
        raise GraphFormatError("%s: node '%s' has no output %s" % (where, node.name, short_repr(k)))
    return node.outputs[k]


def expect_list(value, where):
    if not isinstance(value, list):
        raise GraphFormatError("%s: expected a list, got %s" % (where, short_repr(value)))
    return value


def expect_keys(doc, keys, where):
    if not isinstance(doc, dict) or set(doc) != keys:
        got = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        raise GraphFormatError("%s: expected an object with keys %s, got %s"
                               % (where, sorted(keys), short_repr(got)))


def _register_names(graph):
    """Record node names so later `unique_name` calls never collide with loaded ones."""
    counts = {}
    for node in graph.nodes:
        base, _, suffix = node.name.rpartition("_")
        if base and suffix.isdigit():
            counts[base] = max(counts.get(base, 1), int(suffix) + 1)
        counts.setdefault(node.name, 1)
    graph._names = counts
