"""The converted function: renamed `gf__<name>`, decorators dropped (the caller applies
them), nested function definitions kept and converted along with it."""


def transform(node, namer):
    node.decorator_list = []
    node.name = "gf__" + node.name
    return node
