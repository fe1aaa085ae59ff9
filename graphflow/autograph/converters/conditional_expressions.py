"""`a if c else b` becomes `ag__.if_exp(c, lambda: a, lambda: b, 'c')`: a Cond on tensors."""
import gast

from graphflow.autograph.pyct import origin, parser, templates


class IfExpTransformer(gast.NodeTransformer):
    def visit_IfExp(self, node):
        self.generic_visit(node)
        new = templates.replace_as_expression(
            "ag__.if_exp(test, lambda: body, lambda: orelse, text)", test=node.test,
            body=node.body, orelse=node.orelse,
            text=templates.constant(parser.unparse(node.test)))
        return origin.locate(new, node)


def transform(node, namer):
    return IfExpTransformer().visit(node)
