"""graphflow: a tracing graph compiler with TensorFlow 2's Python API, built on numpy.

`import graphflow as tf` and write TF 2 code; decorate with `@graphflow.function` to
trace it into optimized graphs.
"""
from graphflow import dtypes, errors, config, nest  # noqa: F401
from graphflow.dtypes import (  # noqa: F401
    DType, as_dtype, float16, half, float32, float64, double, int8, int16, int32, int64,
    uint8, uint16, uint32, uint64, bool, complex64, complex128, string)
from graphflow.shapes import TensorShape, TensorSpec  # noqa: F401
from graphflow.eager.tensor import Tensor  # noqa: F401
from graphflow.eager.context import executing_eagerly, init_scope  # noqa: F401
from graphflow.ops import graph_ops as _graph_ops  # noqa: F401
from graphflow.ops.convert import constant, convert_to_tensor  # noqa: F401
from graphflow.ops import overloads as _overloads
from graphflow.eager.variable import Variable  # noqa: F401
# -- array ops, random, debug, printing (ops/array_ops.py, random_ops.py, debug_ops.py) --
from graphflow.ops.array_ops import (  # noqa: F401
    reshape, shape, stack, unstack, broadcast_to, where, zeros_like, ones_like, fill, zeros,
    ones, identity, size, rank)
from graphflow.ops.shape_ops import (  # noqa: F401
    transpose, squeeze, expand_dims, concat, tile, reverse, invert_permutation)
from graphflow.ops.split_ops import split  # noqa: F401
from graphflow.ops.pad_ops import pad  # noqa: F401
from graphflow.ops.gather_ops import (  # noqa: F401
    gather, gather_nd, scatter_nd, one_hot, boolean_mask)
from graphflow.ops.creation_ops import range, linspace, eye  # noqa: F401
from graphflow.ops.debug_ops import (  # noqa: F401
    print, py_function, Assert, assert_equal, assert_less, assert_greater)
from graphflow.api import random, debugging  # noqa: F401
# -- end array ops --
# -- math, reductions, linalg, nn (ops/math_ops.py, unary_ops.py, ...) --
from graphflow.ops.math_ops import (  # noqa: F401
    add, subtract, multiply, divide, truediv, realdiv, floordiv, pow, maximum, minimum,
    squared_difference, equal, not_equal, less, less_equal, greater, greater_equal,
    logical_and, logical_or, logical_xor, negative, cast, add_n, clip_by_value, truncatediv,
    truncatemod)
from graphflow.ops.unary_ops import (  # noqa: F401
    abs, sign, square, sqrt, rsqrt, exp, log1p, expm1, sin, cos, tan, tanh, sigmoid,
    reciprocal, round, floor, ceil, logical_not)
from graphflow.ops.reduction_ops import (  # noqa: F401
    reduce_sum, reduce_mean, reduce_max, reduce_min, reduce_prod, reduce_any, reduce_all,
    reduce_logsumexp, argmax, argmin)
from graphflow.ops.scan_ops import cumsum  # noqa: F401
from graphflow.ops.linalg_ops import matmul, tensordot, einsum, norm  # noqa: F401
from graphflow.ops.sort_ops import sort, argsort  # noqa: F401
from graphflow.api import math, linalg, nn  # noqa: F401
# -- end math ops --
# -- control flow and AutoGraph --
from graphflow.ops.control_flow_ops import cond, while_loop, case, switch_case  # noqa: F401
from graphflow.ops.tensor_array_ops import TensorArray  # noqa: F401
from graphflow import autograph  # noqa: F401
# -- end control flow --
# -- autodiff, optimizers, losses, metrics --
from graphflow.autodiff.tape import GradientTape, UnconnectedGradients  # noqa: F401
from graphflow.autodiff.custom_gradient import custom_gradient, stop_gradient  # noqa: F401
from graphflow.autodiff import control_flow_grad as _control_flow_grad  # noqa: F401
from graphflow import optimizers, losses, metrics, keras  # noqa: F401
# -- end autodiff --
# -- io and tooling (save/load) --
from graphflow.io.serialize import save, load  # noqa: F401
# -- end io --
from graphflow.tracing.function import function, Function  # noqa: F401
from graphflow.tracing.concrete import ConcreteFunction  # noqa: F401

newaxis = None
_overloads.install(Tensor)
mod = math.floormod
