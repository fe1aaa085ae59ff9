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
    if isinstance(s, (gast.With, gast.Try)):
        inner = block(s.body, out)
        for sub in ("orelse", "finalbody"):
            inner |= block(getattr(s, sub, []), out)
        for h in getattr(s, "handlers", []):
            inner |= block(h.body, out)
        items = [i.context_expr for i in getattr(s, "items", [])]
        return inner | activity.analyze(items).reads
    act = activity.analyze(s)
    return (out - act.writes) | act.reads
