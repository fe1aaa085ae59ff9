"""Functional control flow: If/While ops whose branches and bodies are subgraph attrs,
and the public `cond`, `while_loop`, `case`, `switch_case` built on them."""
from graphflow import dtypes, nest
from graphflow.eager import context
from graphflow.eager.context import apply
from graphflow.ops.convert import convert_to_tensor
from graphflow.ops.registry import register, DTypeError


def single_or_tuple(values):
    """Kernel result convention: a bare value for one output, a tuple for several."""
    return values[0] if len(values) == 1 else tuple(values)


def _run(graph, args):
    from graphflow.runtime.executor import runner
    return runner(graph)(*args)


# ---- If --------------------------------------------------------------------------------
def _if_infer(ins, attrs):
    if ins[0].dtype is not dtypes.bool or (ins[0]._shape not in (None, ())):
        raise DTypeError("cond: the predicate must be a scalar bool tensor, got %s %s"
                         % (ins[0].dtype.name, ins[0].shape))
    a, b = attrs["then_graph"].outputs, attrs["else_graph"].outputs
    return [(x.dtype, _join_shape(x._shape, y._shape)) for x, y in zip(a, b)]


def _join_shape(a, b):
    if a is None or b is None or len(a) != len(b):
        return None
    return tuple(x if x == y else None for x, y in zip(a, b))


def _if_kernel(pred, *args, then_graph, else_graph, n_then):
    out = _run(then_graph, args[:n_then]) if pred else _run(else_graph, args[n_then:])
    return single_or_tuple(out)


IF = register("If", ("cond", "input*"), _if_infer, _if_kernel,
              attrs={"then_graph": None, "else_graph": None, "n_then": 0}, stateful=True)
STATELESS_IF = register("StatelessIf", ("cond", "input*"), _if_infer, _if_kernel,
                        attrs={"then_graph": None, "else_graph": None, "n_then": 0})


def _check_branch_outputs(t, f):
    from graphflow.nest import assert_same_structure
    try:
        assert_same_structure(t.structure, f.structure)
    except ValueError:
        raise ValueError("true_fn and false_fn must return the same structure; true_fn "
                         "returned %r and false_fn returned %r" % (t.structure, f.structure)) \
            from None
    for i, (x, y) in enumerate(zip(t.graph.outputs, f.graph.outputs)):
        if x.dtype is not y.dtype:
            raise TypeError("true_fn and false_fn arguments to graphflow.cond must have the "
                            "same number, type, and overall structure of return values: "
                            "output %d is %s in true_fn and %s in false_fn"
                            % (i, x.dtype.name, y.dtype.name))


def cond(pred, true_fn=None, false_fn=None, name=None):
    """Run `true_fn()` if `pred` else `false_fn()`; a tensor `pred` in a graph makes an If."""
    if true_fn is None or false_fn is None:
        raise TypeError("cond(): true_fn and false_fn are required")
    if not callable(true_fn) or not callable(false_fn):
        raise TypeError("true_fn and false_fn must be callable")
    if context.state.builder is None or not hasattr(pred, "dtype"):
        return true_fn() if bool(pred) else false_fn()
    from graphflow.tracing.subgraph import trace_subgraph
    t = trace_subgraph(true_fn, [], "cond_true")
    f = trace_subgraph(false_fn, [], "cond_false")
    _check_branch_outputs(t, f)
    return nest.pack_sequence_as(t.structure, build_if(pred, t, f))


def build_if(pred, then_sub, else_sub):
    """Add an If (StatelessIf when both branches are pure) node; its outputs as a list."""
    pred = convert_to_tensor(pred)
    stateful = then_sub.graph.stateful or else_sub.graph.stateful
    outs = apply(IF if stateful else STATELESS_IF,
                 [pred] + then_sub.captured + else_sub.captured,
                 {"then_graph": then_sub.graph, "else_graph": else_sub.graph,
                  "n_then": len(then_sub.captured)})
    if not then_sub.graph.outputs:
        return []
    return [outs] if not isinstance(outs, tuple) else list(outs)


# ---- While -------------------------------------------------------------------------------
def _while_infer(ins, attrs):
    n = attrs["n_vars"]
    return [(t.dtype, t._shape) for t in attrs["body_graph"].outputs[:n]]


def _while_kernel(*args, cond_graph, body_graph, n_vars):
    from graphflow.runtime.executor import runner
    c, b = runner(cond_graph), runner(body_graph)
    loop = list(args[:n_vars])
    caps = list(args[n_vars:])
    n_cond = len(cond_graph.inputs) - n_vars
    ccaps, bcaps = caps[:n_cond], caps[n_cond:]
    while c(*loop, *ccaps)[0]:
        loop = b(*loop, *bcaps)
    return single_or_tuple(loop)


WHILE = register("While", ("input*",), _while_infer, _while_kernel,
                 attrs={"cond_graph": None, "body_graph": None, "n_vars": 0}, stateful=True)
STATELESS_WHILE = register("StatelessWhile", ("input*",), _while_infer, _while_kernel,
                           attrs={"cond_graph": None, "body_graph": None, "n_vars": 0})


def _relax(spec_shape, invariant):
    return spec_shape if invariant is None else invariant


def _eager_loop_result(value):
    """As TF, an eager while_loop returns tensors even for Python loop variables."""
    from graphflow.ops.tensor_array_ops import TensorArray
    return value if isinstance(value, TensorArray) else convert_to_tensor(value)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None):
    """Repeat `body` while `cond` holds; a While node when traced, a Python loop eagerly."""
    if not callable(cond) or not callable(body):
        raise TypeError("cond and body must be callable")
    single = not isinstance(loop_vars, (list, tuple))
    structure = [loop_vars] if single else loop_vars
    if maximum_iterations is not None:
        inner_cond, inner_body = cond, body
        structure = (structure, 0)

        def cond(lv, i):  # noqa: F811
            from graphflow.ops import math_ops
            c = inner_cond(*lv)
            return math_ops.logical_and(math_ops.less(i, maximum_iterations), c) \
                if hasattr(c, "dtype") else (i < maximum_iterations and c)

        def body(lv, i):  # noqa: F811
            out = inner_body(*lv)
            return (list(out) if isinstance(out, (list, tuple)) else [out], i + 1)
        wrap = True
    else:
        wrap = False
    if context.state.builder is None:
        values = list(structure) if not wrap else list(structure)
        while bool(cond(*values)):
            out = body(*values)
            values = list(out) if isinstance(out, (list, tuple)) else [out]
        result = nest.map_structure(_eager_loop_result, values[0] if wrap else values)
        return result[0] if single else (type(loop_vars)(result) if not isinstance(
            loop_vars, list) else list(result))
    flat = [convert_to_tensor(v) for v in nest.flatten(structure)]
    inv = nest.flatten(shape_invariants) if shape_invariants is not None else [None] * len(flat)
    if wrap:
        inv = inv + [None] if len(inv) < len(flat) else inv
    from graphflow.shapes import as_shape
    specs = [(t.dtype, _relax(t._shape, None if s is None else as_shape(s)._dims))
             for t, s in zip(flat, inv)]
    from graphflow.tracing.subgraph import trace_subgraph
    cg = trace_subgraph(lambda *a: cond(*a), specs, "while_cond", arg_structure=structure)
    bg = trace_subgraph(lambda *a: body(*a), specs, "while_body", arg_structure=structure)
    _check_body(specs, bg, structure)
    stateful = cg.graph.stateful or bg.graph.stateful
    n = len(flat)
    attrs = {"cond_graph": cg.graph, "body_graph": bg.graph, "n_vars": n}
    outs = apply(WHILE if stateful else STATELESS_WHILE, flat + cg.captured + bg.captured,
                 attrs)
    outs = [outs] if not isinstance(outs, tuple) else list(outs)
    packed = nest.pack_sequence_as(structure, outs)
    if wrap:
        packed = packed[0]
    return packed[0] if single else packed


def _check_body(specs, bg, structure):
    outs = bg.graph.outputs
    if len(outs) != len(specs):
        raise ValueError("body must return the same structure as loop_vars: expected %d "
                         "values, got %d (%r)" % (len(specs), len(outs), bg.structure))
    for i, ((dt, shape), o) in enumerate(zip(specs, outs)):
        if o.dtype is not dt:
            raise TypeError("Loop variable %d enters the loop with type %s, but has type %s "
                            "after one iteration" % (i, dt.name, o.dtype.name))
        from graphflow.shapes import TensorShape
        if not TensorShape(shape).is_compatible_with(TensorShape(o._shape)) or (
                shape is not None and o._shape is not None and any(
                    a is not None and b != a for a, b in zip(shape, o._shape))):
            raise ValueError("Loop variable %d enters the loop with shape %s, but has shape %s "
                             "after one iteration. To allow the shape to vary across "
                             "iterations, use the `shape_invariants` argument of "
                             "graphflow.while_loop to specify a less-specific shape."
                             % (i, TensorShape(shape), TensorShape(o._shape)))


# ---- case / switch_case --------------------------------------------------------------------
def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """The first branch whose predicate holds (nested conds), else `default`."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else \
        list(pred_fn_pairs)
    if default is None:
        if not pairs:
            raise ValueError("case: pred_fn_pairs must not be empty without a default")
        *pairs, (_, default) = pairs
    result = default
    for pred, fn in reversed(pairs):
        result = _bind_cond(pred, fn, result)
    return result() if callable(result) else result


def _bind_cond(pred, fn, otherwise):
    nxt = otherwise if callable(otherwise) else (lambda: otherwise)
    return lambda: cond(pred, fn, nxt)


def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Run `branch_fns[branch_index]` (or `default` when out of range)."""
    from graphflow.ops import math_ops
    fns = sorted(branch_fns.items()) if isinstance(branch_fns, dict) else \
        list(enumerate(branch_fns))
    if default is None:
        default = fns[-1][1]
    if context.state.builder is None:
        idx = int(convert_to_tensor(branch_index)._value)
        return dict(fns).get(idx, default)()
    index = convert_to_tensor(branch_index)
    return case([(math_ops.equal(index, k), fn) for k, fn in fns], default=default)
