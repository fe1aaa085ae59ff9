"""Finding the function a command works on: `package.module:function` or
`path/to/file.py:function` (dotted attributes such as `Model.call` allowed)."""
import importlib
import importlib.util
import os
import sys

from graphflow.cli.argspec import UsageError


def resolve(target):
    """The callable named by `target`; UsageError (exit 2) when it cannot be found."""
    where, sep, attr = target.rpartition(":")
    if not sep or not where or not attr:
        raise UsageError("bad target %r: expected package.module:function or "
                         "path/to/file.py:function" % target)
    module = _load_file(where) if _is_path(where) else _import(where)
    obj = module
    for part in attr.split("."):
        if not part.isidentifier() or not hasattr(obj, part):
            raise UsageError("%s has no function %r" % (_describe(where), attr))
        obj = getattr(obj, part)
    if not callable(obj):
        raise UsageError("%s:%s is a %s, not a function" % (where, attr, type(obj).__name__))
    return obj


def _is_path(where):
    return where.endswith(".py") or "/" in where or os.sep in where


def _describe(where):
    return ("file %r" % where) if _is_path(where) else ("module %r" % where)


def _import(name):
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        raise UsageError("cannot import module %r: %s" % (name, e)) from None
    except Exception as e:  # noqa: BLE001 - the user's module failed while importing
        raise UsageError("importing module %r failed: %s: %s" % (name, type(e).__name__,
                                                                 _first_line(e))) from None


def _load_file(path):
    if not os.path.isfile(path):
        raise UsageError("no such file: %r" % path)
    name = "_graphflow_target_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        raise UsageError("cannot load %r as a Python file" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        spec.loader.exec_module(module)
    except Exception as e:  # noqa: BLE001 - the user's file failed while running
        raise UsageError("running %r failed: %s: %s" % (path, type(e).__name__,
                                                        _first_line(e))) from None
    return module


def _first_line(e):
    text = str(e).strip()
    return text.splitlines()[0] if text else ""
