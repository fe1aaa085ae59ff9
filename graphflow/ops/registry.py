"""The op registry: every op is defined once here-style and used by every mode.

An `OpDef` holds the op's name, input names, attr defaults, a shape/dtype rule
(`infer`), a numpy kernel, an optional gradient rule and flags. Eager execution
runs `infer` then `kernel`; tracing runs `infer` and adds a graph node; every
executor calls the same `kernel`; the tape and symbolic gradients call `grad`.

Conventions:
- `infer(ins, attrs)` gets objects with `.dtype` (a DType) and `._shape` (a
  tuple of ints/None, or None for unknown rank) and returns a list of
  `(dtype, shape_tuple)` pairs, one per output. It raises `ShapeError` or
  `DTypeError`; the caller turns those into TF's error classes for the mode.
- `kernel(*arrays, **attrs)` returns one array (single output) or a tuple.
- `grad(op, *output_grads)` returns one gradient (or None) per input, built
  from public ops so it works eagerly and while tracing. `op` exposes
  `.inputs`, `.outputs`, `.attrs`.
"""

_OPS = {}


class ShapeError(ValueError):
    """Raised by shape rules; becomes InvalidArgumentError eagerly, ValueError in graphs."""


class DTypeError(TypeError):
    """Raised by dtype rules; becomes InvalidArgumentError eagerly, TypeError in graphs."""


class OpDef:
    """One op's complete definition."""

    __slots__ = ("name", "inputs", "attrs", "infer", "kernel", "grad", "stateful",
                 "reads_resource", "writes_resource", "elementwise", "num_outputs",
                 "foldable", "inplace_ok", "cost")

    def __init__(self, name, inputs, attrs, infer, kernel, grad=None, stateful=False,
                 reads_resource=False, writes_resource=False, elementwise=False,
                 foldable=True, inplace_ok=False, cost="light"):
        self.name = name
        self.inputs = tuple(inputs)
        self.attrs = dict(attrs or {})
        self.infer = infer
        self.kernel = kernel
        self.grad = grad
        self.stateful = stateful or writes_resource
        self.reads_resource = reads_resource
        self.writes_resource = writes_resource
        self.elementwise = elementwise
        self.foldable = foldable and not (stateful or reads_resource or writes_resource)
        self.inplace_ok = inplace_ok
        self.cost = cost

    @property
    def variadic(self):
        """True when the op takes a list of inputs (its only input name ends with '*')."""
        return len(self.inputs) == 1 and self.inputs[0].endswith("*")

    def __repr__(self):
        return "OpDef(%s)" % self.name


def register(name, inputs, infer, kernel, attrs=None, **flags):
    """Define an op once; raises if the name is taken."""
    if name in _OPS:
        raise ValueError("op %r is already registered" % name)
    op = OpDef(name, inputs, attrs, infer, kernel, **flags)
    _OPS[name] = op
    return op


def get(name):
    """The OpDef called `name`; KeyError if unknown."""
    return _OPS[name]


def has(name):
    return name in _OPS


def all_ops():
    """All registered ops, by name."""
    return dict(_OPS)


def set_grad(name):
    """Decorator that fills the gradient slot of op `name`."""
    def deco(fn):
        _OPS[name].grad = fn
        return fn
    return deco
