"""Dependency optimization: Identity nodes are bypassed (so chains of them vanish) and
redundant control inputs are dropped (duplicates, and those already implied by a data input).

An Identity with control inputs is kept: it orders its readers after those nodes (TF 2 uses
it that way after variable writes)."""
from graphflow.passes.rewrite import Rewriter, run_pass


def dependency_optimization(graph, copy=True):
    """Remove Identity chains and redundant control inputs; returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("dependency_optimization", graph, _optimize, copy)


def _optimize(graph, note):
    if not any(node.control_inputs or node.op.name == "Identity" for node in graph.nodes):
        return

    def visit(node, rw):
        if node.control_inputs:
            data = {t.node for t in node.inputs}
            kept = []
            for c in node.control_inputs:
                if c in data or c in kept:
                    note("dropped control input %s of %s" % (c.name, node.name))
                else:
                    kept.append(c)
            node.control_inputs = kept
        if node.op.name == "Identity" and not node.control_inputs:
            note("bypassed %s" % node.name)
            return rw.replace(node, [node.inputs[0]])
        return False
    Rewriter(graph).run(visit)
