"""Which values make an operator build graph ops: symbolic tensors (and TensorArrays
holding one)."""
from graphflow.graph.node import Output


def is_symbolic(value):
    if isinstance(value, Output):
        return True
    handle = getattr(value, "handle", None)
    return isinstance(handle, Output)
