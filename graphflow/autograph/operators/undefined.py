"""Values standing for variables that have no value yet. Using one fails like reading an
unassigned local in Python: UnboundLocalError naming the variable."""


class Undefined:
    """A variable read before any assignment (e.g. defined in only some branches)."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name):
        self.symbol_name = symbol_name

    def __repr__(self):
        return "<undefined variable %r>" % self.symbol_name

    def _fail(self, *args, **kwargs):
        raise UnboundLocalError("local variable '%s' referenced before assignment"
                                % self.symbol_name)

    __bool__ = __iter__ = __len__ = __getitem__ = __call__ = __index__ = _fail
    __int__ = __float__ = __neg__ = __pos__ = __abs__ = __invert__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _fail
    __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _fail
    __lt__ = __le__ = __gt__ = __ge__ = _fail


class UndefinedReturnValue:
    """The return value before any `return` ran."""

    __slots__ = ()

    def __repr__(self):
        return "<no return value yet>"


def ldu(load, name):
    """The value `load()` reads, or Undefined(name) when it does not exist yet."""
    try:
        return load()
    except (AttributeError, NameError, KeyError, IndexError):
        return Undefined(name)


def return_value(value):
    """`value` about to be returned; UnboundLocalError when it is (or holds) a variable that
    was never assigned, e.g. because a Python branch was skipped."""
    from graphflow import nest
    for leaf in nest.flatten(value):
        if isinstance(leaf, Undefined):
            leaf._fail()
    return value


def retval(value):
    """The function's result: None when no `return` ran."""
    return None if isinstance(value, UndefinedReturnValue) else return_value(value)
