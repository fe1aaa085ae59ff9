"""The optimization pipeline: ordered passes, per-pass statistics, verification."""
from graphflow import config

# (TF option name, pass function) in the order they run; each pass returns (graph, stats).
PASSES = []
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


def optimize(graph):
    """Run the enabled passes in order; returns (graph, list of per-pass stats dicts)."""
    options = config.optimizer.get_experimental_options()
    report = []
    if options.get("disable_meta_optimizer"):
        return graph, report
    for option, fn in PASSES:
        if options.get(option, True) is False:
            continue
        graph, stats = fn(graph)
        report.append(stats)
    return graph, report
