"""Code templates: Python source with placeholder names replaced by AST nodes."""
import copy

import gast

from graphflow.autograph.pyct import parser

_LOCATION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


class _Replacer(gast.NodeTransformer):
    def __init__(self, replacements):
        self.replacements = replacements

    def visit_Name(self, node):
        new = self.replacements.get(node.id)
        if new is None:
            return node
        if isinstance(new, str):
            return gast.Name(id=new, ctx=node.ctx, annotation=None, type_comment=None)
        new = copy.deepcopy(new)
        if isinstance(new, gast.Name):
            new.ctx = node.ctx
        elif isinstance(new, (gast.Tuple, gast.List)):
            new.ctx = node.ctx
            for elt in new.elts:
                if isinstance(elt, gast.Name):
                    elt.ctx = node.ctx
        return new

    def visit_FunctionDef(self, node):
        new = self.replacements.get(node.name)
        if isinstance(new, str):
            node.name = new
        self.generic_visit(node)
        return node

    def visit_Nonlocal(self, node):
        return self._names(node)

    def visit_Global(self, node):
        return self._names(node)

    def _names(self, node):
        out = []
        for n in node.names:
            new = self.replacements.get(n)
            if isinstance(new, (list, tuple)):
                out.extend(new)
            else:
                out.append(new if isinstance(new, str) else n)
        if not out:
            return None
        node.names = out
        return node

    def visit_Expr(self, node):
        # A bare placeholder statement may be replaced by a list of statements.
        if isinstance(node.value, gast.Name):
            new = self.replacements.get(node.value.id)
            if isinstance(new, list):
                return [copy.deepcopy(s) for s in new] if new else []
        self.generic_visit(node)
        return node


def strip_locations(nodes):
    for root in nodes:
        for n in gast.walk(root):
            for attr in _LOCATION:
                if hasattr(n, attr):
                    setattr(n, attr, None)


def replace(template, **replacements):
    """Statements of `template` with each placeholder name swapped for its replacement.

    A replacement is a name (str), an AST node, or a list of statements (for a placeholder
    written as a bare statement). Template nodes carry no location; see origin.locate.
    """
    body = parser.parse_statements(template)
    strip_locations(body)
    out = []
    replacer = _Replacer(replacements)
    for stmt in body:
        new = replacer.visit(stmt)
        if new is None:
            continue
        out.extend(new if isinstance(new, list) else [new])
    return out


def replace_as_expression(template, **replacements):
    node = parser.parse_expression(template)
    strip_locations([node])
    return _Replacer(replacements).visit(node)


def name(id_, ctx=None):
    return gast.Name(id=id_, ctx=ctx or gast.Load(), annotation=None, type_comment=None)


def constant(value):
    return gast.Constant(value=value, kind=None)
