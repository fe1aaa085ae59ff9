"""`graphflow.linalg`: as `tf.linalg`."""
from graphflow.ops.linalg_ops import (  # noqa: F401
    matmul, einsum, tensordot, norm, trace, matvec)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=None, name=None):
    """Identity matrices, as `tf.eye`."""
    from graphflow import dtypes
    from graphflow.ops.creation_ops import eye as _eye
    return _eye(num_rows, num_columns, batch_shape,
                dtypes.float32 if dtype is None else dtype, name)
