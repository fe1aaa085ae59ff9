"""The `ag__` namespace converted code refers to."""
from graphflow.autograph.conversion import converted_call  # noqa: F401
from graphflow.autograph.operators.control_flow import if_stmt, if_exp  # noqa: F401
from graphflow.autograph.operators.data_structures import (  # noqa: F401
    list_append, list_pop, list_stack)
from graphflow.autograph.operators.exceptions import assert_stmt  # noqa: F401
from graphflow.autograph.operators.logical import and_, or_, not_  # noqa: F401
from graphflow.autograph.operators.loops import while_stmt, for_stmt  # noqa: F401
from graphflow.autograph.operators.undefined import (  # noqa: F401
    Undefined, UndefinedReturnValue, ldu, retval, return_value)
