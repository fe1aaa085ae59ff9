"""Source of a Python function as a gast tree (dedented, line numbers as in the user's file),
and back to source text."""
import ast
import inspect
import textwrap

import gast


def parse_function(fn):
    """(gast FunctionDef/Lambda, filename) for `fn`; raises OSError/TypeError without source."""
    lines, first = inspect.getsourcelines(fn)
    source = textwrap.dedent("".join(lines))
    filename = inspect.getsourcefile(fn) or fn.__code__.co_filename
    try:
        module = gast.parse(source)
    except SyntaxError:
        # A lambda or a def inside a larger expression: parse the logical line alone.
        if fn.__name__ != "<lambda>":
            raise
        try:
            module = gast.parse("(" + source.strip().rstrip(",") + ")")
        except SyntaxError:
            raise TypeError("the lambda's source line is not a parsable expression") \
                from None
    gast.increment_lineno(module, max(first, 1) - 1)
    if fn.__name__ == "<lambda>":
        return _find_lambda(module, fn), filename
    node = module.body[0]
    if not isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef)):
        raise TypeError("expected a function definition in the source of %r" % (fn,))
    return node, filename


def _find_lambda(module, fn):
    nargs = fn.__code__.co_argcount
    names = list(fn.__code__.co_varnames[:nargs])
    found = [n for n in gast.walk(module) if isinstance(n, gast.Lambda) and
             [a.id for a in n.args.args] == names]
    if len(found) != 1:
        raise TypeError("could not identify the lambda's source unambiguously")
    return found[0]


def parse_statements(source):
    """The statements of `source` (a template) as a list of gast nodes."""
    return gast.parse(textwrap.dedent(source)).body


def parse_expression(source):
    return gast.parse(source.strip(), mode="eval").body


def to_ast(node):
    return gast.gast_to_ast(node)


def unparse(node):
    """Readable Python source for a gast node."""
    return ast.unparse(ast.fix_missing_locations(to_ast(node)))
