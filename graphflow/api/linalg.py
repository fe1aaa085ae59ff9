"""`graphflow.linalg`: as `tf.linalg`."""
from graphflow.ops.linalg_ops import matmul  # noqa: F401
