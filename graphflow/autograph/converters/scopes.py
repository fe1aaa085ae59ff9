"""Bind every name a generated body function (if/loop body, state accessors) declares
`nonlocal` in its enclosing function:
`x = ag__.Undefined('x')` at the top of that function, unless a plain top-level assignment
binds it first. Reading such a value names the variable in the error."""
import gast

from graphflow.autograph.pyct import origin, templates
from graphflow.autograph.pyct.analysis import activity


def _nonlocals_of(fn_def):
    names = []
    for inner in fn_def.body:
        if isinstance(inner, gast.Nonlocal):
            names.extend(inner.names)
    return names


class ScopeTransformer(gast.NodeTransformer):
    def visit_FunctionDef(self, node):
        self.generic_visit(node)
        bound = set(activity.arg_names(node.args))
        for s in node.body:
            if isinstance(s, (gast.Nonlocal, gast.Global)):
                bound |= set(s.names)
        missing = []
        for s in node.body:
            if isinstance(s, gast.FunctionDef) and getattr(s, "ag_generated", False):
                for n in _nonlocals_of(s):
                    if n not in bound and n not in missing:
                        missing.append(n)
            elif isinstance(s, (gast.Assign, gast.AugAssign, gast.AnnAssign)):
                bound |= activity.analyze(s).writes
        if missing:
            inits = []
            for name in missing:
                inits += templates.replace("name = ag__.Undefined(text)", name=name,
                                           text=templates.constant(name))
            first = 0
            while first < len(node.body) and isinstance(node.body[first],
                                                        (gast.Nonlocal, gast.Global)):
                first += 1
            node.body[first:first] = origin.locate(inits, node.body[0])
            _check_returned(node, missing)
        return node


def _check_returned(fn_def, maybe_undefined):
    """`return y` of a name that may still be Undefined raises instead of returning it."""
    last = fn_def.body[-1]
    if (isinstance(last, gast.Return) and last.value is not None and
            not getattr(fn_def, "ag_generated", False) and
            activity.analyze(last.value).reads & set(maybe_undefined)):
        call = templates.replace("ag__.return_value(value)", value=last.value)[0].value
        last.value = origin.locate(call, last)


def transform(node, namer):
    return ScopeTransformer().visit(node)
