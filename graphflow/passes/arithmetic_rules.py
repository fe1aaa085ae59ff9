"""The arithmetic simplification rules, one function per rule keyed by the op it rewrites.

A rule gets the node and its graph and returns the Output that replaces the node's single
output, or None. Every rule here is exact in IEEE arithmetic: the replacement gives the
same bits for every input, NaN, Inf and signed zeros included. That is why `x * 0 -> 0`
(NaN*0 is NaN) and float `x + 0.0 -> x` (-0.0 + 0.0 is +0.0) are absent. The pass only
accepts a replacement with the node's dtype and static shape, so a constant that broadcasts
the other operand to a bigger shape never makes a rule fire.
"""
import numpy as np

from graphflow.ops import registry
from graphflow.passes.rewrite import const_value

SHAPE_ONLY = ("Reshape", "Squeeze", "ExpandDims")


def _all_equal(value, target):
    if value is None or value.size == 0:
        return False
    if value.size == 1:
        return value.item() == target
    return bool(np.all(value == target))


def _zero_that_keeps_sign(value, negative):
    """True for all-zero constants whose sign bits are `negative` (any zero for non-floats)."""
    if not _all_equal(value, 0):
        return False
    if value.dtype.kind == "f":
        return bool(np.all(np.signbit(value) == negative))
    if value.dtype.kind == "c":
        return bool(np.all(np.signbit(value.real) == negative) and
                    np.all(np.signbit(value.imag) == negative))
    return True


def _other(node, test):
    """The operand of a binary node whose partner constant passes `test`, either side (not
    when the operand's rank is unknown and the constant could raise it)."""
    x, y = node.inputs
    for operand, partner in ((x, y), (y, x)):
        value = const_value(partner)
        if value is not None and test(value) and \
                (operand._shape is not None or value.ndim == 0):
            return operand
    return None


def _is_one(value):
    return _all_equal(value, 1)


def _adds_nothing(value):
    """Zeros that leave every addend as it is: -0.0 for floats, any zero otherwise."""
    return _zero_that_keeps_sign(value, negative=True) or (
        value.dtype.kind not in "fc" and _zero_that_keeps_sign(value, False))


def mul_by_one(node, graph):
    """x * 1 -> x and 1 * x -> x (exact for every value, NaN and signed zeros included)."""
    return _other(node, _is_one)


def add_negative_zero(node, graph):
    """x + 0 -> x and 0 + x -> x: integers with any zero; floats only when the constant is
    -0.0, since -0.0 + 0.0 is +0.0 (x + 0.0 on floats stays)."""
    return _other(node, _adds_nothing)


def sub_zero(node, graph):
    """x - 0 -> x: integers with any zero, floats when the zero is +0.0 (x - (+0.0) keeps
    the sign of a zero x; x - (-0.0) would not)."""
    x, y = node.inputs
    return x if _zero_that_keeps_sign(const_value(y), negative=False) else None


def div_by_one(node, graph):
    """x / 1 -> x (exact for every value)."""
    x, y = node.inputs
    return x if _all_equal(const_value(y), 1) else None


def _involution(node, graph):
    """f(f(x)) -> x for an op that is its own inverse."""
    inner = node.inputs[0].node
    if inner.op.name == node.op.name and not inner.control_inputs:
        return inner.inputs[0]
    return None


def double_negation(node, graph):
    """-(-x) -> x (exact, integer wrap-around included)."""
    return _involution(node, graph)


def double_logical_not(node, graph):
    """!(!x) -> x for booleans."""
    return _involution(node, graph)


def cast_to_same_dtype(node, graph):
    """cast(x, x.dtype) -> x."""
    x = node.inputs[0]
    return x if node.outputs[0].dtype is x.dtype else None


def square_for_pow_two(node, graph):
    """pow(x, 2) -> square(x) (the same correctly rounded x*x); pow(x, 1) -> x."""
    x, y = node.inputs
    v = const_value(y)
    if _all_equal(v, 1):
        return x
    if _all_equal(v, 2) and registry.has("Square"):
        return _make(graph, registry.get("Square"), [x], {}, node)
    return None


def _perm(node):
    perm = node.attrs.get("perm")
    if perm is None and len(node.inputs) > 1:
        perm = const_value(node.inputs[1])
    return None if perm is None else [int(p) for p in np.asarray(perm).reshape(-1)]


def transpose_of_transpose(node, graph):
    """transpose(transpose(x, p), q) -> x when the permutations cancel, else one transpose
    with the composed permutation."""
    inner = node.inputs[0].node
    if inner.op.name != "Transpose" or inner.control_inputs:
        return None
    outer_perm, inner_perm = _perm(node), _perm(inner)
    if outer_perm is None or inner_perm is None or len(outer_perm) != len(inner_perm):
        return None
    composed = [inner_perm[p] for p in outer_perm]
    x = inner.inputs[0]
    if composed == list(range(len(composed))):
        return x
    if "perm" in node.attrs:
        return _make(graph, node.op, [x], dict(node.attrs, perm=composed), node)
    from graphflow.ops.graph_ops import CONST
    value = np.array(composed, dtype=node.inputs[1].dtype._np)
    perm = graph.create_node(CONST, [], {"value": value, "dtype": node.inputs[1].dtype},
                             [(node.inputs[1].dtype, value.shape)])
    return _make(graph, node.op, [x, perm.outputs[0]], node.attrs, node)


def _chain_source(t):
    """The tensor under a chain of Reshape/Squeeze/ExpandDims ops (all keep element order)."""
    while t.node.op.name in SHAPE_ONLY and not t.node.control_inputs:
        t = t.node.inputs[0]
    return t


def collapse_shape_chain(node, graph):
    """A chain of reshape/squeeze/expand_dims -> its source when the final static shape is the
    source's (fully known) shape, else reshape(chain(x), s) -> reshape(x, s)."""
    inner = node.inputs[0]
    source = _chain_source(inner)
    out = node.outputs[0]
    if source.dtype is out.dtype and source._shape == out._shape and \
            out._shape is not None and None not in out._shape:
        return source
    if node.op.name == "Reshape" and source is not inner:
        return _make(graph, node.op, [source] + node.inputs[1:], node.attrs, node)
    return None


def _make(graph, op, inputs, attrs, like):
    """A new node standing for `like` (same output type), or None if its rule disagrees."""
    try:
        specs = op.infer(inputs, attrs)
    except (registry.ShapeError, registry.DTypeError, ValueError, TypeError):
        return None
    out = like.outputs[0]
    if len(specs) != 1 or specs[0][0] is not out.dtype or specs[0][1] != out._shape:
        return None
    node = graph.create_node(op, inputs, attrs, specs, source=like.source)
    node.name = like.name  # `like` is replaced by this node
    return node.outputs[0]


RULES = {
    "Mul": [mul_by_one],
    "AddV2": [add_negative_zero],
    "Sub": [sub_zero],
    "RealDiv": [div_by_one],
    "Neg": [double_negation],
    "LogicalNot": [double_logical_not],
    "Cast": [cast_to_same_dtype],
    "Pow": [square_for_pow_two],
    "Transpose": [transpose_of_transpose],
    "Reshape": [collapse_shape_chain],
    "Squeeze": [collapse_shape_chain],
    "ExpandDims": [collapse_shape_chain],
}
