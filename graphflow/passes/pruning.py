"""Model pruning: nodes whose results reach neither a graph output nor a node with effects
are removed. Stateful nodes (variable writes, prints, random draws, If/While with effects)
and everything they depend on stay, as do the graph's input Placeholders. Captured inputs
that an If branch or a While cond/body no longer reads are dropped from the subgraph and
from the node that passes them."""
from graphflow.graph.traversal import ancestors
from graphflow.passes.rewrite import IF_OPS, WHILE_OPS, has_effect, run_pass


def pruning(graph, copy=True):
    """Remove dead nodes and unread captures (recursively in subgraphs); returns
    (graph, stats)."""
    return run_pass("pruning", graph, _prune, copy)


def _prune(graph, note):
    for node in graph.nodes:
        if node.op.name in IF_OPS:
            _trim_if(node, note)
        elif node.op.name in WHILE_OPS:
            _trim_while(node, note)
    roots = [t.node for t in graph.outputs] + [t.node for t in graph.inputs]
    roots.extend(node for node in graph.nodes if has_effect(node))
    live = ancestors(roots)
    kept = [node for node in graph.nodes if node in live]
    if len(kept) < len(graph.nodes):
        for node in graph.nodes:
            if node not in live:
                note("removed %s" % node.name)
        graph.nodes = kept


def _unread(sub, first):
    """Positions (from `first` on) of `sub`'s inputs that no node or output reads."""
    read = {id(t) for n in sub.nodes for t in n.inputs}
    read.update(id(t) for t in sub.outputs)
    return {i for i in range(first, len(sub.inputs)) if id(sub.inputs[i]) not in read}


def _drop_inputs(sub, positions):
    dropped = {sub.inputs[i].node for i in positions}
    sub.inputs = [t for i, t in enumerate(sub.inputs) if i not in positions]
    sub.nodes = [n for n in sub.nodes if n not in dropped]


def _trim_if(node, note):
    then, other = node.attrs["then_graph"], node.attrs["else_graph"]
    n_then = node.attrs["n_then"]
    drop_then, drop_else = _unread(then, 0), _unread(other, 0)
    if not drop_then and not drop_else:
        return
    args = node.inputs[1:]
    keep = [a for i, a in enumerate(args[:n_then]) if i not in drop_then] + \
        [a for i, a in enumerate(args[n_then:]) if i not in drop_else]
    _drop_inputs(then, drop_then)
    _drop_inputs(other, drop_else)
    node.inputs = node.inputs[:1] + keep
    node.attrs = dict(node.attrs, n_then=n_then - len(drop_then))
    note("dropped %d unread captures of %s" % (len(drop_then) + len(drop_else), node.name))


def _trim_while(node, note):
    n = node.attrs["n_vars"]
    cond, body = node.attrs["cond_graph"], node.attrs["body_graph"]
    n_cond = len(cond.inputs) - n
    drop_cond, drop_body = _unread(cond, n), _unread(body, n)
    if not drop_cond and not drop_body:
        return
    caps = node.inputs[n:]
    keep = [a for i, a in enumerate(caps[:n_cond]) if i + n not in drop_cond] + \
        [a for i, a in enumerate(caps[n_cond:]) if i + n not in drop_body]
    _drop_inputs(cond, drop_cond)
    _drop_inputs(body, drop_body)
    node.inputs = node.inputs[:n] + keep
    note("dropped %d unread captures of %s" % (len(drop_cond) + len(drop_body), node.name))
