"""The optimization pipeline: ordered passes, per-pass statistics, verification."""
from graphflow import config
from graphflow.graph.traversal import count_nodes
from graphflow.graph.verify import verify
from graphflow.passes.arithmetic import arithmetic_optimization
from graphflow.passes.constant_folding import constant_folding
from graphflow.passes.cse import common_subgraph_elimination
from graphflow.passes.dependency import dependency_optimization
from graphflow.passes.hoisting import loop_optimization
from graphflow.passes.pruning import pruning
from graphflow.passes.shape_folding import shape_folding

# (TF option name, pass function) in the order they run; each pass returns (graph, stats).
# `disable_model_pruning` is the one option that turns its pass off when True.
PASSES = [
    ("shape_optimization", shape_folding),
    ("constant_folding", constant_folding),
    ("arithmetic_optimization", arithmetic_optimization),
    ("common_subgraph_elimination", common_subgraph_elimination),
    ("dependency_optimization", dependency_optimization),
    ("loop_optimization", loop_optimization),
    ("disable_model_pruning", pruning),
]
MAX_ROUNDS = 3  # the pass list repeats while a round changes something, at most this often
KNOWN_OPTIONS = {
    "constant_folding", "arithmetic_optimization", "dependency_optimization",
    "loop_optimization", "disable_model_pruning", "common_subgraph_elimination",
    "shape_optimization", "remapping", "layout_optimizer", "memory_optimization",
    "function_optimization", "debug_stripper", "scoped_allocator_optimization",
    "pin_to_host_optimization", "implementation_selector", "auto_mixed_precision",
    "disable_meta_optimizer", "min_graph_nodes",
}


def validate_options(options):
    """Refuse unknown option names, as TF's ConfigProto would."""
    for k in options:
        if k not in KNOWN_OPTIONS:
            raise ValueError("Unknown optimizer option %r; known: %s"
                             % (k, ", ".join(sorted(KNOWN_OPTIONS))))


def enabled(option, options):
    """Whether the pass behind `option` runs under `options`."""
    if option == "disable_model_pruning":
        return not options.get(option, False)
    return options.get(option, True) is not False


def optimize(graph):
    """Run the enabled passes in order, repeating while they change the graph; returns
    (graph, list of per-pass stats dicts, each with its round number and option name).
    In debug mode the verifier checks the graph before the first pass and after each one.
    Graphs smaller than the `min_graph_nodes` option (when positive) are left as they are."""
    options = config.optimizer.get_experimental_options()
    report = []
    if options.get("disable_meta_optimizer") or \
            count_nodes(graph) < options.get("min_graph_nodes", 0):
        return graph, report
    passes = [(option, fn) for option, fn in PASSES if enabled(option, options)]
    if not passes:
        return graph, report
    check = config.debug()
    if check:
        verify(graph)
    graph = graph.copy()  # one copy; the passes then rewrite it in place
    for round_number in range(1, MAX_ROUNDS + 1):
        changed = False
        for option, fn in passes:
            graph, stats = fn(graph, copy=False)
            stats["round"] = round_number
            stats["option"] = option
            report.append(stats)
            changed = changed or bool(stats["changes"])
            if check:
                verify(graph)
        if not changed:
            break
    return graph, report
