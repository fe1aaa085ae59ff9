"""Shared lowering of a jump statement (break, continue, return) into a flag assignment
plus guards: statements after one that may jump run under `if not <flag>:`."""
import gast

from graphflow.autograph.pyct import origin, templates

_LOOPS = (gast.While, gast.For)
SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.ClassDef, gast.Lambda)


def lower_block(stmts, is_jump, replace_jump, flag, into_loops=False, on_loop=None):
    """Rewrite `stmts`; return (new statements, whether they may jump).

    `replace_jump(stmt)` gives the statements standing for one jump. Loops are entered
    only when `into_loops` (return); then `on_loop(loop)` adds the flag to the loop's test.
    """
    out = []
    for i, s in enumerate(stmts):
        if is_jump(s):
            out.extend(origin.locate(replace_jump(s), s))
            return out, True
        may = _lower_compound(s, is_jump, replace_jump, flag, into_loops, on_loop)
        out.append(s)
        if may:
            rest, _ = lower_block(stmts[i + 1:], is_jump, replace_jump, flag, into_loops,
                                  on_loop)
            if rest:
                guard = templates.replace("if not flag:\n    rest", flag=flag, rest=rest)
                out.extend(origin.locate(guard, stmts[i + 1]))
            return out, True
    return out, False


def _lower_compound(s, is_jump, replace_jump, flag, into_loops, on_loop):
    if isinstance(s, SCOPES):
        return False
    if isinstance(s, _LOOPS):
        if not into_loops:
            return False
        s.body, may = lower_block(s.body, is_jump, replace_jump, flag, into_loops, on_loop)
        if may:
            on_loop(s)
        return may
    may = False
    for field in ("body", "orelse", "finalbody"):
        block = getattr(s, field, None)
        if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
            new, m = lower_block(block, is_jump, replace_jump, flag, into_loops, on_loop)
            setattr(s, field, new or [gast.Pass()])
            may = may or m
    for h in getattr(s, "handlers", []):
        h.body, m = lower_block(h.body, is_jump, replace_jump, flag, into_loops, on_loop)
        h.body = h.body or [gast.Pass()]
        may = may or m
    return may


def add_loop_condition(loop, flag):
    """Make `loop` stop once `flag` is set: in a while's test, or a for's extra tests."""
    not_flag = templates.replace_as_expression("not flag", flag=flag)
    origin.locate(not_flag, loop)
    if isinstance(loop, gast.While):
        loop.test = gast.BoolOp(op=gast.And(), values=[not_flag, loop.test])
        origin.locate(loop.test, loop)
    else:
        loop.ag_extra_test = getattr(loop, "ag_extra_test", []) + [not_flag]


def contains(stmts, is_jump):
    """Whether `stmts` contain a jump at this loop level (not in nested loops or scopes)."""
    for s in stmts:
        if is_jump(s):
            return True
        if isinstance(s, SCOPES + _LOOPS):
            continue
        for field in ("body", "orelse", "finalbody"):
            block = getattr(s, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt) and \
                    contains(block, is_jump):
                return True
        if any(contains(h.body, is_jump) for h in getattr(s, "handlers", [])):
            return True
    return False
