"""Compile a converted function definition into a function bound to the original's
globals and closure cells, with `ag__` as one more closure variable."""
import types

import gast

from graphflow.autograph.pyct import parser, templates

_converted_codes = set()


def load(fn_node, original, filename, ag_module):
    """The converted function object for `original` from its converted FunctionDef."""
    freevars = list(original.__code__.co_freevars)
    factory = gast.FunctionDef(
        name="ph__factory",
        args=gast.arguments(args=[templates.name(n, gast.Param()) for n in
                                  ["ag__"] + freevars],
                            posonlyargs=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                            kwarg=None, defaults=[]),
        body=[fn_node, gast.Return(value=templates.name(fn_node.name))],
        decorator_list=[], returns=None, type_comment=None, type_params=[])
    line = fn_node.lineno
    for n in (factory, factory.body[1], factory.body[1].value, factory.args):
        if "lineno" in getattr(n, "_attributes", ()):
            n.lineno, n.col_offset, n.end_lineno, n.end_col_offset = line, 0, line, 0
    for a in factory.args.args:
        a.lineno, a.col_offset, a.end_lineno, a.end_col_offset = line, 0, line, 0
    module = gast.Module(body=[factory], type_ignores=[])
    tree = parser.to_ast(module)
    import ast
    ast.fix_missing_locations(tree)
    code = compile(tree, filename, "exec", dont_inherit=True)
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    inner = next(c for c in factory_code.co_consts if isinstance(c, types.CodeType)
                 and c.co_name == fn_node.name)
    _register(inner)
    cells = dict(zip(original.__code__.co_freevars, original.__closure__ or ()))
    closure = tuple(types.CellType(ag_module) if name == "ag__" else
                    cells.get(name, types.CellType()) for name in inner.co_freevars)
    fn = types.FunctionType(inner, original.__globals__, original.__name__,
                            original.__defaults__, closure)
    fn.__kwdefaults__ = original.__kwdefaults__
    fn.__qualname__ = original.__qualname__
    fn.__doc__ = original.__doc__
    fn.__module__ = original.__module__
    return fn


def _register(code):
    _converted_codes.add(code)
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            _register(c)


def is_converted(fn):
    return getattr(fn, "__code__", None) in _converted_codes
