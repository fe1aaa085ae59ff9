"""Choosing, compiling and caching the executor that runs a graph.

`auto` (the default) uses the parallel executor for wide graphs of heavy independent
ops and the code-generating executor otherwise; `interpreter` is the reference.
"""
import threading

from graphflow import config
from graphflow.runtime import codegen, cost_model, interpreter, parallel

_lock = threading.RLock()


def resolve(graph, name=None):
    """The concrete executor name for `graph` under executor setting `name`."""
    name = name or config.get_executor()
    if name == "auto":
        return "parallel" if cost_model.prefers_parallel(graph) else "codegen"
    if name not in config.EXECUTORS:
        raise ValueError("unknown executor %r" % name)
    return name


def compile_graph(graph, name=None):
    """A callable `f(*input_values) -> list of outputs` for `graph`."""
    name = resolve(graph, name)
    if name == "codegen":
        return lowered(graph).fn
    if name == "parallel":
        scheduled = parallel.ParallelGraph(graph)
        # with nothing worth the pool, scheduling would only add overhead
        return scheduled.run if scheduled.any_heavy else lowered(graph).fn
    return lambda *args: interpreter.run_graph(graph, args)


def runner(graph):
    """The cached compiled callable of a (sub)graph for the configured executor."""
    key = config.get_executor()
    cache = graph.__dict__.get("_compiled")
    if cache is not None:
        fn = cache.get(key)
        if fn is not None:
            return fn
    with _lock:
        cache = graph.__dict__.setdefault("_compiled", {})
        fn = cache.get(key)
        if fn is None:
            fn = cache[key] = compile_graph(graph, key)
    return fn


def lowered(graph):
    """The cached `codegen.LoweredGraph` of `graph`."""
    low = graph.__dict__.get("_lowered")
    if low is None:
        with _lock:
            low = graph.__dict__.get("_lowered")
            if low is None:
                low = graph.__dict__["_lowered"] = codegen.lower(graph, parallel.run_blocks)
    return low


def lowered_source(graph):
    """Source text of the Python function the codegen executor generates for `graph`."""
    return lowered(graph).source
