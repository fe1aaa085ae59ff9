"""`graphflow.linalg`: as `tf.linalg`."""
from graphflow.ops.linalg_ops import (  # noqa: F401
    matmul, einsum, tensordot, norm, trace, matvec)
from graphflow.ops.creation_ops import eye  # noqa: F401
