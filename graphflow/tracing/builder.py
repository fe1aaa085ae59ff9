"""Recording ops into a Graph while tracing: captures, constants, auto control deps."""
from graphflow import errors
from graphflow import dtypes
from graphflow.eager import context
from graphflow.eager.tensor import EagerTensor
from graphflow.graph.node import Output
from graphflow.ops.graph_ops import CONST
from graphflow.ops.registry import ShapeError, DTypeError


class GraphBuilder:
    """Adds nodes to `graph`; a builder with a `parent` traces a subgraph (cond/while)."""

    def __init__(self, graph, parent=None, allow_variable_creation=True):
        self.graph = graph
        self.parent = parent
        self.captures = {}          # id(outer value) -> placeholder Output
        self.capture_list = []      # [(outer value, placeholder Output)] in capture order
        self.last_stateful = None
        self.last_write = {}        # id(resource placeholder) -> node
        self.reads_since = {}       # id(resource placeholder) -> [nodes]
        self.stateful_nodes = 0
        self.created_variables = []
        self.allow_variable_creation = allow_variable_creation

    # --- values from outside the graph ------------------------------------------------------
    def capture(self, value, name="capture"):
        """A placeholder standing for an outer eager tensor or outer-graph Output."""
        key = id(value)
        ph = self.captures.get(key)
        if ph is not None:
            return ph
        outer = value
        if self.parent is not None and not (type(value) is Output and
                                            value.node.graph is self.parent.graph):
            outer = self.parent.capture(value, name)
        dtype = value.dtype
        shape = value._shape if dtype is not dtypes.resource else ()
        ph = self.graph.add_input(dtype, tuple(shape) if shape is not None else None, name)
        self.graph.inputs.pop()
        self.captures[key] = ph
        self.capture_list.append((outer, ph, value))
        return ph

    def capture_variable(self, var):
        """The resource placeholder for variable `var` in this graph."""
        return self.capture(var._handle, name=var.name.split(":")[0])

    def constant(self, array, dtype):
        node = self.graph.create_node(CONST, [], {"value": array, "dtype": dtype},
                                      [(dtype, array.shape)], source=errors.user_frame())
        return node.outputs[0]

    def on_variable_created(self, var):
        if not self.allow_variable_creation:
            raise ValueError(
                "graphflow.function only supports creating variables on the first trace; "
                "a later trace tried to create one. Create variables outside the function "
                "or only once (e.g. `if self.v is None:`).")
        root = self
        while root.parent is not None:
            root = root.parent
        root.created_variables.append(var)

    # --- adding ops -------------------------------------------------------------------------------
    def add_op(self, op, inputs, attrs):
        graph = self.graph
        ins = []
        for t in inputs:
            if type(t) is Output:
                if t.node.graph is not graph:
                    t = self.capture(t)
            elif type(t) is EagerTensor:
                t = self.capture(t)
            else:
                raise TypeError("%s expected tensors as inputs, got %r" % (op.name, t))
            ins.append(t)
        try:
            specs = op.infer(ins, attrs)
        except ShapeError as e:
            raise ValueError(_trace_message(op, e)) from None
        except DTypeError as e:
            raise TypeError(_trace_message(op, e)) from None
        node = graph.create_node(op, ins, attrs, specs, self._control_deps(op, ins),
                                 source=errors.user_frame())
        if op.stateful or op.reads_resource:
            self._note_effect(op, ins, node)
        outs = node.outputs
        if context.state.tapes:
            for tape in context.state.tapes:
                tape._record(op, ins, attrs, tuple(outs))
        if len(outs) == 1:
            return outs[0]
        return tuple(outs)

    def _control_deps(self, op, ins):
        """Automatic control dependencies keeping side effects in program order (TF 2):
        stateful ops run in program order; a read of a variable runs after the last write
        to it; a write runs after the reads of that variable since its last write."""
        if not (op.stateful or op.reads_resource):
            return ()
        keys = _resource_keys(ins)
        if not op.stateful:
            return [w for w in (self.last_write.get(k) for k in keys) if w is not None]
        deps = [self.last_stateful] if self.last_stateful is not None else []
        for k in keys:
            deps.extend(n for n in self.reads_since.get(k, ()) if n not in deps)
        return deps

    def _note_effect(self, op, ins, node):
        keys = _resource_keys(ins)
        if not op.stateful:
            for k in keys:
                self.reads_since.setdefault(k, []).append(node)
            return
        self.last_stateful = node
        self.stateful_nodes += 1
        for k in keys:
            self.last_write[k] = node
            self.reads_since.pop(k, None)


def _resource_keys(ins):
    return [id(t) for t in ins if t.dtype is dtypes.resource]


def _trace_message(op, e):
    loc = errors.user_frame()
    where = ("\n" + errors.format_location(loc)) if loc else ""
    return "%s\n  while tracing op '%s'%s" % (e, op.name, where)
