"""`graphflow.random`: as `tf.random`."""
from graphflow.ops.random_ops import (  # noqa: F401
    uniform, normal, truncated_normal, set_seed)
