"""Source of a Python function as a gast tree (dedented, line numbers as in the user's file),
and back to source text."""
import ast
import inspect
import re
import textwrap

import gast


def parse_function(fn):
    """(gast FunctionDef/Lambda, filename) for `fn`; raises OSError/TypeError without source."""
    lines, first = inspect.getsourcelines(fn)
    filename = inspect.getsourcefile(fn) or fn.__code__.co_filename
    if fn.__name__ == "<lambda>":
        return _parse_lambda(fn, "".join(lines), first), filename
    source = "".join(lines)
    dedented = textwrap.dedent(source)
    module = gast.parse(dedented)
    gast.increment_lineno(module, max(first, 1) - 1)
    _shift_columns(module, len(source) - len(source.lstrip(" \t")) -
                   (len(dedented) - len(dedented.lstrip(" \t"))))
    node = module.body[0]
    if not isinstance(node, (gast.FunctionDef, gast.AsyncFunctionDef)):
        raise TypeError("expected a function definition in the source of %r" % (fn,))
    return node, filename


def _shift_columns(tree, indent):
    """Undo the dedent in column offsets, so tracebacks point at the user's columns."""
    if not indent:
        return
    for node in gast.walk(tree):
        for attr in ("col_offset", "end_col_offset"):
            if getattr(node, attr, None) is not None:
                setattr(node, attr, getattr(node, attr) + indent)


def _parse_lambda(fn, source, first):
    """The Lambda node of `fn` in `source` (the lines holding it, maybe inside a larger
    expression): the shortest parsable text from each `lambda` keyword, matched by its
    argument names."""
    names = list(fn.__code__.co_varnames[:fn.__code__.co_argcount])
    found = []
    for match in re.finditer(r"\blambda\b", source):
        text = source[match.start():]
        ends = [i for i, ch in enumerate(text) if ch in ",)]}\n"] + [len(text)]
        for end in ends:
            try:
                expr = gast.parse("(" + text[:end] + "\n)", mode="eval").body
            except SyntaxError:
                continue
            if isinstance(expr, gast.Lambda) and [a.id for a in expr.args.args] == names:
                gast.increment_lineno(expr, first + source.count("\n", 0, match.start()) - 1)
                found.append(expr)
            break
    if len(found) > 1:
        found = [node for node in found if _same_code(node, fn.__code__)]
    if len({unparse(node) for node in found}) != 1:
        raise TypeError("could not identify the lambda's source unambiguously")
    return found[0]


def _same_code(node, code):
    """Whether the lambda `node` compiles to the names and constants of `code`."""
    compiled = compile(ast.Expression(body=to_ast(node)), "<lambda>", "eval")
    candidate = next(c for c in compiled.co_consts if hasattr(c, "co_names"))

    def signature(c):
        consts = tuple(repr(k) for k in c.co_consts if not hasattr(k, "co_names"))
        return set(c.co_names) | set(c.co_freevars), consts
    return signature(candidate) == signature(code)


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
