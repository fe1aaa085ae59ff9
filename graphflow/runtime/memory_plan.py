"""Memory planning: which elementwise results may be written into a dying input buffer,
and which large values can be dropped as soon as they are dead.

A buffer is only ever reused when the executor itself allocated it: it was produced by
a node lowered to a numpy ufunc (those always return fresh arrays), and every reader of
it is such a node too (so no view of it escapes). Graph inputs, results, captures,
variable values, constants and values read later are therefore never overwritten.
"""
import numpy as np

from graphflow.runtime.plan import static_size

# Buffers smaller than this are not worth planning (allocation is cheap next to dispatch).
MIN_ELEMENTS = 1 << 14

# op name -> (numpy ufunc, dtype kinds it is exact for). Kernels of these ops compute
# exactly ufunc(*inputs) (some under np.errstate), so `out=` gives identical results.
_NUMERIC = "fiuc"
_FLOAT = "fc"
UFUNCS = {
    "AddV2": (np.add, _NUMERIC), "Sub": (np.subtract, _NUMERIC),
    "Mul": (np.multiply, _NUMERIC), "RealDiv": (np.divide, _FLOAT),
    "Maximum": (np.maximum, "fiu"), "Minimum": (np.minimum, "fiu"),
    "Neg": (np.negative, _NUMERIC), "Abs": (np.absolute, "fi"),
    "Square": (np.square, _NUMERIC), "Sqrt": (np.sqrt, _FLOAT), "Exp": (np.exp, _FLOAT),
    "Log": (np.log, _FLOAT), "Log1p": (np.log1p, _FLOAT), "Expm1": (np.expm1, _FLOAT),
    "Sin": (np.sin, _FLOAT), "Cos": (np.cos, _FLOAT), "Tan": (np.tan, _FLOAT),
    "Tanh": (np.tanh, _FLOAT), "Floor": (np.floor, "f"), "Ceil": (np.ceil, "f"),
    "Less": (np.less, "fiu"), "LessEqual": (np.less_equal, "fiu"),
    "Greater": (np.greater, "fiu"), "GreaterEqual": (np.greater_equal, "fiu"),
    "Equal": (np.equal, "fiub"), "NotEqual": (np.not_equal, "fiub"),
    "LogicalAnd": (np.logical_and, "b"), "LogicalOr": (np.logical_or, "b"),
    "LogicalNot": (np.logical_not, "b"),
}


# Ops of the table whose kernels run the ufunc under np.errstate(all="ignore").
SILENCED = ("Sqrt", "Exp", "Log", "Log1p", "Expm1")


def node_ufunc(node):
    """The numpy ufunc computing `node` exactly, or None."""
    op = node.op
    if not op.elementwise or len(node.outputs) != 1:
        return None
    entry = UFUNCS.get(op.name)
    if entry is None:
        kernel = op.kernel
        return kernel if op.inplace_ok and isinstance(kernel, np.ufunc) else None
    ufunc, kinds = entry
    for t in node.inputs:
        if dtype_kind(t.dtype) not in kinds:
            return None
    return ufunc


def dtype_kind(dtype, _cache={}):
    """numpy's kind letter of a graphflow dtype ('' when it has no numpy dtype)."""
    kind = _cache.get(dtype)
    if kind is None:
        kind = _cache[dtype] = np.dtype(dtype._np).kind if dtype._np is not None else ""
    return kind


class MemoryPlan:
    """Per node index: the input position whose buffer receives the result (or None), and
    the names of values that die after the node."""

    def __init__(self, nodes, last_use, ufunc_nodes):
        self.inplace = {}
        self.frees = {}
        readers = {}
        for node in nodes:
            for t in node.inputs:
                readers.setdefault(id(t), []).append(node)
        owned = set()
        for i, node in enumerate(nodes):
            if node in ufunc_nodes:
                out = node.outputs[0]
                slot = self._dying_input(i, node, out, owned, readers, last_use, ufunc_nodes)
                if slot is not None:
                    self.inplace[i] = slot
                if (static_size(out) or 0) >= MIN_ELEMENTS:
                    owned.add(id(out))
            dead = [t for t in {id(t): t for t in node.inputs}.values()
                    if last_use.get(id(t)) == i and (static_size(t) or 0) >= MIN_ELEMENTS]
            if dead:
                self.frees[i] = dead

    @staticmethod
    def _dying_input(i, node, out, owned, readers, last_use, ufunc_nodes):
        for pos in reusable_inputs(node, readers, ufunc_nodes):
            t = node.inputs[pos]
            if id(t) in owned and last_use.get(id(t)) == i:
                return pos
        return None


def reusable_inputs(node, readers, ufunc_nodes):
    """Input positions of ufunc node `node` whose buffer could receive its result once no
    other reader needs it: large, produced by a ufunc node (so freshly allocated by the
    executor), read only by ufunc nodes (so no view of it exists), same dtype and shape
    as the result. `readers` maps id(Output) -> nodes reading it."""
    if node not in ufunc_nodes or (static_size(node.outputs[0]) or 0) < MIN_ELEMENTS:
        return []
    out = node.outputs[0]
    return [pos for pos, t in enumerate(node.inputs)
            if t.node in ufunc_nodes and t.dtype is out.dtype and t._shape == out._shape
            and all(r in ufunc_nodes for r in readers[id(t)])]
