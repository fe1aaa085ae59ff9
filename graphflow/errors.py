"""Error classes named as TensorFlow's, and a helper that finds the user's source line."""
import os
import sys
import traceback

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class OpError(Exception):
    """Base class of runtime op errors, as `tf.errors.OpError`."""

    def __init__(self, node_def=None, op=None, message=""):
        if message == "" and isinstance(node_def, str) and op is None:
            message, node_def = node_def, None
        super().__init__(message)
        self.message = message
        self.node_def = node_def
        self.op = op


class InvalidArgumentError(OpError):
    """An op received an argument it cannot accept (bad dtype, shape or value)."""


class NotFoundError(OpError):
    """Something named does not exist."""


class OutOfRangeError(OpError):
    """An index or iteration went out of range."""


class FailedPreconditionError(OpError):
    """The system is not in a state the op needs (e.g. an uninitialized value)."""


class UnimplementedError(OpError):
    """The operation is not supported for these arguments."""


class InternalError(OpError):
    """An invariant of graphflow itself was broken."""


class ResourceExhaustedError(OpError):
    """A size limit was exceeded."""


class OperatorNotAllowedInGraphError(TypeError):
    """A symbolic tensor was used where a Python value is needed (bool, iteration)."""


class GraphFormatError(ValueError):
    """A saved graph file is malformed, corrupted or unsupported."""


class ConversionError(Exception):
    """AutoGraph could not convert a function."""


def user_frame():
    """Return (filename, lineno) of the innermost frame outside graphflow, or None."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith(_PACKAGE_DIR) and not filename.startswith("<graphflow"):
            return filename, frame.f_lineno
        frame = frame.f_back
    return None


def user_location():
    """A short `file:line` string naming where user code called into graphflow."""
    loc = user_frame()
    return "" if loc is None else "%s:%d" % loc


def format_location(loc):
    """Format a (filename, lineno) pair with the source line when available."""
    if not loc:
        return ""
    filename, lineno = loc
    line = traceback.linecache.getline(filename, lineno).strip()
    return '  File "%s", line %d%s' % (filename, lineno, (": " + line) if line else "")
