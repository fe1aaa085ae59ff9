"""`custom_gradient` (user-supplied gradient functions) and `stop_gradient`."""
import functools
import inspect

from graphflow import nest
from graphflow.autodiff.tape import GradientTape, in_current_graph, is_variable
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.ops import rules
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register

STOP_GRADIENT = register("StopGradient", ("input",), rules.passthrough, lambda x: x,
                         grad=lambda op, dy: [None])


def stop_gradient(input, name=None):  # noqa: A002 - TF's name
    """The input unchanged, but gradients do not flow through it (it acts as a constant)."""
    return apply(STOP_GRADIENT, [convert_to_tensor(input)])


class _CustomGradientOp:
    """Stands in for an OpDef in tape records: its gradient is the user's function."""

    name = "CustomGradient"
    reads_resource = False

    def __init__(self, grad_fn, n_args, variables):
        self._grad_fn = grad_fn
        self._n_args = n_args
        self._variables = variables

    def grad(self, record, *dys):
        dys = [d if d is not None else _zeros_like(o) for d, o in zip(dys, record.outputs)]
        if self._variables:
            arg_grads, var_grads = self._grad_fn(*dys, variables=self._variables)
            var_grads = list(var_grads)
            if len(var_grads) != len(self._variables):
                raise ValueError("custom_gradient: the gradient function returned %d variable "
                                 "gradients for %d variables" % (len(var_grads),
                                                                 len(self._variables)))
        else:
            arg_grads, var_grads = self._grad_fn(*dys), []
        arg_grads = list(arg_grads) if isinstance(arg_grads, (list, tuple)) else [arg_grads]
        if len(arg_grads) != self._n_args:
            raise ValueError("custom_gradient: the gradient function returned %d gradients but "
                             "the function has %d tensor arguments"
                             % (len(arg_grads), self._n_args))
        return [None if g is None else convert_to_tensor(g) for g in arg_grads + var_grads]


def _zeros_like(t):
    from graphflow.ops import array_ops
    return array_ops.zeros_like(t)


def custom_gradient(f=None):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; gradients of `y` use `grad_fn(*dy)`.

    If `f` reads variables, `grad_fn` must accept `variables=` and return
    `(input_grads, variable_grads)`, as in TF. Works eagerly and inside `function`.
    """
    if f is None:
        return custom_gradient

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        from graphflow.ops import array_ops
        tapes = list(context.state.tapes)
        args = [in_current_graph(convert_to_tensor(a)) if not is_variable(a) else a
                for a in args]
        context.state.tapes[:] = []
        try:
            with GradientTape() as probe:
                result, grad_fn = f(*args, **kwargs)
            flat = [array_ops.identity(convert_to_tensor(r)) for r in nest.flatten(result)]
        finally:
            context.state.tapes[:] = tapes
        arg_tensors = [a.handle if is_variable(a) else a for a in args]
        variables = [v for v in probe.watched_variables()
                     if not any(v is a for a in args)]
        if variables and "variables" not in _parameters(grad_fn):
            raise TypeError("If using @custom_gradient with a function that uses variables, "
                            "then grad_fn must accept a keyword argument 'variables'.")
        op = _CustomGradientOp(grad_fn, len(args), variables)
        inputs = arg_tensors + [v.handle for v in variables]
        for tape in tapes:
            tape._record(op, inputs, {}, tuple(flat))
        return nest.pack_sequence_as(result, flat)
    # functools.wraps gives `decorated` the user's module; it is graphflow code, run as is.
    decorated.__graphflow_do_not_convert__ = True
    return decorated


def _parameters(fn):
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return ()
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return ("variables",)
    return tuple(params)
