"""The source map: generated nodes take the user's line, so compiled code reports the user's
file and line in tracebacks, node sources and AutoGraph's own errors."""
import gast

from graphflow import errors


def locate(nodes, original):
    """Give every node in `nodes` lacking a line the line of `original`; return `nodes`."""
    line = getattr(original, "lineno", None)
    col = getattr(original, "col_offset", 0) or 0
    for root in (nodes if isinstance(nodes, list) else [nodes]):
        for n in gast.walk(root):
            if "lineno" in getattr(n, "_attributes", ()) and getattr(n, "lineno", None) is None:
                n.lineno, n.col_offset = line, col
                n.end_lineno, n.end_col_offset = line, col
    return nodes


def user_location_text():
    """`File "...", line N: <source>` for the user's statement being run, or ''."""
    text = errors.format_location(errors.user_frame())
    return ("\n" + text) if text else ""
