"""What each `graphflow` subcommand does. Each returns the text to print."""
import difflib
import os

import numpy as np

from graphflow.cli.argspec import UsageError, parse_args, parse_literal, split_name
from graphflow.cli.target import resolve
from graphflow.shapes import TensorSpec


class CommandError(Exception):
    """The command could not do its job (exit status 1)."""


# --- tracing the target ---------------------------------------------------------------------
def compiled_function(target):
    """The graphflow Function for `target` (plain functions are wrapped)."""
    import graphflow
    obj = resolve(target)
    return obj if isinstance(obj, graphflow.Function) else graphflow.function(obj)


def trace(target, arg_specs):
    """(Function, ConcreteFunction) for `target` traced with the `--arg` specs."""
    fn = compiled_function(target)
    args, kwargs = parse_args(arg_specs)
    if not args and not kwargs and fn.input_signature is not None:
        return fn, _guarded(fn, fn.get_concrete_function)
    signature = fn.function_spec
    if signature is not None:
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as e:
            raise UsageError("%s%s: %s; give one --arg SPEC per argument" % (
                fn.__name__, signature, e)) from None
        for name, value in bound.arguments.items():     # placeholders named as arguments
            if isinstance(value, TensorSpec) and value.name is None:
                bound.arguments[name] = TensorSpec(value.shape, value.dtype, name)
        args, kwargs = bound.args, bound.kwargs
    return fn, _guarded(fn, lambda: fn.get_concrete_function(*args, **kwargs))


def _guarded(fn, get):
    try:
        return get()
    except Exception as e:  # noqa: BLE001 - the user's function failed while tracing
        raise CommandError("tracing %s failed: %s: %s" % (fn.__name__, type(e).__name__, e)) \
            from None


def selected_graph(opts):
    """The graph a dump/viz command shows: traced from a function, or read from a file
    written by graphflow.save (its first signature, or the one `--arg` specs select)."""
    if ":" not in opts.target and os.path.isfile(opts.target):
        loaded = load_saved(opts.target)
        args, kwargs = parse_args(opts.arg)
        if not args and not kwargs:
            return loaded.concrete_functions[0].graph
        try:
            return loaded.get_concrete_function(*args, **kwargs).graph
        except (TypeError, ValueError) as e:
            raise UsageError(str(e)) from None
    _, cf = trace(opts.target, opts.arg)
    return cf.unoptimized_graph if opts.no_optimize and cf.unoptimized_graph is not None \
        else cf.graph


def load_saved(path):
    import graphflow
    from graphflow.errors import GraphFormatError
    try:
        return graphflow.load(path)
    except (GraphFormatError, OSError) as e:
        raise UsageError("cannot load %s: %s" % (path, e)) from None


# --- dump / viz -------------------------------------------------------------------------------
def dump(opts):
    graph = selected_graph(opts)
    if opts.format == "json":
        return graph.to_json()
    if opts.format == "dot":
        return graph.to_dot().rstrip("\n")
    return graph.pretty()


def viz(opts):
    from graphflow.io import export
    ext = opts.output.rsplit(".", 1)[-1].lower() if "." in opts.output else ""
    if ext not in export.FORMATS:
        raise UsageError("bad output file %r: it must end in .svg, .png or .html" % opts.output)
    if not export.dot_available():
        raise CommandError(export.INSTALL_HINT)
    export.render(selected_graph(opts), opts.output)
    return "wrote %s" % opts.output


# --- code ----------------------------------------------------------------------------------
def code(opts):
    if opts.lowered:
        _, cf = trace(opts.target, opts.arg)
        try:
            return cf.lowered_code.rstrip("\n")
        except (ImportError, AttributeError) as e:
            raise CommandError("the executor's generated code is not available in this "
                               "build (%s)" % e) from None
    fn = compiled_function(opts.target)
    to_code = _autograph_to_code()
    if to_code is None:
        raise CommandError("AutoGraph's to_code is not available in this graphflow build")
    try:
        return to_code(fn.python_function).rstrip("\n")
    except Exception as e:  # noqa: BLE001 - conversion of the user's function failed
        raise CommandError("AutoGraph could not convert %s: %s: %s"
                           % (fn.__name__, type(e).__name__, e)) from None


def _autograph_to_code():
    try:
        from graphflow import autograph
    except ImportError:
        return None
    to_code = getattr(autograph, "to_code", None)
    if to_code is None:
        api = getattr(autograph, "api", None)
        to_code = getattr(api, "to_code", None)
    return to_code


# --- passes ---------------------------------------------------------------------------------
def passes(opts):
    from graphflow.passes import pipeline
    _, cf = trace(opts.target, opts.arg)
    start = cf.unoptimized_graph if cf.unoptimized_graph is not None else cf.graph
    steps = []
    original = pipeline.PASSES

    def recording(option, fn):
        def run(graph, **options):
            before = graph.pretty()
            new, stats = fn(graph, **options)
            steps.append((option, stats, before, new.pretty()))
            return new, stats
        return option, run
    pipeline.PASSES = [recording(option, fn) for option, fn in original]
    try:
        final, _ = pipeline.optimize(start.copy())
    finally:
        pipeline.PASSES = original
    lines = ["== input graph (%d top-level nodes)" % len(start.nodes), start.pretty()]
    if not steps:
        lines.append("== no passes ran (none registered or all disabled)")
    for number, (option, stats, before, after) in enumerate(steps, 1):
        stats = dict(stats, round=stats.get("round", 1))
        name = stats.get("pass", option)
        lines.append("== pass %d: %s (round %s)" % (number, name, stats["round"]))
        lines.extend("   " + line for line in _stats_lines(stats))
        if before == after:
            lines.append("   (graph unchanged)")
            continue
        lines.extend(difflib.unified_diff(before.splitlines(), after.splitlines(),
                                          "before", "after", lineterm=""))
        lines.append(after)
    lines.append("== summary (ConcreteFunction.optimization_report())")
    for stats in cf.optimization_report():
        lines.append("   %-30s %s" % (stats.get("pass", "?"), _summary(stats)))
    lines.append("== final graph: %d top-level nodes (was %d)"
                 % (len(final.nodes), len(start.nodes)))
    return "\n".join(lines)


def _stats_lines(stats):
    out = []
    for key, value in stats.items():
        if key in ("pass", "round"):
            continue
        if isinstance(value, (list, tuple)):
            out.append("%s: %d" % (key, len(value)))
            out.extend("  - %s" % v for v in value)
        else:
            out.append("%s: %s" % (key, value))
    return out


def _summary(stats):
    return ", ".join("%s=%s" % (k, len(v) if isinstance(v, (list, tuple)) else v)
                     for k, v in stats.items() if k != "pass")


# --- run ------------------------------------------------------------------------------------
def run(opts):
    loaded = load_saved(opts.file)
    names = loaded.arg_names
    args, kwargs = [], {}
    for text in opts.input or ():
        name, rest = split_name(text)
        value = _input_value(rest)
        if name is None:
            args.append(value)
        elif loaded.function_spec is None and name in names:
            while len(args) <= names.index(name):
                args.append(None)
            args[names.index(name)] = value
        else:
            kwargs[name] = value
    try:
        result = loaded(*args, **kwargs)
    except (TypeError, ValueError) as e:
        raise UsageError(str(e)) from None
    return _format_result(result)


def _input_value(text):
    text = text.strip()
    if text.startswith("@"):
        try:
            return np.load(text[1:], allow_pickle=False)
        except (OSError, ValueError) as e:
            raise UsageError("cannot read array file %r: %s" % (text[1:], e)) from None
    value = parse_literal(text)
    return np.asarray(value) if isinstance(value, list) else value


def _format_result(result):
    from graphflow import nest
    leaves = nest.flatten(result)
    if len(leaves) == 1 and not nest.is_nested(result):
        return _leaf_text(result)
    paths = _paths(result, "")
    return "\n".join("%s: %s" % (p, _leaf_text(v)) for p, v in paths)


def _paths(x, prefix):
    if isinstance(x, dict):
        return [p for k in sorted(x, key=repr) for p in _paths(x[k], "%s[%r]" % (prefix, k))]
    if isinstance(x, (list, tuple)):
        return [p for i, v in enumerate(x) for p in _paths(v, "%s[%d]" % (prefix, i))]
    return [(prefix or "output", x)]


def _leaf_text(v):
    return str(v.numpy()) if hasattr(v, "numpy") else repr(v)
