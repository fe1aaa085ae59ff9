"""Every registered op runs eagerly and compiled on generated inputs with identical results.

Each op has a sample program written with the public API; the test checks that the
sample really puts that op in the traced graph, then compares eager and compiled runs
(values, dtypes, shapes). Random ops are compared by dtype and shape only.
"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import graphflow as tf
from graphflow.ops import registry
from graphflow.graph.traversal import graph_attrs
from graphflow.testing import assert_eager_graph_equal, assert_nested_equal

F = np.float32


def m(rng, *shape):
    return rng.uniform(-2, 2, size=shape).astype(F)


def pos(rng, *shape):
    return rng.uniform(0.5, 2, size=shape).astype(F)


def ints(rng, *shape):
    return rng.randint(-5, 6, size=shape).astype(np.int32)


def nonzero_ints(rng, *shape):
    return rng.choice([-4, -3, -1, 1, 2, 5], size=shape).astype(np.int32)


def bools(rng, *shape):
    return rng.rand(*shape) > 0.5


def unary(fn, gen=m):
    return lambda r: (fn, [gen(r, 3, 4)])


def binary(fn, gen=m):
    return lambda r: (fn, [gen(r, 3, 4), gen(r, 4)])


def _grad_of(fn, method="gradient"):
    """x -> the tape's `method` ("gradient" or "jacobian") of fn(x) with respect to x."""
    def g(x):
        x = tf.convert_to_tensor(x)
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = fn(x)
        return getattr(tape, method)(y, x)
    return g


def _while_grad(x):
    return _grad_of(lambda t: tf.while_loop(
        lambda i, s: i < 3, lambda i, s: (i + 1, s * t), [tf.constant(0), t])[1])(x)


def _ta_write_grad(x):
    def g(t):
        ta = tf.TensorArray(tf.float32, size=3).unstack(t)
        return tf.reduce_sum(ta.stack()) + tf.reduce_sum(ta.write(1, t[0]).stack() * 2.0)
    return _grad_of(g)(x)


def _with_var(fn):
    def run(x):
        v = tf.Variable(tf.zeros([3, 4]))
        return fn(v, x)
    return run


def _opt_step(make_optimizer):
    def step(x):
        v = tf.Variable(tf.zeros([3, 4]))
        make_optimizer().apply_gradients([(x, v)])
        return v.read_value()
    return step


def _ta_resized(x):
    ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    return ta.resize(2).stack()


def _ta_program(x):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    for i in tf.range(3):
        ta = ta.write(i, x[i] * 2.0)
    ta2 = tf.TensorArray(tf.float32, size=3).unstack(x)
    ta3 = tf.TensorArray(tf.float32, size=3).scatter([0, 2, 1], x)
    return (ta.stack(), ta.size(), ta.read(1), ta2.gather([2, 0]), ta3.concat(),
            ta2.read(0))


SAMPLES = {
    "Abs": unary(tf.abs), "Sign": unary(tf.sign), "Square": unary(tf.square),
    "Sqrt": unary(tf.sqrt, pos), "Rsqrt": unary(tf.math.rsqrt, pos), "Exp": unary(tf.exp),
    "Log": unary(tf.math.log, pos), "Log1p": unary(tf.math.log1p, pos),
    "Expm1": unary(tf.math.expm1), "Sin": unary(tf.sin), "Cos": unary(tf.cos),
    "Tan": unary(tf.tan), "Tanh": unary(tf.tanh), "Sigmoid": unary(tf.sigmoid),
    "Reciprocal": unary(tf.math.reciprocal, pos), "Round": unary(tf.round),
    "Floor": unary(tf.floor), "Ceil": unary(tf.math.ceil), "Neg": unary(tf.negative),
    "Erf": unary(tf.math.erf), "IsNan": unary(tf.math.is_nan), "IsInf": unary(tf.math.is_inf),
    "IsFinite": unary(tf.math.is_finite), "LogicalNot": unary(tf.logical_not, bools),
    "Invert": unary(lambda x: ~x, ints),
    "AddV2": binary(tf.add), "Sub": binary(tf.subtract), "Mul": binary(tf.multiply),
    "RealDiv": binary(tf.divide, pos), "FloorDiv": binary(tf.math.floordiv, pos),
    "FloorMod": binary(tf.math.floormod, pos), "Pow": binary(tf.pow, pos),
    "Maximum": binary(tf.maximum), "Minimum": binary(tf.minimum),
    "SquaredDifference": binary(tf.math.squared_difference),
    "Equal": binary(tf.equal, ints), "NotEqual": binary(tf.not_equal, ints),
    "Less": binary(tf.less), "LessEqual": binary(tf.less_equal),
    "Greater": binary(tf.greater), "GreaterEqual": binary(tf.greater_equal),
    "LogicalAnd": binary(tf.logical_and, bools), "LogicalOr": binary(tf.logical_or, bools),
    "LogicalXor": binary(tf.math.logical_xor, bools),
    "BitwiseAnd": binary(lambda a, b: a & b, ints), "BitwiseOr": binary(lambda a, b: a | b, ints),
    "BitwiseXor": binary(lambda a, b: a ^ b, ints),
    "Cast": unary(lambda x: tf.cast(x, tf.int32)),
    "AddN": lambda r: (lambda a, b: tf.add_n([a, b, a]), [m(r, 2, 3), m(r, 2, 3)]),
    "Sum": unary(lambda x: tf.reduce_sum(x, axis=1)),
    "Mean": unary(lambda x: tf.reduce_mean(x, axis=0, keepdims=True)),
    "Max": unary(lambda x: tf.reduce_max(x, axis=-1)), "Min": unary(tf.reduce_min),
    "Prod": unary(lambda x: tf.reduce_prod(x, axis=1)),
    "Any": unary(lambda x: tf.reduce_any(x, axis=0), bools), "All": unary(tf.reduce_all, bools),
    "ArgMax": unary(lambda x: tf.argmax(x, axis=1)), "ArgMin": unary(tf.argmin),
    "Cumsum": unary(lambda x: tf.cumsum(x, axis=1, exclusive=True)),
    "Cumprod": unary(lambda x: tf.math.cumprod(x, axis=0)),
    "MatMul": lambda r: (tf.matmul, [m(r, 3, 4), m(r, 4, 2)]),
    "Einsum": lambda r: (lambda a, b: tf.einsum("ij,jk->ik", a, b), [m(r, 3, 4), m(r, 4, 2)]),
    "SpectralNorm": unary(lambda x: tf.norm(x, ord=2, axis=[0, 1])),
    "ArgSort": unary(lambda x: tf.argsort(x, axis=1)),
    "TopKV2": unary(lambda x: tf.math.top_k(x, k=2)),
    "Relu": unary(tf.nn.relu), "Relu6": unary(tf.nn.relu6), "Elu": unary(tf.nn.elu),
    "Selu": unary(tf.nn.selu), "LeakyRelu": unary(tf.nn.leaky_relu),
    "Softplus": unary(tf.nn.softplus), "Softsign": unary(tf.nn.softsign),
    "Softmax": unary(tf.nn.softmax), "LogSoftmax": unary(tf.nn.log_softmax),
    "L2Loss": unary(tf.nn.l2_loss),
    "SparseSoftmaxCrossEntropyWithLogits": lambda r: (
        lambda lg: tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.constant([0, 3, 1]), logits=lg), [m(r, 3, 4)]),
    "Reshape": unary(lambda x: tf.reshape(x, [4, -1])),
    "Shape": unary(tf.shape), "Size": unary(tf.size), "Rank": unary(tf.rank),
    "Pack": binary(lambda a, b: tf.stack([a[0], b])),
    "Unpack": unary(lambda x: tf.unstack(x)),
    "BroadcastTo": unary(lambda x: tf.broadcast_to(x[0], [2, 4])),
    "SelectV2": lambda r: (tf.where, [bools(r, 3, 4), m(r, 3, 4), m(r, 4)]),
    "Where": unary(tf.where, bools),
    "ZerosLike": unary(tf.zeros_like), "OnesLike": unary(tf.ones_like),
    "Fill": unary(lambda x: tf.fill(tf.shape(x), 2.5)),
    "Identity": unary(tf.identity),
    "StridedSlice": unary(lambda x: x[1:, ::-2]),
    "StridedSliceGrad": unary(_grad_of(lambda x: tf.reduce_sum(x[1:, ::2] ** 2))),
    "SumToShapeOf": lambda r: (lambda a, b: _grad_of(lambda t: tf.reduce_sum(t * b))(a),
                               [m(r, 4), m(r, 3, 4)]),
    "Transpose": unary(tf.transpose), "Squeeze": unary(lambda x: tf.squeeze(x[None])),
    "ExpandDims": unary(lambda x: tf.expand_dims(x, 1)),
    "ConcatV2": binary(lambda a, b: tf.concat([a, a], axis=1)),
    "Split": unary(lambda x: tf.split(x, 2, axis=1)),
    "SplitV": unary(lambda x: tf.split(x, [1, 3], axis=1)),
    "Tile": unary(lambda x: tf.tile(x, [2, 1])), "ReverseV2": unary(lambda x: tf.reverse(x, [1])),
    "InvertPermutation": lambda r: (tf.invert_permutation, [np.array([2, 0, 1], np.int32)]),
    "PadV2": unary(lambda x: tf.pad(x, [[1, 0], [0, 2]])),
    "PadGrad": unary(_grad_of(lambda x: tf.reduce_sum(tf.pad(x, [[1, 1], [2, 0]]) ** 2))),
    "GatherV2": unary(lambda x: tf.gather(x, [2, 0], axis=1)),
    "GatherGrad": unary(_grad_of(lambda x: tf.reduce_sum(tf.gather(x, [0, 0, 2]) ** 2))),
    "GatherNd": unary(lambda x: tf.gather_nd(x, [[0, 1], [2, 3]])),
    "ScatterNd": lambda r: (lambda u: tf.scatter_nd([[1], [3]], u, [5]), [m(r, 2)]),
    "TakeAlongAxis": unary(lambda x: tf.sort(x, axis=1)),
    "ScatterAlongAxis": unary(_grad_of(lambda x: tf.reduce_sum(tf.sort(x, axis=1) *
                                                               tf.range(4.0)))),
    "OneHot": lambda r: (lambda i: tf.one_hot(i, 4), [np.array([0, 3, 1], np.int32)]),
    "Range": lambda r: (lambda n: tf.range(n), [np.array(5, np.int32)]),
    "LinSpace": unary(lambda x: tf.linspace(x[0, 0], x[0, 1], 5)),
    "StopGradient": unary(tf.stop_gradient),
    "CheckNumerics": unary(lambda x: tf.debugging.check_numerics(x, "bad")),
    "Assert": unary(lambda x: (tf.debugging.assert_less(x, 3.0), x + 1)[1]),
    "PrintV2": unary(lambda x: (tf.print(x[0, 0], output_stream="file:///dev/null"), x)[1]),
    "EagerPyFunc": unary(lambda x: tf.py_function(lambda t: t * 2, [x], tf.float32)),
    "ReadVariableOp": unary(_with_var(lambda v, x: v + x)),
    "AssignVariableOp": unary(_with_var(lambda v, x: v.assign(x).read_value())),
    "AssignAddVariableOp": unary(_with_var(lambda v, x: v.assign_add(x).read_value())),
    "AssignSubVariableOp": unary(_with_var(lambda v, x: v.assign_sub(x).read_value())),
    "ResourceStridedSliceAssign": unary(_with_var(
        lambda v, x: v[0, :].assign(x[1]).read_value())),
    "ResourceScatterNdUpdate": unary(_with_var(
        lambda v, x: v.scatter_nd_update([[0, 0], [2, 1]], x[0, :2]).read_value())),
    "If": unary(lambda x: tf.cond(tf.reduce_sum(x) > 0,
                                  lambda: (tf.print(1, output_stream="file:///dev/null"), x)[1],
                                  lambda: -x)),
    "StatelessIf": unary(lambda x: tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2, lambda: -x)),
    "While": unary(lambda x: tf.while_loop(
        lambda i, s: i < 3, lambda i, s: (i + 1, s + tf.random.uniform([], seed=1) * 0),
        [tf.constant(0), tf.reduce_sum(x)])),
    "StatelessWhile": unary(lambda x: tf.while_loop(
        lambda i, s: i < 4, lambda i, s: (i + 1, s * 1.5), [tf.constant(0), x])),
    "Acos": unary(tf.math.acos, lambda r, *s: r.uniform(-0.9, 0.9, s).astype(F)),
    "Asin": unary(tf.math.asin, lambda r, *s: r.uniform(-0.9, 0.9, s).astype(F)),
    "Atanh": unary(tf.math.atanh, lambda r, *s: r.uniform(-0.9, 0.9, s).astype(F)),
    "Acosh": unary(tf.math.acosh, lambda r, *s: r.uniform(1.1, 3, s).astype(F)),
    "Asinh": unary(tf.math.asinh), "Atan": unary(tf.math.atan), "Cosh": unary(tf.math.cosh),
    "Sinh": unary(tf.math.sinh), "Atan2": binary(tf.math.atan2),
    "TruncateDiv": binary(tf.truncatediv, nonzero_ints),
    "TruncateMod": binary(tf.truncatemod, nonzero_ints),
    "ReluGrad": unary(_grad_of(tf.nn.relu)), "EluGrad": unary(_grad_of(tf.nn.elu)),
    "SeluGrad": unary(_grad_of(tf.nn.selu)), "LeakyReluGrad": unary(_grad_of(tf.nn.leaky_relu)),
    "SigmoidGrad": unary(_grad_of(tf.sigmoid)), "TanhGrad": unary(_grad_of(tf.tanh)),
    "ReduceOverTensorAxis": unary(lambda x: tf.reduce_sum(x, axis=tf.rank(x) - 1)),
    "EagerPyFuncGrad": unary(_grad_of(
        lambda x: tf.reduce_sum(tf.py_function(lambda t: t * t, [x], tf.float32)))),
    "ResourceApplyGradientDescent": unary(_opt_step(lambda: tf.optimizers.SGD())),
    "ResourceApplyKerasMomentum": unary(_opt_step(lambda: tf.optimizers.SGD(momentum=0.9))),
    "ResourceApplyAdagradV2": unary(_opt_step(lambda: tf.optimizers.Adagrad())),
    "ResourceApplyAdam": unary(_opt_step(lambda: tf.optimizers.Adam())),
    "AdamLearningRate": unary(_opt_step(lambda: tf.optimizers.Adam())),
    "ResourceApplyAdamWithAmsgrad": unary(_opt_step(lambda: tf.optimizers.Adam(amsgrad=True))),
    "ResourceApplyKerasRMSprop": unary(_opt_step(lambda: tf.optimizers.RMSprop())),
    "ResourceApplyKerasCenteredRMSprop": unary(_opt_step(
        lambda: tf.optimizers.RMSprop(centered=True))),
    "ResourceApplyRMSProp": unary(_opt_step(lambda: tf.optimizers.RMSprop(momentum=0.9))),
    "ResourceApplyCenteredRMSProp": unary(_opt_step(
        lambda: tf.optimizers.RMSprop(momentum=0.9, centered=True))),
    "ResourceApplyKerasNadam": unary(_opt_step(lambda: tf.optimizers.Nadam())),
    "NadamSchedule": unary(_opt_step(lambda: tf.optimizers.Nadam())),
    "TensorListResize": unary(_ta_resized),
    "TensorListSplit": unary(lambda x: tf.TensorArray(tf.float32, size=0, dynamic_size=True)
                             .split(x, [1, 2]).concat()),
    "StackToTensor": unary(_grad_of(lambda x: tf.boolean_mask(x, x > 0) * 2.0, "jacobian")),
}
for _name in ("TensorListReserve", "TensorListSetItem", "TensorListStack", "TensorListLength",
              "TensorListGetItem", "TensorListGather", "TensorListScatter",
              "TensorListConcat"):
    SAMPLES[_name] = unary(_ta_program)
for _name in ("EmptyStack", "StackPush", "StackGet"):
    SAMPLES[_name] = unary(_while_grad)
SAMPLES["TensorListAdd"] = unary(_ta_write_grad)
for _name in ("TensorListFromTensor", "TensorListScatterAdd",
              "TensorListSplitLike"):
    SAMPLES[_name] = unary(_grad_of(lambda x: sum(tf.reduce_sum(t * t) for t in
                                                  _ta_program(x)[:1] + _ta_program(x)[3:5])))

RANDOM = {
    "RandomUniform": lambda x: tf.random.uniform([2, 3]) + x[0, 0],
    "RandomUniformInt": lambda x: tf.random.uniform([4], maxval=10, dtype=tf.int32),
    "RandomStandardNormal": lambda x: tf.random.normal([3], stddev=2.0) + x[0, 0],
    "TruncatedNormal": lambda x: tf.random.truncated_normal([5]),
    "Dropout": lambda x: tf.nn.dropout(x, rate=0.5),
}
# Graph plumbing that every compiled sample contains; internal loop-gradient stacks.
PLUMBING = {"Placeholder", "Const", "InitializeVariableOnce"}


def iter_nodes_recursive(graph):
    for node in graph.nodes:
        yield node
        for _, sub in graph_attrs(node):
            yield from iter_nodes_recursive(sub)


def _op_names(func, args):
    cf = tf.function(func).get_concrete_function(*[tf.constant(a) for a in args])
    return {n.op.name for n in iter_nodes_recursive(cf.unoptimized_graph)}


@pytest.mark.parametrize("name", sorted(registry.all_ops()))
def test_every_registered_op_has_a_sample(name):
    assert name in SAMPLES or name in RANDOM or name in PLUMBING, (
        "op %s has no eager-vs-compiled sample in tests/ops/test_every_op.py" % name)


@pytest.mark.parametrize("name", sorted(SAMPLES))
@settings(max_examples=4)
@given(seed=st.integers(0, 2 ** 31 - 1))
def test_op_eager_equals_compiled(name, seed):
    func, args = SAMPLES[name](np.random.RandomState(seed))
    assert name in _op_names(func, args), "sample for %s does not use it" % name
    assert_eager_graph_equal(func, *args, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", sorted(RANDOM))
def test_random_op_eager_and_compiled_agree_on_type(name):
    func = RANDOM[name]
    x = m(np.random.RandomState(0), 3, 4)
    assert name in _op_names(func, [x])
    eager, compiled = func(tf.constant(x)), tf.function(func)(tf.constant(x))
    assert eager.dtype is compiled.dtype and eager.shape == compiled.shape
    assert_nested_equal(tf.shape(eager), tf.shape(compiled))
