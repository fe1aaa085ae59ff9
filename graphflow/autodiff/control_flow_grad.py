"""Gradients of the functional control-flow ops (If/StatelessIf, While/StatelessWhile).

Eagerly, `cond` and `while_loop` run as Python and the tape sees the ops inside; these
rules are used in graphs. A branch or loop body is differentiated by replaying
(inlining) its subgraph inside the gradient subgraph and running `backprop` over the
replayed nodes:

- If: the gradient is another If on the same predicate whose branches are the
  branches' gradient subgraphs.
- While: on its first differentiation the forward While is extended, in place, with
  a trip counter and one stack per loop variable holding its value at the start of
  every iteration (TF's accumulators). The gradient is a While running the trip count
  backwards: it pops the saved state, replays the body on it and backpropagates the
  loop-variable cotangents, summing the gradients of captured values.

Replaying recomputes the branch/body's pure ops; ops that only write state (variable
assignments, prints) are not replayed.
"""
import weakref

import numpy as np

from graphflow import dtypes
from graphflow.autodiff import tensor_array_grad  # noqa: F401 - registers list gradients
from graphflow.autodiff.backprop import add_gradients, backprop, zeros_for
from graphflow.autodiff.stacks import EMPTY_STACK, STACK_PUSH, stack_get
from graphflow.autodiff.tape import OpRecord, trainable_dtype
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.graph.graph import Graph
from graphflow.graph.node import Output
from graphflow.ops import control_flow_ops, math_ops
from graphflow.ops.registry import set_grad
from graphflow.tracing.builder import GraphBuilder
from graphflow.tracing.subgraph import trace_subgraph


# ---- replaying a subgraph --------------------------------------------------------------------
def inline_graph(graph, inputs):
    """Replay `graph`'s nodes in the current graph with its inputs bound to `inputs`.

    Returns (outputs, records) where records are the replayed ops, in order, for `backprop`.
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
    return [env[id(t)] for t in graph.outputs], records


def _capture(t):
    """`t` as a tensor of the graph being traced (a capture when it comes from outside)."""
    builder = context.state.builder
    if type(t) is Output and t.node.graph is not builder.graph:
        return builder.capture(t)
    return t


# ---- If ----------------------------------------------------------------------------------------
def _if_grad(op, *dys):
    """d(If) = If(pred, grad of then-branch, grad of else-branch)."""
    pred, caps = op.inputs[0], list(op.inputs[1:])
    n_then = op.attrs["n_then"]
    wanted = [i for i, c in enumerate(caps) if trainable_dtype(c.dtype)]
    connected = set()

    def branch(graph, lo, hi):
        def fn():
            inner = [_capture(c) for c in caps[lo:hi]]
            outs, records = inline_graph(graph, inner)
            seeded = [(o, _capture(d)) for o, d in zip(outs, dys)
                      if d is not None and trainable_dtype(o.dtype)]
            grads = backprop(records, [o for o, _ in seeded], inner, [d for _, d in seeded])
            result = []
            for i in wanted:
                g = grads[i - lo] if lo <= i < hi else None
                if g is not None:
                    connected.add(i)
                result.append(g if g is not None else zeros_for(caps[i]))
            return result
        return fn

    t = trace_subgraph(branch(op.attrs["then_graph"], 0, n_then), [], "cond_true_grad")
    f = trace_subgraph(branch(op.attrs["else_graph"], n_then, len(caps)), [],
                       "cond_false_grad")
    keep = [k for k, i in enumerate(wanted) if i in connected]
    if not keep:
        return [None] * len(op.inputs)
    t.graph.outputs = [t.graph.outputs[k] for k in keep]
    f.graph.outputs = [f.graph.outputs[k] for k in keep]
    stateful = t.graph.stateful or f.graph.stateful
    outs = apply(control_flow_ops.IF if stateful else control_flow_ops.STATELESS_IF,
                 [pred] + t.captured + f.captured,
                 {"then_graph": t.graph, "else_graph": f.graph, "n_then": len(t.captured)})
    outs = outs if isinstance(outs, tuple) else (outs,)
    grads = [None] * len(caps)
    for k, g in zip(keep, outs):
        grads[wanted[k]] = g
    return [None] + grads


set_grad("If")(_if_grad)
set_grad("StatelessIf")(_if_grad)


# ---- While -------------------------------------------------------------------------------------
_AUGMENTED = weakref.WeakKeyDictionary()   # forward While -> (n loop vars, original body)


def _build_graph(name, specs, fn, stateful):
    """A standalone subgraph whose inputs are placeholders for `specs` and outputs `fn(args)`."""
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
    assert not builder.capture_list, "augmented loop graphs must not capture"
    graph.stateful = stateful
    return graph


def _insert_before(node, op, inputs, attrs):
    """A new node in `node`'s graph placed just before `node` (keeps topological order)."""
    graph = node.graph
    specs = op.infer(inputs, attrs)
    new = graph.create_node(op, inputs, attrs, specs)
    graph.nodes.remove(new)
    graph.nodes.insert(graph.nodes.index(node), new)
    return new.outputs[0]


def _augment(node):
    """Add a trip counter and per-iteration stacks of the loop variables to While `node`.

    Returns (number of original loop variables, original body graph)."""
    done = _AUGMENTED.get(node)
    if done is not None:
        return done
    attrs = node.attrs
    n = attrs["n_vars"]
    cg, bg = attrs["cond_graph"], attrs["body_graph"]
    inits, caps = node.inputs[:n], node.inputs[n:]
    var_specs = [(p.dtype, p._shape) for p in bg.inputs[:n]]
    extra_specs = [(dtypes.int32, ())] + [(dtypes.variant, ())] * n
    cap_specs = lambda g: [(p.dtype, p._shape) for p in g.inputs[n:]]  # noqa: E731

    def cond_fn(args):
        return inline_graph(cg, args[:n] + args[2 * n + 1:])[0]

    def body_fn(args):
        loop, counter, stacks = args[:n], args[n], args[n + 1:2 * n + 1]
        outs = inline_graph(bg, loop + args[2 * n + 1:])[0]
        one = np.ones((), np.int32)
        return outs + [math_ops.add(counter, one)] + [
            apply(STACK_PUSH, [s, v]) for s, v in zip(stacks, loop)]

    new_cg = _build_graph(cg.name, var_specs + extra_specs + cap_specs(cg), cond_fn,
                          cg.stateful)
    new_bg = _build_graph(bg.name, var_specs + extra_specs + cap_specs(bg), body_fn,
                          bg.stateful)
    from graphflow.ops.graph_ops import CONST
    zero = _insert_before(node, CONST, [], {"value": np.zeros((), np.int32),
                                            "dtype": dtypes.int32})
    stacks = [_insert_before(node, EMPTY_STACK, [], {}) for _ in inits]
    node.inputs = list(inits) + [zero] + stacks + list(caps)
    node.attrs = dict(attrs, cond_graph=new_cg, body_graph=new_bg, n_vars=2 * n + 1)
    for i, out in enumerate(new_bg.outputs[n:], start=n):
        node.outputs.append(Output(node, i, out.dtype, out._shape))
    _AUGMENTED[node] = n, bg
    return n, bg


def _while_grad(op, *dys):
    """Run the loop backwards over the saved iterations, backpropagating through the body."""
    node = op.outputs[0].node
    n, bg_body = _augment(node)
    inits = node.inputs[:n]
    n_cond = len(node.attrs["cond_graph"].inputs) - (2 * n + 1)
    body_caps = node.inputs[2 * n + 1 + n_cond:]
    counter, stacks = node.outputs[n], node.outputs[n + 1:2 * n + 1]
    float_vars = [j for j in range(n) if trainable_dtype(inits[j].dtype)]
    float_caps = [i for i, c in enumerate(body_caps) if trainable_dtype(c.dtype)]
    seeds = [dys[j] if dys[j] is not None else zeros_for(node.outputs[j])
             for j in float_vars]
    connected = set()

    def cond(t, *rest):
        return math_ops.greater(t, np.zeros((), np.int32))

    def body(t, *rest):
        dvars, dcaps = list(rest[:len(float_vars)]), list(rest[len(float_vars):])
        t1 = math_ops.subtract(t, np.ones((), np.int32))
        state = [stack_get(_capture(s), t1, p) for s, p in zip(stacks, bg_body.inputs)]
        caps = [_capture(c) for c in body_caps]
        outs, records = inline_graph(bg_body, state + caps)
        sources = [state[j] for j in float_vars] + [caps[i] for i in float_caps]
        grads = backprop(records, [outs[j] for j in float_vars], sources, dvars)
        new_dvars = [g if g is not None else zeros_for(state[j])
                     for g, j in zip(grads, float_vars)]
        new_dcaps = []
        for k, (acc, g) in enumerate(zip(dcaps, grads[len(float_vars):])):
            if g is not None:
                connected.add(k)
            new_dcaps.append(acc if g is None else add_gradients(acc, g))
        return [t1] + new_dvars + new_dcaps

    init = [counter] + seeds + [zeros_for(body_caps[i]) for i in float_caps]
    outs = control_flow_ops.while_loop(cond, body, init)
    d_inits, d_caps = outs[1:1 + len(float_vars)], outs[1 + len(float_vars):]
    grads = [None] * len(op.inputs)
    for j, g in zip(float_vars, d_inits):
        grads[j] = g
    offset = n + n_cond
    for k, (i, g) in enumerate(zip(float_caps, d_caps)):
        if k in connected:
            grads[offset + i] = g
    return grads


set_grad("While")(_while_grad)
set_grad("StatelessWhile")(_while_grad)
