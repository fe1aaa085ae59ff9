"""`while` and `for`: Python loops on Python values (unrolled while tracing), a While node
whose body is a subgraph when the condition or the iterated value is a tensor."""
from graphflow import nest
from graphflow.autograph.operators import state as state_lib
from graphflow.autograph.operators.control_flow import if_stmt
from graphflow.autograph.operators.py_builtins import TensorIteration
from graphflow.autograph.operators.tensors import is_symbolic
from graphflow.autograph.operators.undefined import Undefined, UndefinedReturnValue
from graphflow.autograph.pyct import origin


def while_stmt(test, body, get_state, set_state, symbol_names, opts):
    """Repeat `body` while `test()` holds; a tensor test makes a While node."""
    while True:
        cond = test()
        if is_symbolic(cond):
            _tensor_loop(test, body, get_state, set_state, symbol_names, opts)
            return
        if not cond:
            return
        body()


def for_stmt(iterated, extra_test, body, get_state, set_state, symbol_names, opts):
    """`for target in iterated` with `body(element)`; stops early when `extra_test()` fails."""
    if hasattr(iterated, "stack") and hasattr(iterated, "handle"):
        iterated = iterated.stack()
    iteration = _tensor_range(iterated)
    if iteration is None and is_symbolic(iterated):
        iteration = _tensor_elements([iterated], lambda i, parts: parts[0])
    if isinstance(iterated, TensorIteration):
        iteration = _tensor_elements(iterated.tensors, iterated.element)
    if iteration is not None:
        _tensor_for(iteration, extra_test, body, get_state, set_state, symbol_names, opts)
        return
    for element in iterated:
        if extra_test is not None:
            go = extra_test()
            if is_symbolic(go):
                if_stmt(go, lambda: body(element), lambda: None, get_state, set_state,
                        symbol_names, len(symbol_names))
                continue
            if not go:
                break
        body(element)


def _tensor_range(iterated):
    """Iteration over graphflow.range(start, limit, delta) without materializing it: the
    iterate itself is the loop counter. (start, keep_going, element, advance) or None."""
    from graphflow.graph.node import Output
    if not (isinstance(iterated, Output) and iterated.node.op.name == "Range"):
        return None
    from graphflow.ops import math_ops
    from graphflow.ops.rules import static_value
    start, limit, delta = iterated.node.inputs
    step = static_value(delta)
    if step is not None and step > 0:
        def keep_going(v):
            return math_ops.less(v, limit)
    elif step is not None:
        def keep_going(v):
            return math_ops.greater(v, limit)
    else:
        def keep_going(v):
            up = math_ops.logical_and(math_ops.greater(delta, 0), math_ops.less(v, limit))
            down = math_ops.logical_and(math_ops.less(delta, 0), math_ops.greater(v, limit))
            return math_ops.logical_or(up, down)
    return start, keep_going, lambda v: v, lambda v: math_ops.add(v, delta)


def _tensor_elements(tensors, element):
    """Iteration over the first dimension of `tensors` together (the shortest decides) with
    an index counter; `element(i, [t[i] for t in tensors])` is the loop target's value."""
    from graphflow.ops import array_ops, math_ops
    from graphflow.ops.convert import convert_to_tensor
    count = array_ops.shape(tensors[0])[0]
    for t in tensors[1:]:
        count = math_ops.minimum(count, array_ops.shape(t)[0])
    return (convert_to_tensor(0), lambda i: math_ops.less(i, count),
            lambda i: element(i, [t[i] for t in tensors]), lambda i: math_ops.add(i, 1))


def _tensor_for(iteration, extra_test, body, get_state, set_state, names, opts):
    start, keep_going, element, advance = iteration
    counter = [start]

    def loop_test():
        more = keep_going(counter[0])
        if extra_test is None:
            return more
        from graphflow.autograph.operators.logical import and_
        return and_(lambda: more, extra_test)

    def loop_body():
        current = counter[0]
        body(element(current))
        counter[0] = advance(current)

    def get_all():
        return (counter[0],) + tuple(get_state())

    def set_all(values):
        counter[0] = values[0]
        set_state(tuple(values[1:]))
    _tensor_loop(loop_test, loop_body, get_all, set_all, ("<loop counter>",) + tuple(names),
                 opts)


def _tensor_loop(test, body, get_state, set_state, names, opts):
    """A While node over the variables in `names`."""
    from graphflow.ops import control_flow_ops
    state_lib.check_item_writes(opts.get("item_writes", ()), "a tensor-dependent loop")
    init = list(get_state())
    init = [_list_to_tensor_array(v) for v in init]
    init, relaxed = _fill_undefined_returns(init, test, body, get_state, set_state, names)
    kept = [i for i, v in enumerate(init) if not isinstance(v, UndefinedReturnValue)]
    flat_init, specs = [], []
    for i in kept:
        leaves = state_lib.flatten(names[i], init[i], "before the loop")
        flat_init.extend(leaves)
    invariants = _shape_invariants(opts, init, kept, relaxed)
    for t, inv in zip(flat_init, invariants):
        specs.append(t._shape if inv is None else inv)
    last = {}

    def unpack(flat, like):
        values = list(init)
        offset = 0
        for i in kept:
            n = state_lib.count(init[i])
            values[i] = state_lib.unflatten(like[i], flat[offset:offset + n])
            offset += n
        return tuple(values)

    def cond_fn(*flat):
        set_state(unpack(flat, init))
        return test()

    def body_fn(*flat):
        set_state(unpack(flat, init))
        body()
        values = list(get_state())
        last["values"] = values
        out = []
        for i in kept:
            leaves = state_lib.flatten(names[i], values[i], "after one loop iteration")
            if len(leaves) != state_lib.count(init[i]):
                raise ValueError("'%s' changes its nested structure in the loop: %r before, "
                                 "%r after one iteration.%s" % (
                                     names[i], init[i], values[i],
                                     origin.user_location_text()))
            out.extend(leaves)
        _check_types(names, kept, init, flat_init, specs, out)
        return out
    from graphflow.shapes import TensorShape
    inv_shapes = [TensorShape(spec) for spec in specs]
    flat = control_flow_ops.while_loop(
        cond_fn, body_fn, flat_init,
        shape_invariants=inv_shapes if any(i is not None for i in invariants) else None,
        maximum_iterations=opts.get("maximum_iterations"))
    flat = flat if isinstance(flat, (list, tuple)) else [flat]
    set_state(unpack(list(flat), last.get("values", init)))


def _check_types(names, kept, init, flat_init, specs, out):
    from graphflow.shapes import TensorShape
    k = 0
    for i in kept:
        for _ in range(state_lib.count(init[i])):
            before, after, spec = flat_init[k], out[k], specs[k]
            if after.dtype is not before.dtype:
                raise TypeError("'%s' has dtype %s before the loop, but dtype %s after one "
                                "iteration.%s" % (names[i], before.dtype.name,
                                                  after.dtype.name, origin.user_location_text()))
            if not _fits(spec, after._shape):
                raise ValueError(
                    "'%s' has shape %s before the loop, but shape %s after one iteration. "
                    "Use graphflow.autograph.experimental.set_loop_options(shape_invariants="
                    "...) (or the shape_invariants argument of graphflow.while_loop) to "
                    "allow its shape to change.%s"
                    % (names[i], TensorShape(before._shape), TensorShape(after._shape),
                       origin.user_location_text()))
            k += 1


def _fits(spec, shape):
    if spec is None:
        return True
    if shape is None or len(shape) != len(spec):
        return False
    return all(a is None or a == b for a, b in zip(spec, shape))


def _shape_invariants(opts, init, kept, relaxed):
    """Per flat loop value: a shape tuple relaxing it, or None."""
    from graphflow.shapes import as_shape
    pairs = opts.get("shape_invariants") or ()
    out = []
    for i in kept:
        for leaf in nest.flatten(init[i]):
            shape = relaxed.get(id(leaf))
            for var, inv in pairs:
                if var is leaf:
                    shape = as_shape(inv)._dims
            out.append(shape)
    return out


def _list_to_tensor_array(value):
    """A Python list carried by a tensor loop accumulates into a TensorArray."""
    if not isinstance(value, list):
        return value
    from graphflow.ops.tensor_array_ops import TensorArray
    ta = TensorArray(None, size=0, dynamic_size=True)
    for element in value:
        ta = ta.write(ta.size(), element)
    return ta


def _fill_undefined_returns(init, test, body, get_state, set_state, names):
    """Give return values first set inside the loop a placeholder of the type the body
    produces (found by tracing it once in a throwaway graph); reject other undefined
    variables, which the loop cannot carry."""
    for i, v in enumerate(init):
        if isinstance(v, Undefined):
            raise ValueError("'%s' must be defined before the loop, since it is used after "
                             "it or in later iterations.%s"
                             % (names[i], origin.user_location_text()))
    undefined = [i for i, v in enumerate(init) if isinstance(v, UndefinedReturnValue)]
    if not undefined:
        return init, {}
    from graphflow.ops import array_ops
    from graphflow.tracing.subgraph import trace_subgraph
    probe = {}
    defined = [i for i, v in enumerate(init) if i not in undefined]
    flat_init = [state_lib.flatten(names[i], init[i], "before the loop") for i in defined]
    specs = [(t.dtype, t._shape) for leaves in flat_init for t in leaves]

    def run(*flat):
        values, offset = list(init), 0
        for i, leaves in zip(defined, flat_init):
            values[i] = state_lib.unflatten(init[i], flat[offset:offset + len(leaves)])
            offset += len(leaves)
        set_state(tuple(values))
        test()
        body()
        values = get_state()
        for i in undefined:
            if not isinstance(values[i], UndefinedReturnValue):
                probe[i] = (values[i], [(t.dtype, t._shape) for t in
                                        state_lib.flatten(names[i], values[i], "in the loop")])
        return []
    trace_subgraph(run, specs, "loop_probe")
    set_state(tuple(init))
    out, relaxed = list(init), {}
    for i in undefined:
        if i in probe:
            like, specs = probe[i]
            zeros = []
            for dtype, shape in specs:
                zeros.append(array_ops.zeros([d or 0 for d in (shape or ())], dtype))
                relaxed[id(zeros[-1])] = shape
            out[i] = state_lib.unflatten(like, zeros)
    return out, relaxed
