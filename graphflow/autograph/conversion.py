"""Converting functions: parse, run the converters in order, load; cached per function.
`converted_call` is how converted code calls anything."""
import functools
import inspect
import warnings
import weakref

import gast

from graphflow import errors
from graphflow.autograph.converters import (
    asserts, break_statements, call_trees, conditional_expressions, continue_statements,
    control_flow, functions, lists, logical_expressions, return_statements, scopes)
from graphflow.autograph.operators import py_builtins
from graphflow.autograph.pyct import loader, naming, parser
from graphflow.autograph.pyct.analysis import liveness, reaching_definitions

# Before analysis: lower jumps, rewrite idioms, route calls.
_EARLY = (break_statements, asserts, continue_statements, return_statements,
          lists, call_trees)
# After analysis: control flow needs liveness and definitions; then expressions.
_LATE = (control_flow, conditional_expressions, logical_expressions, scopes)

_SKIPPED_MODULES = ("graphflow", "numpy", "builtins", "functools", "collections", "typing",
                    "inspect", "abc", "copy", "math", "operator", "itertools", "re",
                    "pytest", "_pytest", "hypothesis", "unittest", "contextlib", "weakref")

_cache = weakref.WeakKeyDictionary()      # function -> converted function
_sources = {}                              # code object -> (converted tree, filename)


def transform(fn):
    """(converted gast FunctionDef, filename) for `fn`; cached per code object."""
    entry = _sources.get(fn.__code__)
    if entry is None:
        node, filename = parser.parse_function(fn)
        if isinstance(node, gast.Lambda):
            node = _lambda_as_def(node)
        namer = naming.Namer(node)
        node = functions.transform(node, namer, functions.class_of(fn))
        for converter in _EARLY:
            node = converter.transform(node, namer)
        for scope in [n for n in gast.walk(node) if isinstance(n, gast.FunctionDef)]:
            reaching_definitions.analyze_function(scope)
            liveness.analyze_function(scope)
        for converter in _LATE:
            node = converter.transform(node, namer)
        entry = _sources[fn.__code__] = (node, filename)
    return entry


def _lambda_as_def(node):
    fn = gast.FunctionDef(name="lambda_", args=node.args, body=[gast.Return(value=node.body)],
                          decorator_list=[], returns=None, type_comment=None, type_params=[])
    for n in (fn, fn.body[0]):
        n.lineno, n.col_offset = node.lineno, node.col_offset
        n.end_lineno, n.end_col_offset = node.lineno, node.col_offset
    return fn


def convert(fn):
    """The converted version of Python function `fn` (cached)."""
    converted = _cache.get(fn)
    if converted is None:
        from graphflow.autograph import ag
        node, filename = transform(fn)
        converted = loader.load(node, fn, filename, ag)
        converted.__graphflow_autograph_source__ = fn
        _cache[fn] = converted
    return converted


def is_unconvertible(fn):
    """Functions run as they are: graphflow's own, libraries', builtins, marked ones."""
    if getattr(fn, "__graphflow_do_not_convert__", False) or loader.is_converted(fn):
        return True
    if not inspect.isfunction(fn):
        return True
    module = getattr(fn, "__module__", None) or ""
    if module.split(".")[0] in _SKIPPED_MODULES:
        return True
    return inspect.isgeneratorfunction(fn) or inspect.iscoroutinefunction(fn)


def try_convert(fn, warn=True):
    """The converted `fn`, or `fn` itself (with a warning) when its source is unavailable."""
    try:
        return convert(fn)
    except (OSError, TypeError) as e:
        if warn:
            warnings.warn(
                "AutoGraph could not transform %s and will run it as-is. Cause: its source "
                "code is not available (%s). Functions defined in a REPL or with exec cannot "
                "be converted; define it in a file, or decorate it with "
                "@graphflow.autograph.experimental.do_not_convert to silence this warning."
                % (getattr(fn, "__qualname__", fn), e), stacklevel=3)
        _cache[fn] = fn
        return fn
    except SyntaxError as e:
        raise errors.ConversionError("could not parse the source of %s: %s"
                                     % (getattr(fn, "__qualname__", fn), e)) from None
    except NotImplementedError as e:
        raise errors.ConversionError("%s: %s" % (getattr(fn, "__qualname__", fn), e)) \
            from None


def converted_call(f, args, kwargs):
    """Call `f(*args, **kwargs)`, converting user functions on the way (recursively)."""
    kwargs = kwargs or {}
    override = _builtin_override(f)
    if override is not None:
        return override(*args, **kwargs)
    if inspect.ismethod(f) and not is_unconvertible(f.__func__):
        return try_convert(f.__func__, warn=False)(f.__self__, *args, **kwargs)
    if isinstance(f, functools.partial) and not is_unconvertible(f.func):
        return converted_call(f.func, tuple(f.args) + tuple(args), {**f.keywords, **kwargs})
    if is_unconvertible(f):
        call = getattr(type(f), "__call__", None)
        if (not inspect.isfunction(f) and not inspect.isclass(f) and
                inspect.isfunction(call) and not is_unconvertible(call)):
            return try_convert(call, warn=False)(f, *args, **kwargs)
        return f(*args, **kwargs)
    return try_convert(f, warn=False)(*args, **kwargs)


def _builtin_override(f):
    try:
        return py_builtins.OVERRIDES.get(f)
    except TypeError:
        return None

