"""Gradients of the functional control-flow ops (If/StatelessIf, While/StatelessWhile).

Eagerly, `cond` and `while_loop` run as Python and the tape sees the ops inside; these
rules are used in graphs.

- If (cond_grad.py): an If on the same predicate over the branches' gradient graphs,
  which read the forward branch's intermediates as extra outputs of the forward If.
- While: on its first differentiation the forward While is extended, in place, with
  a trip counter and one stack per loop variable holding its value at the start of
  every iteration (TF's accumulators). The gradient is a While running the trip count
  backwards: it pops the saved state, replays the body on it (`replay.inline_graph`)
  and backpropagates the loop-variable cotangents, summing the gradients of captured
  values. Body values a replay cannot recompute (random draws and other stateful
  results) are saved per iteration on stacks too.
"""
import weakref

import numpy as np

from graphflow import dtypes
from graphflow.autodiff import tensor_array_grad  # noqa: F401 - registers list gradients
from graphflow.autodiff.backprop import add_gradients, backprop, zeros_for
from graphflow.autodiff import cond_grad
from graphflow.autodiff.replay import (add_outputs, build_graph, capture, inline_graph,
                                       insert_before, saved_outputs, specs_of)
from graphflow.autodiff.stacks import EMPTY_STACK, STACK_PUSH, stack_get
from graphflow.autodiff.tape import trainable_dtype
from graphflow.eager.context import apply
from graphflow.ops import control_flow_ops, math_ops
from graphflow.ops.registry import set_grad

_AUGMENTED = weakref.WeakKeyDictionary()   # forward node -> what its gradient needs


set_grad("If")(cond_grad.if_grad)
set_grad("StatelessIf")(cond_grad.if_grad)


# ---- While -------------------------------------------------------------------------------------
class _LoopRecord:
    """What the gradient of an augmented While needs to find its saved values."""

    def __init__(self, n, body, saved):
        self.n = n              # original number of loop variables
        self.body = body        # original body graph
        self.saved = saved      # body outputs saved per iteration (stateful results)

    @property
    def n_vars(self):
        return 2 * self.n + 1 + len(self.saved)


def _augment_while(node):
    """Add a trip counter, per-iteration stacks of the loop variables and of the body's
    stateful results to While `node`."""
    done = _AUGMENTED.get(node)
    if done is not None:
        return done
    attrs = node.attrs
    n = attrs["n_vars"]
    cg, bg = attrs["cond_graph"], attrs["body_graph"]
    saved = saved_outputs(bg)
    rec = _LoopRecord(n, bg, saved)
    m = rec.n_vars
    inits, caps = node.inputs[:n], node.inputs[n:]
    var_specs = specs_of(bg.inputs[:n])
    extra_specs = [(dtypes.int32, ())] + [(dtypes.variant, ())] * (m - n - 1)

    def cond_fn(args):
        return inline_graph(cg, args[:n] + args[m:])[0]

    def body_fn(args):
        loop, counter, stacks = args[:n], args[n], args[n + 1:m]
        outs, _, env = inline_graph(bg, loop + args[m:])
        pushed = loop + [env[id(o)] for o in saved]
        return outs + [math_ops.add(counter, np.ones((), np.int32))] + [
            apply(STACK_PUSH, [s, v]) for s, v in zip(stacks, pushed)]

    new_cg = build_graph(cg.name, var_specs + extra_specs + specs_of(cg.inputs[n:]),
                         cond_fn, cg.stateful)
    new_bg = build_graph(bg.name, var_specs + extra_specs + specs_of(bg.inputs[n:]),
                         body_fn, bg.stateful)
    from graphflow.ops.graph_ops import CONST
    zero = insert_before(node, CONST, [], {"value": np.zeros((), np.int32),
                                           "dtype": dtypes.int32})
    stacks = [insert_before(node, EMPTY_STACK, [], {}) for _ in range(m - n - 1)]
    node.inputs = list(inits) + [zero] + stacks + list(caps)
    node.attrs = dict(attrs, cond_graph=new_cg, body_graph=new_bg, n_vars=m)
    add_outputs(node, new_bg.outputs[n:])
    _AUGMENTED[node] = rec
    return rec


def _while_grad(op, *dys):
    """Run the loop backwards over the saved iterations, backpropagating through the body."""
    node = op.outputs[0].node
    rec = _augment_while(node)
    n, m, body_graph = rec.n, rec.n_vars, rec.body
    inits = node.inputs[:n]
    n_cond = len(node.attrs["cond_graph"].inputs) - m
    body_caps = node.inputs[m + n_cond:]
    counter = node.outputs[n]
    var_stacks, saved_stacks = node.outputs[n + 1:2 * n + 1], node.outputs[2 * n + 1:m]
    float_vars = [j for j in range(n) if trainable_dtype(inits[j].dtype)]
    float_caps = [i for i, c in enumerate(body_caps) if trainable_dtype(c.dtype)]
    seeds = [dys[j] if dys[j] is not None else zeros_for(node.outputs[j])
             for j in float_vars]
    # Higher order: gradients reaching the saved states (the stacks) join the loop's
    # cotangents at their iteration.
    stack_grads = list(dys[n + 1:2 * n + 1]) or [None] * n
    connected = set()

    def cond(t, *rest):
        return math_ops.greater(t, np.zeros((), np.int32))

    def body(t, *rest):
        dvars, dcaps = list(rest[:len(float_vars)]), list(rest[len(float_vars):])
        t1 = math_ops.subtract(t, np.ones((), np.int32))
        state = [stack_get(capture(s), t1, p) for s, p in zip(var_stacks, body_graph.inputs)]
        subs = {id(o): stack_get(capture(s), t1, o) for o, s in zip(rec.saved, saved_stacks)}
        caps = [capture(c) for c in body_caps]
        outs, records, _ = inline_graph(body_graph, state + caps, subs)
        sources = [state[j] for j in float_vars] + [caps[i] for i in float_caps]
        grads = backprop(records, [outs[j] for j in float_vars], sources, dvars)
        new_dvars = [_add_saved_gradient(g if g is not None else zeros_for(state[j]),
                                         stack_grads[j], t1)
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
    # `op` may be the node itself (differentiating a branch graph), whose inputs now
    # include the counter and stacks, or a tape record with the original inputs.
    offset = (m if len(op.inputs) > n + n_cond + len(body_caps) else n) + n_cond
    for k, (i, g) in enumerate(zip(float_caps, d_caps)):
        if k in connected:
            grads[offset + i] = g
    return grads


def _add_saved_gradient(cotangent, stack_grad, index):
    """cotangent + stack_grad[index] (the gradient reaching that iteration's saved state)."""
    if stack_grad is None:
        return cotangent
    from graphflow.ops import tensor_array_ops as ta
    item = apply(ta.GET_ITEM, [capture(stack_grad), index],
                 {"element_dtype": cotangent.dtype, "element_shape": cotangent._shape})
    return add_gradients(cotangent, item)


set_grad("While")(_while_grad)
set_grad("StatelessWhile")(_while_grad)
