"""Losses of `graphflow.nn`: cross entropies and l2_loss."""
import numpy as np

from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, ShapeError
from graphflow.ops import rules
from graphflow.ops.rules import FLOATS
from graphflow.ops import math_ops as m


def _labels_and_logits(labels, logits):
    """Both converted on their own, as TF: int labels with float logits is a dtype error."""
    return convert_to_tensor(labels), convert_to_tensor(logits)


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """max(x, 0) - x * z + log(1 + exp(-|x|)): stable logistic loss per element."""
    from graphflow.ops import array_ops, unary_ops
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")
    labels, logits = _labels_and_logits(labels, logits)
    if not m.shapes_compatible(labels._shape, logits._shape):
        raise ValueError("`logits` and `labels` must have the same shape, received (%s vs %s)."
                         % (logits.shape, labels.shape))
    zeros = array_ops.zeros_like(logits)
    positive = m.greater_equal(logits, zeros)
    relu_logits = array_ops.where(positive, logits, zeros)
    neg_abs_logits = array_ops.where(positive, m.negative(logits), logits)
    return m.add(m.subtract(relu_logits, m.multiply(logits, labels)),
                 unary_ops.log1p(unary_ops.exp(neg_abs_logits)))


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """-sum(labels * log_softmax(logits)) along `axis` (labels are probabilities)."""
    from graphflow.ops import nn_ops
    from graphflow.ops.reduction_ops import reduce_sum
    labels, logits = _labels_and_logits(labels, logits)
    if not m.shapes_compatible(labels._shape, logits._shape):
        raise ValueError("`logits` and `labels` must have the same shape, received (%s vs %s)."
                         % (logits.shape, labels.shape))
    return m.negative(reduce_sum(m.multiply(labels, nn_ops.log_softmax(logits, axis)),
                                 axis=axis))


# ---- SparseSoftmaxCrossEntropyWithLogits -----------------------------------------------------
def _sparse_infer(ins, attrs):
    logits, labels = ins
    if logits.dtype not in FLOATS:
        rules.check_dtype("SparseSoftmaxCrossEntropyWithLogits", logits.dtype, FLOATS)
    if not labels.dtype.is_integer:
        rules.check_dtype("SparseSoftmaxCrossEntropyWithLogits", labels.dtype, rules.INTS, 1)
    ls, gs = labels._shape, logits._shape
    if ls is not None and gs is not None and not m.shapes_compatible(ls, gs[:-1]):
        raise ShapeError("logits and labels must have the same first dimension, got logits "
                         "shape %s and labels shape %s" % (list(gs), list(ls)))
    return [(logits.dtype, None if gs is None else gs[:-1]), (logits.dtype, gs)]


def _sparse_kernel(logits, labels):
    n = logits.shape[-1]
    bad = (labels < 0) | (labels >= n)
    if np.any(bad):
        raise ValueError("Received a label value of %d which is outside the valid range of "
                         "[0, %d).  Label values: %s" % (labels[bad].flat[0], n,
                                                         " ".join(map(str, labels.flat))))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        z = logits - np.max(logits, axis=-1, keepdims=True) if logits.size else logits
        log_total = np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
        picked = np.take_along_axis(z, labels[..., None].astype(np.intp), -1)
        loss = (log_total - picked)[..., 0]
        backprop = np.exp(z - log_total)
    np.put_along_axis(backprop, labels[..., None].astype(np.intp),
                      np.take_along_axis(backprop, labels[..., None].astype(np.intp), -1) - 1,
                      -1)
    return loss.astype(logits.dtype), backprop.astype(logits.dtype)


def _g_sparse(op, dloss, dbackprop):
    from graphflow.ops.shape_ops import expand_dims
    if dbackprop is not None:
        raise LookupError("Currently there is no way to take the second derivative of "
                          "sparse_softmax_cross_entropy_with_logits due to the fused "
                          "implementation's interaction with gradients")
    if dloss is None:
        return [None, None]
    return [m.multiply(expand_dims(dloss, -1), op.outputs[1]), None]


_SPARSE_XENT = register("SparseSoftmaxCrossEntropyWithLogits", ("features", "labels"),
                        _sparse_infer, _sparse_kernel, grad=_g_sparse)


def sparse_softmax_cross_entropy_with_logits(labels, logits, name=None):
    """-log(softmax(logits)[label]) per example; labels are class indices."""
    logits = convert_to_tensor(logits)
    labels = convert_to_tensor(labels)
    ls, gs = labels._shape, logits._shape
    if ls is not None and gs is not None:
        if len(gs) == 0:
            raise ValueError("Logits cannot be scalars - received shape %s." % (logits.shape,))
        if len(ls) != len(gs) - 1:
            raise ValueError("Rank mismatch: Rank of labels (received %d) should equal rank of "
                             "logits minus 1 (received %d)." % (len(ls), len(gs)))
    return apply(_SPARSE_XENT, [logits, labels])[0]


# ---- L2Loss ----------------------------------------------------------------------------------
def _l2_infer(ins, attrs):
    x = ins[0]
    if x.dtype not in FLOATS:
        rules.check_dtype("L2Loss", x.dtype, FLOATS)
    return [(x.dtype, ())]


_L2_LOSS = register("L2Loss", ("t",), _l2_infer,
                    lambda x: np.asarray(np.sum(np.square(x), dtype=x.dtype) / x.dtype.type(2)),
                    grad=lambda op, dy: [m.multiply(op.inputs[0], dy)])


def l2_loss(t, name=None):
    """sum(t ** 2) / 2."""
    return apply(_L2_LOSS, [convert_to_tensor(t)])
