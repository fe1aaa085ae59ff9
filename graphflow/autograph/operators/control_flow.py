"""`if` statements and `x if c else y`: Python when the condition is a Python value (only
the taken branch runs), an If node with both branches as subgraphs when it is a tensor."""
from graphflow import nest
from graphflow.autograph.operators import state as state_lib
from graphflow.autograph.operators.tensors import is_symbolic
from graphflow.autograph.operators.undefined import Undefined, UndefinedReturnValue
from graphflow.autograph.pyct import origin

_BRANCHES = ("if", "else")


def if_stmt(cond, body, orelse, get_state, set_state, symbol_names, nouts, item_writes=()):
    """Run `body` or `orelse`; the variables in `symbol_names` are the statement's outputs.
    `item_writes` names the outer collections the branches assign items of."""
    if is_symbolic(cond):
        state_lib.check_item_writes(item_writes, "a tensor-dependent if statement")
        _tensor_if(cond, body, orelse, get_state, set_state, symbol_names)
    elif cond:
        body()
    else:
        orelse()


def if_exp(cond, if_true, if_false, expr_text):
    if is_symbolic(cond):
        from graphflow.ops import control_flow_ops
        return control_flow_ops.cond(cond, if_true, if_false)
    return if_true() if cond else if_false()


def _tensor_if(cond, body, orelse, get_state, set_state, names):
    from graphflow.ops import control_flow_ops
    from graphflow.tracing.subgraph import trace_subgraph, add_outputs
    init = get_state()
    branch_values = []

    def traced(fn):
        def run():
            set_state(init)
            fn()
            values = get_state()
            branch_values.append(values)
            changed = [i for i, (v, v0) in enumerate(zip(values, init)) if v is not v0]
            flat = []
            for i in changed:
                if not isinstance(values[i], (Undefined, UndefinedReturnValue)):
                    flat.extend(state_lib.flatten(names[i], values[i], "in a tensor if"))
            return flat
        return run
    subs = [trace_subgraph(traced(body), [], "if_true"),
            trace_subgraph(traced(orelse), [], "if_false")]
    set_state(init)
    slots = [i for i in range(len(names))
             if any(vals[i] is not init[i] for vals in branch_values)]
    outputs = [[], []]
    result_like = {}
    positions = [_positions(vals, init) for vals in branch_values]
    for i in slots:
        values = [vals[i] for vals in branch_values]
        like = _check_slot(names[i], values)
        if like is None:
            continue
        result_like[i] = like
        specs = [subs[b].graph.outputs[positions[b][i][0] + k]
                 for b in range(2) if i in positions[b] for k in range(positions[b][i][1])]
        for b in range(2):
            outputs[b].append(_slot_outputs(names[i], values[b], init[i],
                                            positions[b].get(i), specs))
    for b in range(2):
        add_outputs(subs[b], [t for slot in outputs[b] for t in slot])
    _check_dtypes(names, slots, subs, result_like)
    flat = control_flow_ops.build_if(cond, subs[0], subs[1])
    final = list(init)
    offset = 0
    for i in slots:
        if i not in result_like:
            final[i] = UndefinedReturnValue()
            continue
        n = state_lib.count(result_like[i])
        final[i] = state_lib.unflatten(result_like[i], flat[offset:offset + n])
        offset += n
    set_state(tuple(final))


def _positions(values, init):
    """Where each changed, defined slot's values sit in a branch's traced outputs."""
    out, offset = {}, 0
    for i, (v, v0) in enumerate(zip(values, init)):
        if v is not v0 and not isinstance(v, (Undefined, UndefinedReturnValue)):
            n = state_lib.count(v)
            out[i] = (offset, n)
            offset += n
    return out


def _check_slot(name, values):
    """The value whose structure the output takes; errors for inconsistent branches."""
    for b, v in enumerate(values):
        if isinstance(v, Undefined):
            raise ValueError("'%s' must also be initialized in the %s branch, since it is "
                             "used after the if statement.%s"
                             % (name, _BRANCHES[b], origin.user_location_text()))
    defined = [v for v in values if not isinstance(v, UndefinedReturnValue)]
    if not defined:
        return None
    if len(defined) == 2:
        try:
            nest.assert_same_structure(defined[0], defined[1])
        except (ValueError, TypeError):
            raise TypeError("'%s' must have the same nested structure in the if and else "
                            "branches: %r vs %r.%s" % (name, defined[0], defined[1],
                                                      origin.user_location_text())) from None
    return defined[0]


def _slot_outputs(name, value, init, position, specs):
    """Graph values of one slot in one branch: traced outputs (by index), the incoming
    value, or zeros standing for a return value this branch does not set."""
    from graphflow.ops import array_ops
    if position is not None:
        offset, n = position
        return [("traced", offset + k) for k in range(n)]
    if isinstance(value, UndefinedReturnValue):
        return [("outer", array_ops.zeros([d or 0 for d in (t._shape or ())], t.dtype))
                for t in specs]
    return [("outer", t) for t in state_lib.flatten(name, init, "before the if statement")]


def _check_dtypes(names, slots, subs, result_like):
    offset = 0
    for i in slots:
        if i not in result_like:
            continue
        n = state_lib.count(result_like[i])
        for k in range(offset, offset + n):
            a, b = subs[0].graph.outputs[k], subs[1].graph.outputs[k]
            if a.dtype is not b.dtype:
                raise TypeError("'%s' has dtype %s in the if branch, but dtype %s in the else "
                                "branch.%s" % (names[i], a.dtype.name, b.dtype.name,
                                               origin.user_location_text()))
        offset += n
