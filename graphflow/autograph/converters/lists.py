"""List idioms that must also work on tensors: `l.append(x)` becomes
`l = ag__.list_append(l, x)` (a TensorArray write inside tensor loops), `l.pop()` becomes
`l, x = ag__.list_pop(l)`, and `<f>.stack(l)` calls go through `ag__.list_stack`."""
import gast

from graphflow.autograph.pyct import origin, templates
from graphflow.autograph.pyct.analysis import activity


def _method_call(node, name):
    return (isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute)
            and node.func.attr == name and isinstance(node.func.value, gast.Name)
            and not node.keywords)


class ListTransformer(gast.NodeTransformer):
    """Rewrites only lists local to the function: appending to a closure's or a global's
    list keeps Python semantics (a trace-time side effect)."""

    def __init__(self):
        self.locals = set()

    def visit_FunctionDef(self, node):
        outer = self.locals
        self.locals = activity.analyze(node.body).writes | set(activity.arg_names(node.args))
        self.generic_visit(node)
        self.locals = outer
        return node

    def _local_call(self, call, method):
        return _method_call(call, method) and call.func.value.id in self.locals

    def visit_Expr(self, node):
        call = node.value
        if self._local_call(call, "append") and len(call.args) == 1:
            target = call.func.value.id
            self.generic_visit(node)
            new = templates.replace("target = ag__.list_append(target, value)",
                                    target=target, value=call.args[0])
            return origin.locate(new, node)
        self.generic_visit(node)
        return node

    def visit_Assign(self, node):
        call = node.value
        if (self._local_call(call, "pop") and len(node.targets) == 1 and not call.args
                and isinstance(node.targets[0], gast.Name)):
            new = templates.replace("target, result = ag__.list_pop(target)",
                                    target=call.func.value.id, result=node.targets[0].id)
            return origin.locate(new, node)
        self.generic_visit(node)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        if (isinstance(node.func, gast.Attribute) and node.func.attr == "stack"
                and len(node.args) == 1 and not isinstance(node.args[0], gast.Starred)):
            new = templates.replace_as_expression(
                "ag__.list_stack(original, value)", original=node.func, value=node.args[0])
            new.keywords = node.keywords
            return origin.locate(new, node)
        return node


def transform(node, namer):
    return ListTransformer().visit(node)
