"""Gradient of If/StatelessIf without recomputing the branch (TF 2's cond_v2 scheme).

Each branch's gradient is traced by backpropagating over the branch graph's own nodes.
The forward-branch values the gradient uses (intermediates) become placeholders of the
gradient graph; the forward If is then extended, in place, to output them (the branch
not taken outputs a placeholder value, since that gradient branch will not run). The
gradient is an If on the same predicate over the two gradient graphs.
"""
import weakref

from graphflow import dtypes, errors
from graphflow.autodiff.backprop import backprop, zeros_for
from graphflow.autodiff.replay import (ForwardGraphGradBuilder, add_outputs, build_graph,
                                       inline_graph, specs_of)
from graphflow.autodiff.stacks import EMPTY_STACK
from graphflow.autodiff.tape import trainable_dtype
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.graph.graph import Graph
from graphflow.ops import array_ops, control_flow_ops

# forward If node -> {output index: (then-branch tensor or None, else-branch tensor or None)}
_EXTRA_OUTPUTS = weakref.WeakKeyDictionary()


class _BranchGradBuilder(ForwardGraphGradBuilder):
    """Traces one branch's gradient: forward-branch tensors it uses become placeholders
    (`intermediates`); the branch's inputs stand for the If's own inputs."""

    def __init__(self, graph, parent, branch, outer_inputs):
        super().__init__(graph, parent, branch,
                         {id(ph): outer for ph, outer in zip(branch.inputs, outer_inputs)})
        self.intermediates = []     # [(forward-branch tensor, placeholder)]

    def forward_value(self, value):
        ph = self.graph.add_input(value.dtype, value._shape, "intermediate")
        self.graph.inputs.pop()
        self.intermediates.append((value, ph))
        return ph


def _branch_gradient(node, branch, outer_inputs, seeds, wanted, lo, connected, name):
    """Trace d(branch outputs)/d(If inputs) for the If input positions in `wanted`."""
    graph = Graph(name)
    builder = _BranchGradBuilder(graph, context.state.builder, branch, outer_inputs)
    with context.building(builder):
        targets = [t for t, _ in seeds]
        dys = [builder.capture(d) for _, d in seeds]
        grads = backprop(branch.nodes, targets, list(branch.inputs), dys)
        result = []
        for i in wanted:
            k = i - lo
            g = grads[k] if 0 <= k < len(grads) else None
            if g is not None:
                connected.add(i)
                g = builder.capture(g) if g.node.graph is not graph else g
            result.append(g if g is not None else zeros_for(node.inputs[1 + i]))
    graph.outputs = result
    graph.inputs = [ph for _, ph, _ in builder.capture_list] + \
        [ph for _, ph in builder.intermediates]
    graph.stateful = any(n.op.stateful for n in graph.nodes)
    captured = [outer for outer, _, _ in builder.capture_list]
    return graph, captured, [t for t, _ in builder.intermediates]


def _placeholder_value(t):
    """A value of `t`'s dtype output by the branch not taken (never consumed)."""
    if t.dtype is dtypes.variant:
        return apply(EMPTY_STACK, [])
    if t.dtype is dtypes.resource:
        raise errors.UnimplementedError(None, None, "cond gradient needs a resource value "
                                        "created inside a branch")
    return array_ops.zeros([], t.dtype)


def _output_intermediates(node, then_values, else_values):
    """Extend If `node` to also output `then_values` (from its then branch) and
    `else_values`; returns the new outputs."""
    if not then_values and not else_values:
        return [], []
    tg, eg = node.attrs["then_graph"], node.attrs["else_graph"]
    rebuilt = {}

    def extended(graph, mine, theirs, first):
        def fn(args):
            outs, _, env = inline_graph(graph, args)
            own = [env[id(v)] for v in mine]
            rebuilt[first] = own
            other = [_placeholder_value(v) for v in theirs]
            return outs + (own + other if first else other + own)
        return build_graph(graph.name, specs_of(graph.inputs), fn, graph.stateful)
    node.attrs = dict(node.attrs, then_graph=extended(tg, then_values, else_values, True),
                      else_graph=extended(eg, else_values, then_values, False))
    start = len(node.outputs)
    added = add_outputs(node, then_values + else_values)
    for out in added:
        if out._shape != ():
            out._shape = None   # joined with the other branch's scalar placeholder
    extra = _EXTRA_OUTPUTS.setdefault(node, {})
    for k, t in enumerate(rebuilt[True]):
        extra[start + k] = (t, None)
    for k, t in enumerate(rebuilt[False]):
        extra[start + len(then_values) + k] = (None, t)
    return added[:len(then_values)], added[len(then_values):]


def _seeds(node, branch_index, dys):
    """(branch tensor, gradient) pairs for the If outputs that received gradients."""
    graph = node.attrs["then_graph" if branch_index == 0 else "else_graph"]
    extra = _EXTRA_OUTPUTS.get(node, {})
    seeds = []
    for k, d in enumerate(dys):
        if d is None:
            continue
        if k < len(graph.outputs) and k not in extra:
            t = graph.outputs[k]
        else:
            t = extra[k][branch_index]
        if t is not None and trainable_dtype(t.dtype):
            seeds.append((t, d))
    return seeds


def if_grad(op, *dys):
    """d(If) = If(pred, grad of then-branch, grad of else-branch)."""
    node = op.outputs[0].node
    pred, caps = op.inputs[0], list(op.inputs[1:])
    n_then = node.attrs["n_then"]
    tg, eg = node.attrs["then_graph"], node.attrs["else_graph"]
    wanted = [i for i, c in enumerate(caps) if trainable_dtype(c.dtype)]
    connected = set()
    t_graph, t_caps, t_int = _branch_gradient(node, tg, caps[:n_then], _seeds(node, 0, dys),
                                              wanted, 0, connected, "cond_true_grad")
    f_graph, f_caps, f_int = _branch_gradient(node, eg, caps[n_then:], _seeds(node, 1, dys),
                                              wanted, n_then, connected, "cond_false_grad")
    keep = [k for k, i in enumerate(wanted) if i in connected]
    if not keep:
        return [None] * len(op.inputs)
    t_outs, f_outs = _output_intermediates(node, t_int, f_int)
    t_graph.outputs = [t_graph.outputs[k] for k in keep]
    f_graph.outputs = [f_graph.outputs[k] for k in keep]
    stateful = t_graph.stateful or f_graph.stateful
    outs = apply(control_flow_ops.IF if stateful else control_flow_ops.STATELESS_IF,
                 [pred] + t_caps + t_outs + f_caps + f_outs,
                 {"then_graph": t_graph, "else_graph": f_graph,
                  "n_then": len(t_caps) + len(t_outs)})
    outs = outs if isinstance(outs, tuple) else (outs,)
    grads = [None] * len(caps)
    for k, g in zip(keep, outs):
        grads[wanted[k]] = g
    return [None] + grads
