"""Source of a Python function as a gast tree (dedented, line numbers as in the user's file),
and back to source text."""
import ast
import inspect
import io
import linecache
import tokenize
import textwrap

import gast


def parse_function(fn):
    """(gast FunctionDef/Lambda, filename) for `fn`; raises OSError/TypeError without source."""
    lines, first = inspect.getsourcelines(fn)
    filename = inspect.getsourcefile(fn) or fn.__code__.co_filename
    if fn.__name__ == "<lambda>":
        return _parse_lambda(fn, _lambda_lines(fn, lines, first, filename), first), filename
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
    expression). Each `lambda` keyword's expression runs to the first `,`, `for` or
    unmatched closing bracket at its own nesting level; candidates must take `fn`'s
    arguments and, where the code object records positions (Python 3.11+), span exactly
    the body's source range, else compile to `fn`'s names and constants."""
    code = fn.__code__
    names = list(code.co_varnames[:code.co_argcount])
    found = [node for node in _lambda_candidates(source, first)
             if [a.id for a in node.args.args] == names]
    span = _body_span(code)
    if span is not None:
        found = [node for node in found if _span_of(node.body) == span]
    elif len(found) > 1:
        found = [node for node in found if _same_code(node, code)]
    if len({unparse(node) for node in found}) != 1:
        raise TypeError("could not identify the lambda's source unambiguously")
    return found[0]


def _same_code(node, code):
    """Whether the Lambda `node` compiles to the same names and constants as `code` (the
    identification fallback where code objects carry no source positions)."""
    compiled = compile(unparse(node).strip(), "<lambda>", "eval")
    inner = next((c for c in compiled.co_consts if hasattr(c, "co_code")), None)
    return inner is not None and inner.co_code == code.co_code and \
        inner.co_names == code.co_names and \
        inner.co_varnames == code.co_varnames and \
        [c for c in inner.co_consts if not hasattr(c, "co_code")] == \
        [c for c in code.co_consts if not hasattr(c, "co_code")]


def _lambda_lines(fn, lines, first, filename):
    """The source from the lambda's first line through the last line its body reaches
    (inspect stops at the end of the first line's logical block)."""
    span = _body_span(fn.__code__)
    last = first + len(lines) - 1
    if span is not None and span[1][0] > last:
        lines = lines + linecache.getlines(filename)[last:span[1][0]]
    return "".join(lines)


def _lambda_candidates(source, first):
    """A gast Lambda for each `lambda` expression in `source`, located in the user's file.
    The source is tokenized as if inside brackets (it may be the middle of an expression);
    each lambda is read up to its terminator, or failing that up to a line end."""
    lines = source.splitlines(True)
    tokens = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO("(\n" + source).readline):
            tokens.append(tok._replace(start=(tok.start[0] - 1, tok.start[1]),
                                       end=(tok.end[0] - 1, tok.end[1])))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    for k, tok in enumerate(tokens):
        if tok.type == tokenize.NAME and tok.string == "lambda":
            for end in reversed(_expression_ends(tokens, k)):
                node = _parse_span(lines, tok.start, end)
                if node is not None:
                    _relocate(node, lines, tok.start, first)
                    yield node
                    break


def _expression_ends(tokens, k):
    """Positions where the lambda starting at token k may end: line ends at its own
    nesting level, then its terminator (`,`, `for`, `;` or an unmatched closing bracket)."""
    depth, in_body, ends = 0, False, []
    for tok in tokens[k + 1:]:
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            if depth == 0:
                return ends + [tok.start]
            depth -= 1
        elif depth == 0 and tok.type == tokenize.OP and tok.string == ":" and not in_body:
            in_body = True
        elif depth == 0 and in_body and tok.string in (",", "for", ";"):
            return ends + [tok.start]
        elif depth == 0 and in_body and tok.type in (tokenize.NL, tokenize.NEWLINE):
            ends.append(tok.start)
    return ends + [tokens[-1].end]


def _parse_span(lines, start, end):
    (r0, c0), (r1, c1) = start, end
    if r0 == r1:
        text = lines[r0 - 1][c0:c1]
    else:
        text = lines[r0 - 1][c0:] + "".join(lines[r0:r1 - 1]) + lines[r1 - 1][:c1]
    try:
        node = gast.parse("(" + text + "\n)", mode="eval").body
    except SyntaxError:
        return None
    return node if isinstance(node, gast.Lambda) else None


def _relocate(node, lines, start, first):
    """Move a lambda parsed from `(text` to its line and (UTF-8) column in the file."""
    row, col = start
    shift = len(lines[row - 1][:col].encode("utf-8")) - 1
    for n in gast.walk(node):
        if getattr(n, "lineno", None) is None:
            continue
        for line_attr, col_attr in (("lineno", "col_offset"), ("end_lineno", "end_col_offset")):
            if getattr(n, line_attr, None) == 1 and getattr(n, col_attr, None) is not None:
                setattr(n, col_attr, getattr(n, col_attr) + shift)
    gast.increment_lineno(node, first + row - 2)


def _body_span(code):
    """((line, col), (end_line, end_col)) of the lambda body, from the code's instruction
    positions; None when the interpreter does not record them."""
    if not hasattr(code, "co_positions"):
        return None
    spans = [p for p in code.co_positions()
             if None not in p and not (p[0] == code.co_firstlineno and p[2] == p[3] == 0)]
    if not spans:
        return None
    return (min((p[0], p[2]) for p in spans), max((p[1], p[3]) for p in spans))


def _span_of(node):
    return (node.lineno, node.col_offset), (node.end_lineno, node.end_col_offset)


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
