"""Which names may already hold a value when a statement runs (`ag_defined_in`).

A name assigned anywhere in a loop may be defined at any statement of that loop, through
the back edge.
"""
import gast

from graphflow.autograph.pyct.analysis import activity


def analyze_function(fn_node):
    block(fn_node.body, set(activity.arg_names(fn_node.args)))


def block(stmts, defined):
    for s in stmts:
        defined = statement(s, defined)
    return defined


def statement(s, defined):
    s.ag_defined_in = set(defined)
    if isinstance(s, gast.If):
        return block(s.body, defined) | block(s.orelse, defined)
    if isinstance(s, (gast.While, gast.For)):
        looped = defined | activity.analyze(s.body).writes
        if isinstance(s, gast.For):
            looped |= activity.analyze(s.target).writes
        block(s.body, looped)
        return block(s.orelse, looped)
    if isinstance(s, gast.With):
        targets = [i.optional_vars for i in s.items if i.optional_vars is not None]
        return block(s.body, defined | activity.analyze(targets).writes)
    if isinstance(s, (gast.Try, gast.TryStar)):
        out = block(s.body, defined)
        for h in s.handlers:
            caught = {h.name.id} if h.name is not None else set()
            out |= block(h.body, defined | caught)
        out = block(getattr(s, "orelse", []), out)
        return block(getattr(s, "finalbody", []), out)
    return defined | activity.analyze(s).writes
