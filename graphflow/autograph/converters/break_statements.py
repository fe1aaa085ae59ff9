"""`break` becomes `break_ = True`; the rest of the body is guarded and the loop stops
when the flag is set (for loops through an extra test)."""
import gast

from graphflow.autograph.converters import jumps
from graphflow.autograph.pyct import origin, templates


def _is_break(s):
    return isinstance(s, gast.Break)


class BreakTransformer(gast.NodeTransformer):
    def __init__(self, namer):
        self.namer = namer

    def _loop(self, node):
        self.generic_visit(node)
        if not jumps.contains(node.body, _is_break):
            return node
        if node.orelse:
            raise NotImplementedError("loops with `else` and `break` are not supported")
        flag = self.namer.new("break_")
        node.body, _ = jumps.lower_block(
            node.body, _is_break, lambda s: templates.replace("flag = True", flag=flag), flag)
        jumps.add_loop_condition(node, flag)
        init = origin.locate(templates.replace("flag = False", flag=flag), node)
        return init + [node]

    visit_While = visit_For = _loop


def transform(node, namer):
    return BreakTransformer(namer).visit(node)
