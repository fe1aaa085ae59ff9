"""Every call `f(*args, **kwargs)` becomes `ag__.converted_call(f, args, kwargs)`, which
converts user functions recursively and routes builtins (print, range, len) to their
AutoGraph versions at run time."""
import gast

from graphflow.autograph.pyct import origin, templates

_KEEP = {"super", "set_loop_options", "locals", "globals", "vars", "eval", "exec"}


def _name_of(func):
    if isinstance(func, gast.Name):
        return func.id
    if isinstance(func, gast.Attribute):
        if isinstance(func.value, gast.Name) and func.value.id == "ag__":
            return "ag__"
        return func.attr
    return None


class CallTransformer(gast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        name = _name_of(node.func)
        if name == "ag__" or name in _KEEP:
            return node
        args = gast.Tuple(elts=node.args, ctx=gast.Load())
        kwargs = None
        if node.keywords:
            kwargs = gast.Dict(keys=[k.arg for k in node.keywords],
                               values=[k.value for k in node.keywords])
            kwargs.keys = [templates.constant(k) if k is not None else None
                           for k in kwargs.keys]
        new = templates.replace_as_expression(
            "ag__.converted_call(func, args, kwargs)", func=node.func, args=args,
            kwargs=kwargs if kwargs is not None else templates.constant(None))
        return origin.locate(new, node)


def transform(node, namer):
    return CallTransformer().visit(node)
