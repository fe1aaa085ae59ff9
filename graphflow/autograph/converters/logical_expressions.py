"""`a and b`, `a or b` and `not a` become `ag__.and_(lambda: a, lambda: b)`, `ag__.or_`
and `ag__.not_`: lazy like Python on Python values, logical ops on tensors. Chained
comparisons `a < b < c` become `and_` of the single comparisons."""
import gast

from graphflow.autograph.pyct import origin, templates


class LogicalTransformer(gast.NodeTransformer):
    def visit_BoolOp(self, node):
        self.generic_visit(node)
        fn = "ag__.and_" if isinstance(node.op, gast.And) else "ag__.or_"
        result = node.values[-1]
        for value in reversed(node.values[:-1]):
            result = templates.replace_as_expression(
                "%s(lambda: a, lambda: b)" % fn, a=value, b=result)
        return origin.locate(result, node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if not isinstance(node.op, gast.Not):
            return node
        return origin.locate(templates.replace_as_expression("ag__.not_(a)", a=node.operand),
                             node)

    def visit_Compare(self, node):
        self.generic_visit(node)
        if len(node.ops) < 2:
            return node
        operands = [node.left] + node.comparators
        parts = [gast.Compare(left=operands[i], ops=[op], comparators=[operands[i + 1]])
                 for i, op in enumerate(node.ops)]
        result = parts[-1]
        for part in reversed(parts[:-1]):
            result = templates.replace_as_expression("ag__.and_(lambda: a, lambda: b)",
                                                     a=part, b=result)
        return origin.locate(result, node)


def transform(node, namer):
    return LogicalTransformer().visit(node)
