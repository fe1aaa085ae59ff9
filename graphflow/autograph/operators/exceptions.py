"""`assert`: an Assert op for tensor conditions, Python's assert otherwise."""
from graphflow.autograph.operators.tensors import is_symbolic


def assert_stmt(expression, message_fn):
    if is_symbolic(expression):
        from graphflow.ops import debug_ops
        message = message_fn()
        return debug_ops.Assert(expression, [message] if not isinstance(
            message, (list, tuple)) else list(message))
    if not expression:
        raise AssertionError(message_fn())
    return None
