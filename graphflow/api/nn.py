"""`graphflow.nn`: as `tf.nn`."""
from graphflow.ops.nn_ops import (  # noqa: F401
    relu, relu6, elu, selu, leaky_relu, softplus, softsign, sigmoid, tanh, softmax,
    log_softmax, dropout, log_sigmoid, l2_normalize, moments, bias_add)
from graphflow.ops.nn_losses import (  # noqa: F401
    sigmoid_cross_entropy_with_logits, softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits, l2_loss)
from graphflow.ops.sort_ops import top_k  # noqa: F401
