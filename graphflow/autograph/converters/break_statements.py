"""`break` becomes `break_ = True`; the rest of the body is guarded and the loop stops
when the flag is set (for loops through an extra test). A loop's `else` block becomes
`if not break_:` after it."""
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
        flag = self.namer.new("break_")
        node.body, _ = jumps.lower_block(
            node.body, _is_break, lambda s: templates.replace("flag = True", flag=flag), flag)
        jumps.add_loop_condition(node, flag)
        init = origin.locate(templates.replace("flag = False", flag=flag), node)
        orelse = []
        if node.orelse:
            # The loop's `else` runs when no `break` ran.
            orelse = origin.locate(templates.replace("if not flag:\n    body", flag=flag,
                                                     body=node.orelse), node.orelse[0])
            node.orelse = []
        return init + [node] + orelse

    visit_While = visit_For = _loop


def transform(node, namer):
    return BreakTransformer(namer).visit(node)
