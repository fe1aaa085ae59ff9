"""Values standing for variables that have no value yet."""


class Undefined:
    """A variable read before any assignment (e.g. defined in only some branches)."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name):
        self.symbol_name = symbol_name

    def __repr__(self):
        return "<undefined variable %r>" % self.symbol_name


class UndefinedReturnValue:
    """The return value before any `return` ran."""

    __slots__ = ()

    def __repr__(self):
        return "<no return value yet>"


def is_undefined(value):
    return isinstance(value, (Undefined, UndefinedReturnValue))


def retval(value):
    """The function's result: None when no `return` ran."""
    return None if isinstance(value, UndefinedReturnValue) else value
