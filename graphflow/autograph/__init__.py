"""AutoGraph: Python control flow on tensors becomes graph control flow."""
from graphflow.autograph.api import (  # noqa: F401
    to_graph, to_code, do_not_convert, set_loop_options)
from graphflow.autograph import experimental  # noqa: F401
