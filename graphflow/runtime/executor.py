"""Choosing and caching the executor that runs a graph."""
from graphflow import config
from graphflow.runtime import interpreter


def compile_graph(graph):
    """A callable `f(*input_values) -> list of outputs` for `graph`, per the configured executor."""
    name = config.get_executor()
    if name == "auto":
        name = "interpreter"
    if name == "interpreter":
        return lambda *args: interpreter.run_graph(graph, args)
    raise ValueError("unknown executor %r" % name)


def runner(graph):
    """The cached compiled callable of a (sub)graph."""
    key = config.get_executor()
    cache = graph.__dict__.setdefault("_compiled", {})
    fn = cache.get(key)
    if fn is None:
        fn = cache[key] = compile_graph(graph)
    return fn
