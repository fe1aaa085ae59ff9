"""Gradients of the functional control-flow ops (If/StatelessIf, While/StatelessWhile).

Eagerly, `cond` and `while_loop` run as Python and the tape sees the ops inside; these
rules are used in graphs. Both follow TF 2's scheme: the branch or body graph's own
nodes are backpropagated, and the forward values the gradient needs are exported by
the forward op (extra If outputs, per-iteration stacks for a While).
"""
from graphflow.autodiff import tensor_array_grad  # noqa: F401 - registers list gradients
from graphflow.autodiff.cond_grad import if_grad
from graphflow.autodiff.while_grad import while_grad
from graphflow.ops.registry import set_grad

set_grad("If")(if_grad)
set_grad("StatelessIf")(if_grad)
set_grad("While")(while_grad)
set_grad("StatelessWhile")(while_grad)
