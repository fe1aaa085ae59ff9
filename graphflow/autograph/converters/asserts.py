"""`assert test, msg` becomes `ag__.assert_stmt(test, lambda: msg)`: an Assert op on tensors."""
import gast

from graphflow.autograph.pyct import origin, templates


class AssertTransformer(gast.NodeTransformer):
    def visit_Assert(self, node):
        self.generic_visit(node)
        msg = node.msg if node.msg is not None else templates.constant(
            "Assertion failed")
        new = templates.replace("ag__.assert_stmt(test, lambda: msg)", test=node.test, msg=msg)
        return origin.locate(new, node)


def transform(node, namer):
    return AssertTransformer().visit(node)
