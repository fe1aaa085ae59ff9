"""`return` anywhere becomes `do_return = True; retval_ = value`, with the code after it
guarded and loops stopped; the function ends with one `return ag__.retval(retval_)`.

First, `if c: return a` followed by more code moves that code into the `else`, so both
branches of a tensor `if` define the return value.
"""
import gast

from graphflow.autograph.converters import jumps
from graphflow.autograph.pyct import origin, templates


def _is_return(s):
    return isinstance(s, gast.Return)


def _always_returns(stmts):
    if not stmts:
        return False
    last = stmts[-1]
    if isinstance(last, gast.Return):
        return True
    if isinstance(last, gast.If):
        return _always_returns(last.body) and _always_returns(last.orelse)
    return False


def _canonicalize(stmts):
    """Move code following an `if` whose branch always returns into the other branch."""
    out = []
    for i, s in enumerate(stmts):
        out.append(s)
        if isinstance(s, gast.If):
            s.body = _canonicalize(s.body)
            s.orelse = _canonicalize(s.orelse)
            rest = stmts[i + 1:]
            if rest and _always_returns(s.body) and not _always_returns(s.orelse):
                s.orelse = _canonicalize(s.orelse + rest)
                return out
            if rest and _always_returns(s.orelse) and not _always_returns(s.body):
                s.body = _canonicalize(s.body + rest)
                return out
        elif isinstance(s, (gast.While, gast.For, gast.With, gast.Try)):
            s.body = _canonicalize(s.body)
    return out


def _returns(stmts):
    """Return statements of this function (not of nested scopes)."""
    found = []

    def walk(node):
        if isinstance(node, gast.Return):
            found.append(node)
        for child in gast.iter_child_nodes(node):
            if not isinstance(child, jumps.SCOPES):
                walk(child)
    for s in stmts:
        walk(s)
    return found


def _needs_lowering(body):
    found = _returns(body)
    return bool(found) and not (len(found) == 1 and found[0] is body[-1])


class ReturnTransformer(gast.NodeTransformer):
    def __init__(self, namer):
        self.namer = namer

    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        node.body = _canonicalize(node.body)
        if not _needs_lowering(node.body):
            return node
        flag, value = self.namer.new("do_return"), self.namer.new("retval_")
        self.namer.labels[value] = "return value"

        def replace(ret):
            if ret.value is None:
                return templates.replace("flag = True", flag=flag)
            return templates.replace("flag = True\nvalue = ag__.return_value(result)",
                                     flag=flag, value=value,
                                     result=ret.value)
        body, _ = jumps.lower_block(node.body, _is_return, replace, flag, into_loops=True,
                                    on_loop=lambda loop: jumps.add_loop_condition(loop, flag))
        head = templates.replace("flag = False\nvalue = ag__.UndefinedReturnValue()",
                                 flag=flag, value=value)
        tail = templates.replace("return ag__.retval(value)", value=value)
        node.body = origin.locate(head, node.body[0]) + body + origin.locate(
            tail, node.body[-1])
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def transform(node, namer):
    return ReturnTransformer(namer).visit(node)
