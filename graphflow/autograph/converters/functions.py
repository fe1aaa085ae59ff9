"""The converted function: renamed `gf__<name>`, decorators dropped (the caller applies
them), nested function definitions kept and converted along with it. A method's private
names (`self.__x`) are mangled as the class body would have, since the converted code is
compiled outside the class."""
import gast


class _Mangler(gast.NodeTransformer):
    def __init__(self, class_name):
        self.prefix = "_" + class_name.lstrip("_")

    def _mangle(self, name):
        if name.startswith("__") and not name.endswith("__"):
            return self.prefix + name
        return name

    def visit_Attribute(self, node):
        self.generic_visit(node)
        node.attr = self._mangle(node.attr)
        return node

    def visit_Name(self, node):
        node.id = self._mangle(node.id)
        return node


def class_of(fn):
    """The name of the class whose body defines `fn`, or None."""
    parts = fn.__qualname__.split(".")
    if len(parts) >= 2 and parts[-2] != "<locals>":
        return parts[-2]
    return None


def transform(node, namer, class_name=None):
    node.decorator_list = []
    node.name = "gf__" + node.name
    if class_name and class_name.strip("_"):
        node = _Mangler(class_name).visit(node)
    return node
