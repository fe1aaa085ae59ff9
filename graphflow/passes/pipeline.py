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
# Passes whose changes give a pass no new work, by option name: a pass runs again in a later
# round only after other changes (its report entry then records none). CSE only merges
# identical nodes, which can only make control inputs redundant (dependency optimization's
# work); pruning only removes nodes nothing live reads; shape folding, dependency optimization
# and these two finish their work in one run. Unlisted passes rerun after any change.
_CSE, _PRUNING = "common_subgraph_elimination", "disable_model_pruning"
NO_NEW_WORK_FROM = {
    "shape_optimization": {"shape_optimization", _CSE, _PRUNING},
    "constant_folding": {_CSE, _PRUNING},
    "arithmetic_optimization": {_CSE, _PRUNING},
    "common_subgraph_elimination": {_CSE, _PRUNING},
    "dependency_optimization": {"dependency_optimization", _PRUNING},
    "loop_optimization": {_CSE, _PRUNING},
    "disable_model_pruning": {_CSE, _PRUNING},
}
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
    """Run the enabled passes in order, repeating while they change the graph (a pass runs
    again only after changes that may give it work); returns (graph, list of per-pass stats
    dicts, each with its round number and option name).
    In debug mode the verifier checks the graph before the first pass and after each one.
    Graphs smaller than the `min_graph_nodes` option (when positive) are left as they are."""
    options = config.optimizer.get_experimental_options()
    report = []
    if options.get("disable_meta_optimizer"):
        return graph, report
    min_nodes = options.get("min_graph_nodes", 0)
    if min_nodes > 0 and count_nodes(graph) < min_nodes:
        return graph, report
    passes = [(option, fn) for option, fn in PASSES if enabled(option, options)]
    if not passes:
        return graph, report
    check = config.debug()
    if check:
        verify(graph)
    graph = graph.copy()  # one copy; the passes then rewrite it in place
    changed_since = {option: None for option, _ in passes}  # None: not run yet
    names = {}
    nodes = None
    for round_number in range(1, MAX_ROUNDS + 1):
        changed = False
        for option, fn in passes:
            if _has_new_work(option, changed_since[option]):
                graph, stats = fn(graph, copy=False)
                changed_since[option] = set()
                names[option] = stats["pass"]
                if check:
                    verify(graph)
            else:
                stats = {"pass": names[option], "nodes_before": nodes, "nodes_after": nodes,
                         "changes": []}
            stats["round"] = round_number
            stats["option"] = option
            report.append(stats)
            nodes = stats["nodes_after"]
            if stats["changes"]:
                changed = True
                for since in changed_since.values():
                    if since is not None:
                        since.add(option)
        if not changed:
            break
    return graph, report


def _has_new_work(option, changed_by):
    """Whether changes by the passes in `changed_by` (None: the pass never ran) may give the
    pass behind `option` something to do."""
    return changed_by is None or bool(changed_by - NO_NEW_WORK_FROM.get(option, set()))
