"""The IR's pieces: `Node` (one op application) and `Output` (a node's i-th result).

An `Output` is also the symbolic tensor users see while tracing: it carries a dtype
and a possibly partial shape, and has every tensor operator.
"""
from graphflow.eager.tensor import Tensor
from graphflow import errors


class Node:
    """One op in a graph: op def, inputs, frozen attrs, outputs, control inputs, source."""

    __slots__ = ("op", "name", "inputs", "attrs", "outputs", "control_inputs", "graph",
                 "source", "__weakref__")

    def __init__(self, op, name, inputs, attrs, out_specs, graph, control_inputs=(),
                 source=None):
        self.op = op
        self.name = name
        self.inputs = list(inputs)
        self.attrs = attrs
        self.graph = graph
        self.control_inputs = list(control_inputs)
        self.source = source
        self.outputs = [Output(self, i, dt, shape) for i, (dt, shape) in enumerate(out_specs)]

    @property
    def type(self):
        return self.op.name

    def __repr__(self):
        return "<Node %s: %s>" % (self.name, self.op.name)


class Output(Tensor):
    """A symbolic tensor: the `index`-th result of `node`."""

    __slots__ = ("node", "index", "dtype", "_shape")

    def __init__(self, node, index, dtype, shape):
        self.node = node
        self.index = index
        self.dtype = dtype
        self._shape = shape

    @property
    def graph(self):
        return self.node.graph

    @property
    def op(self):
        return self.node

    @property
    def name(self):
        return "%s:%d" % (self.node.name, self.index)

    def numpy(self):
        raise NotImplementedError(
            "numpy() is only available when eager execution is enabled; %s is a symbolic "
            "tensor inside a graphflow.function." % self.name)

    def __bool__(self):
        raise errors.OperatorNotAllowedInGraphError(
            "Using a symbolic `graphflow.Tensor` (%s) as a Python `bool` is not allowed in "
            "graph execution. Use AutoGraph (the default in graphflow.function) or "
            "graphflow.cond to branch on a tensor." % self.name)

    def __iter__(self):
        s = self._shape
        if s is None or s[0] is None:
            raise errors.OperatorNotAllowedInGraphError(
                "Iterating over a symbolic `graphflow.Tensor` (%s) of unknown length is not "
                "allowed in graph execution. Use AutoGraph or graphflow.while_loop." % self.name)
        return (self[i] for i in range(s[0]))

    def __len__(self):
        s = self._shape
        if s is None or not s or s[0] is None:
            raise TypeError("len is not well defined for a symbolic Tensor (%s) of shape %s. "
                            "Use graphflow.shape(x) instead." % (self.name, self.shape))
        return s[0]

    def __index__(self):
        raise TypeError("A symbolic tensor (%s) cannot be used as a Python index at trace "
                        "time." % self.name)

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            "Cannot convert a symbolic graphflow.Tensor (%s) to a numpy array. This happens "
            "when a numpy function is called on a tensor inside a graphflow.function."
            % self.name)

    def __repr__(self):
        return "<graphflow.Tensor '%s' shape=%s dtype=%s>" % (self.name, self.shape,
                                                              self.dtype.name)
