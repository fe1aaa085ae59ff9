"""Copying a subgraph's nodes into the graph that holds it (used to replace an If whose
predicate is known by its taken branch)."""
from graphflow.graph.traversal import graph_attrs


def inline_graph(rw, sub, args, prefix, control_inputs=()):
    """Add copies of `sub`'s nodes at the Rewriter `rw`'s position, `sub`'s inputs bound to
    Outputs `args`.

    Copied nodes with effects (stateful ops, resource reads) also depend on `control_inputs`.
    Returns (the Outputs standing for `sub`'s outputs, the copied nodes with effects).
    """
    mapping = {id(ph): a for ph, a in zip(sub.inputs, args)}
    nodes = {}
    effects = []
    for node in sub.nodes:
        if node.op.name == "Placeholder":
            continue
        control = [nodes[c] for c in node.control_inputs if c in nodes]
        has_effect = node.op.stateful or node.op.reads_resource
        if has_effect:
            control = list(control_inputs) + [c for c in control if c not in control_inputs]
        attrs = dict(node.attrs) if graph_attrs(node) else node.attrs
        new = rw.add_node(node.op, [mapping[id(t)] for t in node.inputs], attrs,
                                [(o.dtype, o._shape) for o in node.outputs], control,
                                name=prefix + node.name, source=node.source)
        nodes[node] = new
        for old, out in zip(node.outputs, new.outputs):
            mapping[id(old)] = out
        if has_effect:
            effects.append(new)
    return [mapping[id(t)] for t in sub.outputs], effects


def inline_branch(rw, if_node, taken):
    """Inline the then (taken=True) or else branch of `if_node` at the Rewriter `rw`'s position.

    Returns (outputs replacing the If's, nodes that control dependents of the If now wait
    for: the inlined effects, or the If's own control inputs when the branch has none)."""
    n_then = if_node.attrs["n_then"]
    args = if_node.inputs[1:1 + n_then] if taken else if_node.inputs[1 + n_then:]
    branch = if_node.attrs["then_graph" if taken else "else_graph"]
    outputs, effects = inline_graph(rw, branch, args, if_node.name + "/",
                                    if_node.control_inputs)
    return outputs, (effects or list(if_node.control_inputs))
