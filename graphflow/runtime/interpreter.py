"""The reference executor: runs a graph node by node. Other executors must match it."""
from graphflow import errors

def run_graph(graph, args):
    """Run `graph` on input values `args`; returns the list of output values."""
    env = {}
    for ph, v in zip(graph.inputs, args):
        env[id(ph)] = v
    for node in graph.nodes:
        if node.op.name != "Placeholder":
            run_node(node, env)
    return [env[id(t)] for t in graph.outputs]


def run_node(node, env):
    """Run one node on its inputs' values in `env` (id of Output -> value), storing its
    outputs' values there."""
    values = [env[id(t)] for t in node.inputs]
    try:
        result = node.op.kernel(*values, **node.attrs)
    except Exception as e:  # noqa: BLE001 - re-raised with the node named
        raise node_error(node, e) from e
    store_outputs(node, result, env)


def store_outputs(node, result, env):
    """Put a kernel's result (one array, or a tuple for several outputs) into `env`."""
    outs = node.outputs
    if len(outs) == 1:
        env[id(outs[0])] = result
    else:
        for o, r in zip(outs, result):
            env[id(o)] = r


def node_error(node, exc):
    """The error to raise when `node`'s kernel fails: TF's class, the node and user line."""
    where = node_location(node)
    if isinstance(exc, errors.OpError):
        if getattr(exc, "_graphflow_located", False):
            return exc
        new = type(exc)(node.name, node.op.name, "%s%s" % (exc.message, where))
    elif isinstance(exc, (ValueError, IndexError, ZeroDivisionError, FloatingPointError,
                          TypeError, ArithmeticError)):
        new = errors.InvalidArgumentError(node.name, node.op.name,
                                          "%s: %s%s" % (type(exc).__name__, exc, where))
    else:
        try:
            new = type(exc)("%s%s" % (exc, where))
        except Exception:  # noqa: BLE001 - exception types with odd constructors
            return exc
    new._graphflow_located = True
    return new


def node_location(node):
    """`\\n  [[node X (defined at file:line)]]`, as TF appends to runtime errors."""
    src = node.source
    at = (" (defined at %s:%d)" % src) if src else ""
    line = errors.format_location(src) if src else ""
    return "\n\t [[node %s%s]]%s" % (node.name, at, ("\n" + line) if line else "")
