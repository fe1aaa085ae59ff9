"""The code-generating executor: lowers a graph to the source of one Python function.

Each node becomes one statement calling its kernel; kernels, non-literal attrs and
constants are module-level names of the generated code. `If` becomes a Python `if` on
the concrete predicate and `While` a Python `while`, with their subgraphs inlined.
The source is registered in `linecache`, so tracebacks show it, and a failing kernel
is re-raised naming its node and the user's source line (as the interpreter does).
"""
import itertools
import linecache

import numpy as np

from graphflow.runtime import fusion
from graphflow.runtime.interpreter import node_error
from graphflow.runtime.memory_plan import SILENCED, MemoryPlan, dtype_kind, node_ufunc
from graphflow.runtime.plan import last_uses, runnable_nodes

_counter = itertools.count()

# Ops on two scalars that Python operators compute exactly like the op's ufunc kernel.
_SCALAR_OPERATORS = {
    np.add: "+", np.subtract: "-", np.multiply: "*", np.less: "<", np.less_equal: "<=",
    np.greater: ">", np.greater_equal: ">=", np.equal: "==", np.not_equal: "!=",
}
_INT_DIVISION = {"FloorDiv": "//", "FloorMod": "%"}
_LITERALS = (bool, int, float, str, type(None))
# Python allows ~20 statically nested blocks; deeper control flow calls its kernel.
_MAX_INLINE_DEPTH = 14


class LoweredGraph:
    """A graph compiled to a Python function `fn(*inputs) -> list of outputs`."""

    def __init__(self, graph, parallel_blocks=None):
        emitter = _Emitter(parallel_blocks)
        self.filename = "<graphflow-codegen %s #%d>" % (graph.name, next(_counter))
        self.source = emitter.function(graph)
        linecache.cache[self.filename] = (len(self.source), None,
                                          self.source.splitlines(True), self.filename)
        namespace = dict(emitter.names)
        namespace["_locate"] = _make_locator(self.filename, emitter.line_nodes)
        exec(compile(self.source, self.filename, "exec"), namespace)  # noqa: S102
        self.fn = namespace["graphflow_fn"]


def _make_locator(filename, line_nodes):
    def locate(exc):
        """The located error for `exc`, using the deepest generated line in its traceback."""
        node = None
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == filename:
                node = line_nodes.get(tb.tb_lineno, node)
            tb = tb.tb_next
        return exc if node is None else node_error(node, exc)
    return locate


class _Emitter:
    """Builds the source text, the names it refers to, and line -> node."""

    def __init__(self, parallel_blocks):
        self.lines = []
        self.names = {"np": np}
        self._bound = {}
        self.line_nodes = {}
        self._ids = itertools.count()
        self.parallel_blocks = parallel_blocks
        self.scalars = {}           # id(scalar Const output) -> name of its numpy scalar
        self.quiet = False          # the body runs under np.errstate(all="ignore")
        self.extra_functions = []   # (header lines, [(node, statement)], body indent)

    # --- names ----------------------------------------------------------------------------
    def bind(self, prefix, obj):
        """A global name of the generated code standing for `obj`."""
        key = id(obj)
        name = self._bound.get(key)
        if name is None:
            base = "".join(c if c.isalnum() else "_" for c in prefix)
            name = "%s_%d" % (base, len(self._bound))
            self._bound[key] = name
            self.names[name] = obj
        return name

    def fresh_global(self, prefix):
        name = "%s_%d" % (prefix, len(self._bound))
        self._bound[name] = name
        return name

    def fresh(self):
        return "v%d" % next(self._ids)

    def literal(self, value):
        if type(value) in _LITERALS or (type(value) is tuple and all(
                type(v) in _LITERALS for v in value)):
            return repr(value)
        return self.bind("a", value)

    def emit(self, indent, text, node=None):
        self.lines.append("    " * indent + text)
        if node is not None:
            self.line_nodes[len(self.lines)] = node

    # --- lowering -------------------------------------------------------------------------
    def function(self, graph):
        args = ["x%d" % i for i in range(len(graph.inputs))]
        self.emit(0, "def graphflow_fn(%s):" % ", ".join(args))
        self.emit(1, "try:")
        self.quiet = _count_quiet(graph) >= 2
        if self.quiet:
            # one errstate for the call instead of one per silenced kernel
            self.emit(2, "with np.errstate(all='ignore'):")
        outs = self.body(graph, args, 2 + self.quiet)
        self.emit(2 + self.quiet, "return [%s]" % ", ".join(outs))
        self.emit(1, "except Exception as _e:")
        self.emit(2, "_err = _locate(_e)")
        self.emit(2, "if _err is _e:")
        self.emit(3, "raise")
        self.emit(2, "raise _err from _e")
        for header, statements, indent in self.extra_functions:
            self.emit(0, "")
            for line in header:
                self.emit(0, line)
            for node, statement in statements:
                self.emit(indent, statement, node)
        return "\n".join(self.lines) + "\n"

    def body(self, graph, arg_names, indent):
        """Emit `graph`'s nodes with its inputs named `arg_names`; returns output names."""
        env = {id(ph): name for ph, name in zip(graph.inputs, arg_names)}
        nodes = runnable_nodes(graph)
        last = last_uses(nodes, graph.outputs)
        ufunc_nodes = {n: node_ufunc(n) for n in nodes}
        ufunc_nodes = {n: u for n, u in ufunc_nodes.items() if u is not None}
        groups = fusion.find_groups(nodes, ufunc_nodes, last)
        fusion.extend_lifetimes(nodes, groups, last)
        plan = MemoryPlan(nodes, last, ufunc_nodes)
        own = set()   # names assigned at this level (only those may be deleted here)
        for i, node in enumerate(nodes):
            group = groups.get(node)
            if group is not None:
                if group.emit_at is not node:
                    continue
                fusion.emit_group(self, group, env, indent, self.parallel_blocks)
                own.update(env[id(t)] for t in group.outputs)
            else:
                self.node(node, env, indent, ufunc_nodes.get(node), plan.inplace.get(i))
                own.update(env[id(t)] for t in node.outputs if env[id(t)].startswith("v"))
            dead = [env[id(t)] for t in plan.frees.get(i, ()) if env.get(id(t)) in own]
            if dead:
                self.emit(indent, "del %s" % ", ".join(dead))
        return [env[id(t)] for t in graph.outputs]

    def node(self, node, env, indent, ufunc, inplace):
        op = node.op.name
        if op == "Const":
            value = node.attrs["value"]
            env[id(node.outputs[0])] = self.bind("c", value)
            if np.ndim(value) == 0 and getattr(value, "dtype", None) is not None and \
                    value.dtype.kind in "biuf":
                self.scalars[id(node.outputs[0])] = self.bind("s", value[()])
            return
        ins = [env[id(t)] for t in node.inputs]
        if op in ("If", "StatelessIf") and indent < _MAX_INLINE_DEPTH:
            return self._if(node, ins, env, indent)
        if op in ("While", "StatelessWhile") and indent < _MAX_INLINE_DEPTH:
            return self._while(node, ins, env, indent)
        outs = [self.fresh() for _ in node.outputs]
        for t, name in zip(node.outputs, outs):
            env[id(t)] = name
        if op == "ReadVariableOp":
            # a variable's value is `var._value`; the kernel runs only to raise when unset
            self.emit(indent, "%s = %s._value" % (outs[0], ins[0]))
            self.emit(indent, "if %s is None: %s = %s" % (outs[0], outs[0], self._call(
                node, ins, None, None)), node)
            return
        call = self._call(node, ins, ufunc, inplace)
        self.emit(indent, "%s = %s" % (", ".join(outs), call) if outs else call, node)

    def _call(self, node, ins, ufunc, inplace):
        scalar_args = [self.scalars.get(id(t), name) for t, name in zip(node.inputs, ins)]
        if _scalar_binary(node):
            symbol = _SCALAR_OPERATORS.get(ufunc)
            if symbol is not None:
                return "%s %s %s" % (scalar_args[0], symbol, scalar_args[1])
            symbol = _INT_DIVISION.get(node.op.name)
            if symbol is not None and node.inputs[0].dtype.is_integer:
                # the kernel only runs (and raises TF's error) for a zero divisor
                return "(%s %s %s if %s else %s(%s))" % (
                    scalar_args[0], symbol, scalar_args[1], scalar_args[1],
                    self.bind("k_" + node.op.name, node.op.kernel), ", ".join(ins))
        if node.op.name == "MatMul":   # np.matmul of the (swapped) operands
            a, b = ["%s.swapaxes(-1, -2)" % name if node.attrs.get(flag) else name
                    for name, flag in zip(ins, ("transpose_a", "transpose_b"))]
            return "%s @ %s" % (a, b)
        if ufunc is not None:
            if inplace is not None:
                return "%s(%s, out=%s)" % (self.bind(ufunc.__name__, ufunc),
                                           ", ".join(ins), ins[inplace])
            if self.quiet or node.op.name not in SILENCED:
                # the kernel computes exactly this ufunc: skip its Python wrapper
                return "%s(%s)" % (self.bind(ufunc.__name__, ufunc), ", ".join(ins))
        kernel = self.bind("k_" + node.op.name, node.op.kernel)
        args = ins + ["%s=%s" % (k, self.literal(v)) for k, v in node.attrs.items()]
        return "%s(%s)" % (kernel, ", ".join(args))

    def _if(self, node, ins, env, indent):
        pred, args = ins[0], ins[1:]
        n_then = node.attrs["n_then"]
        outs = [self.fresh() for _ in node.outputs]
        self.emit(indent, "if %s:" % pred, node)
        self._branch(node.attrs["then_graph"], args[:n_then], outs, indent + 1)
        self.emit(indent, "else:")
        self._branch(node.attrs["else_graph"], args[n_then:], outs, indent + 1)
        for t, name in zip(node.outputs, outs):
            env[id(t)] = name

    def _branch(self, graph, args, outs, indent):
        results = self.body(graph, args, indent)
        for name, value in zip(outs, results):
            self.emit(indent, "%s = %s" % (name, value))
        if not results:
            self.emit(indent, "pass")

    def _while(self, node, ins, env, indent):
        cond_graph, body_graph = node.attrs["cond_graph"], node.attrs["body_graph"]
        n = node.attrs["n_vars"]
        loop = [self.fresh() for _ in range(n)]
        # scalars enter the loop as numpy scalars, on which Python operators are fast
        values = [self._as_scalar(t, name, indent) for t, name in zip(node.inputs, ins)]
        caps = values[n:]
        n_cond = len(cond_graph.inputs) - n
        for name, value in zip(loop, values[:n]):
            self.emit(indent, "%s = %s" % (name, value))
        self.emit(indent, "while True:", node)
        (keep_going,) = self.body(cond_graph, loop + caps[:n_cond], indent + 1)
        self.emit(indent + 1, "if not %s:" % keep_going, node)
        self.emit(indent + 2, "break")
        results = self.body(body_graph, loop + caps[n_cond:], indent + 1)
        if results:
            self.emit(indent + 1, "%s, = %s," % (", ".join(loop), ", ".join(results)))
        for t, name in zip(node.outputs, loop):
            env[id(t)] = name

    def _as_scalar(self, t, name, indent):
        """A name for value `t` that is a numpy scalar when `t` is a numeric scalar."""
        if t._shape != () or dtype_kind(t.dtype) not in ("b", "i", "u", "f"):
            return name
        if id(t) in self.scalars:
            return self.scalars[id(t)]
        local = self.fresh()
        self.emit(indent, "%s = %s[()]" % (local, name))
        return local


def _count_quiet(graph):
    """Nodes (here and in nested subgraphs) whose kernel runs a ufunc under np.errstate."""
    count = 0
    for node in graph.nodes:
        count += node.op.name in SILENCED and node_ufunc(node) is not None
        count += sum(_count_quiet(g) for g in node.attrs.values() if hasattr(g, "nodes"))
    return count


def _scalar_binary(node):
    """Two scalar inputs of one numeric dtype (Python operators on numpy scalars match the
    ufuncs there)."""
    ins = node.inputs
    return (len(ins) == 2 and ins[0]._shape == () and ins[1]._shape == ()
            and ins[0].dtype is ins[1].dtype and dtype_kind(ins[0].dtype) in ("i", "u", "f")
            and len(node.outputs) == 1)


def lower(graph, parallel_blocks=None):
    """Compile `graph` to a `LoweredGraph` (source + function)."""
    return LoweredGraph(graph, parallel_blocks)
