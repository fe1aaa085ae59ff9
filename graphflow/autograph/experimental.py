"""`graphflow.autograph.experimental`: directives and opt-outs."""
from graphflow.autograph.api import do_not_convert, set_loop_options  # noqa: F401
