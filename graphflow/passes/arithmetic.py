"""Arithmetic simplification: rewrite nodes by the exact rules of `arithmetic_rules.RULES`
(x*1, x-0, x/1, -(-x), same-dtype casts, pow(x, 2), transpose/reshape/squeeze chains)."""
from graphflow.passes.arithmetic_rules import RULES
from graphflow.passes.rewrite import Rewriter, run_pass


def arithmetic_optimization(graph, copy=True):
    """Apply the simplification rules (recursively in subgraphs); returns (graph, stats).
    `copy=False` rewrites `graph` itself."""
    return run_pass("arithmetic_optimization", graph, _simplify, copy)


def _simplify(graph, note):
    if not any(node.op.name in RULES for node in graph.nodes):
        return

    def visit(node, rw):
        if node.control_inputs or len(node.outputs) != 1:
            return False
        out = node.outputs[0]
        for rule in RULES[node.op.name]:
            new = rule(node, rw.graph)
            if new is None:
                continue
            if new.dtype is not out.dtype or new._shape != out._shape:
                continue
            note("%s: %s" % (rule.__name__, node.name))
            return rw.replace(node, [new])
        return False
    Rewriter(graph).run(visit, RULES)
