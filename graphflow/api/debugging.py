"""`graphflow.debugging`: as `tf.debugging`."""
from graphflow.ops.debug_ops import (  # noqa: F401
    Assert, assert_equal, assert_less, assert_greater, assert_non_negative, check_numerics)
