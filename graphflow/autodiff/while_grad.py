"""Gradient of While/StatelessWhile (TF 2's while_v2 scheme).

The backward loop runs the forward trip count down to zero, backpropagating the
loop-variable cotangents through the body graph's own nodes once per iteration. The
forward-body values those gradient rules use (loop variables at the start of the
iteration and intermediates) are read from stacks: the forward While is extended, in
place, with a trip counter and one stack per such value, pushed every iteration (TF's
accumulators). Gradients of captured values are summed over the iterations.
"""
import weakref

import numpy as np

from graphflow import dtypes
from graphflow.autodiff.backprop import add_gradients, backprop, zeros_for
from graphflow.autodiff.replay import add_outputs, build_graph, inline_graph, insert_before
from graphflow.autodiff.replay import ForwardGraphGradBuilder, specs_of
from graphflow.autodiff.stacks import EMPTY_STACK, STACK_PUSH, stack_get
from graphflow.autodiff.tape import trainable_dtype
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.graph.graph import Graph
from graphflow.ops import array_ops, control_flow_ops, math_ops

_RECORDS = weakref.WeakKeyDictionary()   # forward While node -> _LoopRecord


class _LoopRecord:
    """A forward While as written (graphs, inputs) and the body values it now saves."""

    def __init__(self, node):
        attrs = node.attrs
        self.n = attrs["n_vars"]
        self.cond, self.body = attrs["cond_graph"], attrs["body_graph"]
        self.inits, self.caps = list(node.inputs[:self.n]), list(node.inputs[self.n:])
        self.pushed = []        # body tensors saved per iteration, in stack order
        self.augmented = False  # whether the node already has its trip counter

    @property
    def n_cond_caps(self):
        return len(self.cond.inputs) - self.n

    def stack_of(self, node, tensor):
        """The forward While output holding the per-iteration values of `tensor`."""
        index = next(i for i, t in enumerate(self.pushed) if t is tensor)
        return node.outputs[self.n + 1 + index]


def _record(node):
    rec = _RECORDS.get(node)
    if rec is None:
        rec = _RECORDS[node] = _LoopRecord(node)
    return rec


def _save_per_iteration(node, rec, tensors):
    """Make While `node` push `tensors` (values of its body) on stacks every iteration."""
    new = [t for t in tensors if not any(t is p for p in rec.pushed)]
    first = not rec.augmented
    if not new and not first:
        return
    rec.augmented = True
    rec.pushed.extend(new)
    n, pushed = rec.n, rec.pushed
    m = n + 1 + len(pushed)
    loop_specs = specs_of(rec.body.inputs[:n]) + [(dtypes.int32, ())] + \
        [(dtypes.variant, ())] * len(pushed)

    def cond_fn(args):
        return inline_graph(rec.cond, args[:n] + args[m:])[0]

    def body_fn(args):
        outs, _, env = inline_graph(rec.body, args[:n] + args[m:])
        one = np.ones((), np.int32)
        return outs + [math_ops.add(args[n], one)] + [
            apply(STACK_PUSH, [s, env[id(t)]]) for s, t in zip(args[n + 1:m], pushed)]
    cond = build_graph(rec.cond.name, loop_specs + specs_of(rec.cond.inputs[n:]), cond_fn,
                       rec.cond.stateful)
    body = build_graph(rec.body.name, loop_specs + specs_of(rec.body.inputs[n:]), body_fn,
                       rec.body.stateful)
    if first:
        from graphflow.ops.graph_ops import CONST
        counter = [insert_before(node, CONST, [], {"value": np.zeros((), np.int32),
                                                   "dtype": dtypes.int32})]
    else:
        counter = node.inputs[n:m - len(new)]
    stacks = [insert_before(node, EMPTY_STACK, [], {}) for _ in new]
    node.inputs = rec.inits + counter + stacks + rec.caps
    node.attrs = dict(node.attrs, cond_graph=cond, body_graph=body, n_vars=m)
    add_outputs(node, body.outputs[len(node.outputs):])


class _LoopGradBuilder(ForwardGraphGradBuilder):
    """Traces the backward body: a forward-body value becomes its saved value for the
    current iteration (a stack read); body captures stand for the While's inputs."""

    def __init__(self, graph, parent, rec):
        super().__init__(graph, parent, rec.body,
                         {id(ph): outer for ph, outer in
                          zip(rec.body.inputs[rec.n:], rec.caps[rec.n_cond_caps:])})
        self.index = None
        self.stack_reads = []       # [(forward-body tensor, stack placeholder)]

    def forward_value(self, value):
        stack = self.graph.add_input(dtypes.variant, (), "stack")
        self.graph.inputs.pop()
        self.stack_reads.append((value, stack))
        with context.building(self):   # the read belongs to this graph
            return stack_get(stack, self.index, value)


def while_grad(op, *dys):
    """Gradients of a While's inputs: a While running the saved iterations backwards."""
    node = op.outputs[0].node
    rec = _record(node)
    n, body, n_cond = rec.n, rec.body, rec.n_cond_caps
    body_caps = rec.caps[n_cond:]
    float_vars = [j for j in range(n) if trainable_dtype(rec.inits[j].dtype)]
    float_caps = [i for i, c in enumerate(body_caps) if trainable_dtype(c.dtype)]
    seeds = [dys[j] if dys[j] is not None else zeros_for(node.outputs[j])
             for j in float_vars]
    # Higher order: gradients reaching saved values (the stacks) join at their iteration.
    stack_grads = [(t, dys[n + 1 + i]) for i, t in enumerate(rec.pushed)
                   if n + 1 + i < len(dys) and dys[n + 1 + i] is not None]
    init = [None] + seeds + \
        [zeros_for(body_caps[i]) for i in float_caps]
    graph = Graph("while_grad_body")
    builder = _LoopGradBuilder(graph, context.state.builder, rec)
    connected = set()
    with context.building(builder):
        args = [graph.add_input(dtypes.int32, (), "t")] + [
            graph.add_input(t.dtype, t._shape, "d") for t in init[1:]]
        t1 = math_ops.subtract(args[0], np.ones((), np.int32))
        builder.index = t1
        dvars, dcaps = args[1:1 + len(float_vars)], args[1 + len(float_vars):]
        targets = [body.outputs[j] for j in float_vars]
        extra = [apply(_get_item(), [builder.capture(d), t1], _item_attrs(t))
                 for t, d in stack_grads]
        sources = [body.inputs[j] for j in float_vars] + \
            [body.inputs[n + i] for i in float_caps]
        grads = backprop(body.nodes, targets + [t for t, _ in stack_grads], sources,
                         list(dvars) + extra)
        new_dvars = [g if g is not None else array_ops.zeros_like(d)
                     for g, d in zip(grads, dvars)]
        new_dvars = [builder.capture(g) if g.node.graph is not graph else g for g in new_dvars]
        new_dcaps = []
        for k, (acc, g) in enumerate(zip(dcaps, grads[len(float_vars):])):
            if g is not None:
                connected.add(k)
            new_dcaps.append(acc if g is None else add_gradients(acc, g))
        graph.outputs = [t1] + new_dvars + new_dcaps
    graph.stateful = any(nd.op.stateful for nd in graph.nodes)
    _save_per_iteration(node, rec, [t for t, _ in builder.stack_reads])
    init[0] = node.outputs[n]
    captured = [outer for outer, _, _ in builder.capture_list]
    stacks = [rec.stack_of(node, t) for t, _ in builder.stack_reads]
    graph.inputs = args + [ph for _, ph, _ in builder.capture_list] + \
        [ph for _, ph in builder.stack_reads]
    cond = build_graph("while_grad_cond", specs_of(args),
                       lambda a: [math_ops.greater(a[0], np.zeros((), np.int32))], False)
    outs = apply(control_flow_ops.WHILE if graph.stateful else control_flow_ops.STATELESS_WHILE,
                 init + captured + stacks,
                 {"cond_graph": cond, "body_graph": graph, "n_vars": len(init)})
    outs = outs if isinstance(outs, tuple) else (outs,)
    return _input_gradients(op, node, rec, float_vars, float_caps, connected, outs)


def _input_gradients(op, node, rec, float_vars, float_caps, connected, outs):
    """Place the backward loop's results at the positions of `op`'s inputs."""
    n = rec.n
    d_inits, d_caps = outs[1:1 + len(float_vars)], outs[1 + len(float_vars):]
    grads = [None] * len(op.inputs)
    for j, g in zip(float_vars, d_inits):
        grads[j] = g
    # `op` is either a tape record (the inputs the While was created with) or the node
    # itself (differentiating a graph), whose inputs now include counter and stacks.
    offset = len(node.inputs) - len(rec.caps) if op.inputs is node.inputs else n
    offset += rec.n_cond_caps
    for k, (i, g) in enumerate(zip(float_caps, d_caps)):
        if k in connected:
            grads[offset + i] = g
    return grads


def _get_item():
    from graphflow.ops import tensor_array_ops as ta
    return ta.GET_ITEM


def _item_attrs(t):
    return {"element_dtype": t.dtype, "element_shape": t._shape}
