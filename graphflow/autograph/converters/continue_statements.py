"""`continue` becomes `continue_ = True` with the rest of the iteration guarded."""
import gast

from graphflow.autograph.converters import jumps
from graphflow.autograph.pyct import origin, templates


def _is_continue(s):
    return isinstance(s, gast.Continue)


class ContinueTransformer(gast.NodeTransformer):
    def __init__(self, namer):
        self.namer = namer

    def _loop(self, node):
        self.generic_visit(node)
        if not jumps.contains(node.body, _is_continue):
            return node
        flag = self.namer.new("continue_")
        body, _ = jumps.lower_block(
            node.body, _is_continue,
            lambda s: templates.replace("flag = True", flag=flag), flag)
        node.body = origin.locate(templates.replace("flag = False", flag=flag),
                                  node.body[0]) + body
        return node

    visit_While = visit_For = _loop


def transform(node, namer):
    return ContinueTransformer(namer).visit(node)
