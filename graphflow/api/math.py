"""`graphflow.math`: as `tf.math`."""
from graphflow.ops.math_ops import (  # noqa: F401
    add, subtract, multiply, divide, truediv, realdiv, floordiv, floormod, pow, maximum,
    minimum, squared_difference, equal, not_equal, less, less_equal, greater, greater_equal,
    logical_and, logical_or, logical_xor, negative, cast, add_n, divide_no_nan, atan2,
    truncatediv, truncatemod)
from graphflow.ops.math_ops import floormod as mod  # noqa: F401
from graphflow.ops.unary_ops import (  # noqa: F401
    abs, sign, square, sqrt, rsqrt, exp, log, log1p, expm1, sin, cos, tan, tanh, sigmoid,
    reciprocal, round, floor, ceil, logical_not, is_nan, is_inf, is_finite, erf, sinh, cosh,
    asin, acos, atan, asinh, acosh, atanh)
from graphflow.ops.reduction_ops import (  # noqa: F401
    reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_any, reduce_all,
    reduce_logsumexp, reduce_variance, reduce_std, reduce_euclidean_norm, argmax, argmin,
    count_nonzero)
from graphflow.ops.scan_ops import cumsum, cumprod  # noqa: F401
from graphflow.ops.nn_ops import (  # noqa: F401
    softplus, softsign, log_sigmoid, softmax, log_softmax, l2_normalize)
from graphflow.ops.sort_ops import top_k  # noqa: F401
