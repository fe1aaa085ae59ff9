"""Loop-invariant code motion: pure nodes of a While's cond or body whose inputs do not change
from one iteration to the next are computed once, before the While, and enter the loop as
new captured inputs.

Loop-invariant values are the subgraph's captured inputs, loop variables the body returns
unchanged, constants, and results of nodes already found invariant. Nodes with effects,
resource reads, control inputs or subgraphs never move.
"""
from graphflow.passes.rewrite import WHILE_OPS, Rewriter, const_value, is_pure, run_pass


def loop_optimization(graph, copy=True):
    """Hoist loop-invariant work out of While loops (innermost first); returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("loop_optimization", graph, _hoist_loops, copy)


def _hoist_loops(graph, note):
    if not any(node.op.name in WHILE_OPS for node in graph.nodes):
        return

    def visit(node, rw):
        _hoist_while(rw, node, note)
        return False
    Rewriter(graph).run(visit, WHILE_OPS)


def _hoist_while(rw, loop, note):
    n = loop.attrs["n_vars"]
    cond, body = loop.attrs["cond_graph"], loop.attrs["body_graph"]
    n_cond = len(cond.inputs) - n
    loop_vars = loop.inputs[:n]
    cond_caps = loop.inputs[n:n + n_cond]
    body_caps = loop.inputs[n + n_cond:]
    unchanged = [k for k in range(n) if body.outputs[k] is body.inputs[k]]

    def outer_values(sub, caps):
        known = {id(sub.inputs[k]): loop_vars[k] for k in unchanged}
        known.update((id(ph), v) for ph, v in zip(sub.inputs[n:], caps))
        return known
    new_cond = _hoist_from(rw, cond, outer_values(cond, cond_caps), loop.name, note)
    new_body = _hoist_from(rw, body, outer_values(body, body_caps), loop.name, note)
    loop.inputs = loop_vars + cond_caps + new_cond + body_caps + new_body


def _hoist_from(rw, sub, invariant, loop_name, note):
    """Move `sub`'s invariant pure nodes to the Rewriter `rw`'s position; returns the
    outer Outputs to pass for the placeholders appended to `sub.inputs`."""
    invariant = dict(invariant)
    hoisted = []
    for node in sub.nodes:
        if not is_pure(node) or node.control_inputs or not node.inputs:
            continue
        if not all(id(t) in invariant or const_value(t) is not None for t in node.inputs):
            continue
        args = [_outer(rw, t, invariant, loop_name) for t in node.inputs]
        moved = rw.add_node(node.op, args, node.attrs,
                                  [(o.dtype, o._shape) for o in node.outputs],
                                  name="%s/%s" % (loop_name, node.name), source=node.source)
        for old, new in zip(node.outputs, moved.outputs):
            invariant[id(old)] = new
        hoisted.append(node)
        note("hoisted %s out of %s" % (node.name, loop_name))
    if not hoisted:
        return []
    return _capture_hoisted(sub, hoisted, invariant)


def _outer(rw, t, invariant, loop_name):
    """The outer Output for invariant `t`, copying a Const out of the loop the first time."""
    found = invariant.get(id(t))
    if found is None:
        c = t.node
        found = rw.add_node(c.op, [], c.attrs, [(t.dtype, t._shape)],
                            name="%s/%s" % (loop_name, c.name), source=c.source).outputs[0]
        invariant[id(t)] = found
    return found


def _capture_hoisted(sub, hoisted, invariant):
    """Replace hoisted nodes in `sub` by new placeholders where something still reads them."""
    moved = set(hoisted)
    read = {id(t) for n in sub.nodes if n not in moved for t in n.inputs}
    read.update(id(t) for t in sub.outputs)
    placeholders = {}
    outer = []
    for node in hoisted:
        for o in node.outputs:
            if id(o) in read:
                ph = sub.add_input(o.dtype, o._shape, name=node.name)
                sub.nodes.remove(ph.node)
                sub.nodes.insert(0, ph.node)
                placeholders[id(o)] = ph
                outer.append(invariant[id(o)])

    def visit(node, rw):
        if node not in moved:
            return False
        if not any(id(o) in placeholders for o in node.outputs):
            return True
        return rw.replace(node, [placeholders.get(id(o), o) for o in node.outputs])
    Rewriter(sub).run(visit)
    return outer
