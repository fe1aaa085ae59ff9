"""Liveness: the names whose current value may still be read after a statement.

Runs after break/continue/return are lowered, so blocks have no jumps. Annotates If, While
and For nodes with `ag_live_out` (live after the statement) and loops with `ag_live_head`
(live at the loop head, i.e. carried around the back edge or out of the loop).
"""
import gast

from graphflow.autograph.pyct.analysis import activity


def analyze_function(fn_node):
    block(fn_node.body, set())


def block(stmts, live_out):
    live = set(live_out)
    for s in reversed(stmts):
        live = statement(s, live)
    return live


def statement(s, out):
    if isinstance(s, gast.If):
        s.ag_live_out = set(out)
        return (block(s.body, out) | block(s.orelse, out)
                | activity.analyze(s.test).reads)
    if isinstance(s, gast.While):
        s.ag_live_out = set(out)
        test_reads = activity.analyze(s.test).reads
        head = out | test_reads | block(s.orelse, out)
        while True:
            new = head | block(s.body, head)
            if new == head:
                break
            head = new
        s.ag_live_head = head
        return head
    if isinstance(s, gast.For):
        s.ag_live_out = set(out)
        target = activity.analyze(s.target).writes
        extra = set()
        for e in getattr(s, "ag_extra_test", ()):
            extra |= activity.analyze(e).reads
        head = out | extra | block(s.orelse, out)
        while True:
            new = head | (block(s.body, head) - target)
            if new == head:
                break
            head = new
        s.ag_live_head = head
        return head | activity.analyze(s.iter).reads
    if isinstance(s, gast.With):
        live = block(s.body, out)
        for item in reversed(s.items):
            if item.optional_vars is not None:
                target = activity.analyze(item.optional_vars)
                live = (live - target.writes) | target.reads
            live |= activity.analyze(item.context_expr).reads
        return live
    if isinstance(s, gast.Match):
        last = s.cases[-1]
        catch_all = (last.guard is None and isinstance(last.pattern, gast.MatchAs) and
                     last.pattern.pattern is None)
        live = activity.analyze(s.subject).reads | (set() if catch_all else set(out))
        for case in s.cases:
            live |= ((block(case.body, out) - _captures(case.pattern)) |
                     activity.analyze(case.pattern).reads)
            if case.guard is not None:
                live |= activity.analyze(case.guard).reads
        return live
    if isinstance(s, (gast.Try, gast.TryStar)):
        # An exception may leave the body anywhere: what a handler reads is live throughout.
        after = block(s.finalbody, out)
        handlers = set()
        for h in s.handlers:
            caught = block(h.body, after) - ({h.name.id} if h.name is not None else set())
            handlers |= caught | (activity.analyze(h.type).reads if h.type else set())
        return block(s.body, block(s.orelse, after) | handlers) | handlers
    act = activity.analyze(s)
    return (out - act.writes) | act.reads


def _captures(pattern):
    """Names a match pattern binds when it matches."""
    names = set()
    for n in gast.walk(pattern):
        for attr in ("name", "rest"):
            if isinstance(getattr(n, attr, None), str):
                names.add(getattr(n, attr))
    return names
