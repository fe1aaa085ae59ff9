"""AutoGraph's entry points."""


def convert_for_tracing(fn):
    """The function to trace for `fn` (converted control flow once the converters exist)."""
    return fn
