"""Fusing chains of large elementwise ops into one loop over cache-sized blocks.

A group is a run of elementwise nodes (ufunc-lowerable, or SelectV2) whose result and
non-scalar inputs all have the same fully known shape. The generated code computes the
whole group block by block: block-sized scratch buffers stay in cache, results that
leave the group are written straight into their final arrays, and no full-size
temporary is allocated. Elementwise math per element is unchanged, so results equal
the unfused ones.
"""
import numpy as np

from graphflow.runtime.plan import static_size

BLOCK = 32768          # elements per block (128 KiB of float32: a few fit in L2)
MIN_ELEMENTS = 4 * BLOCK


class Group:
    """Fused nodes (in order), their external inputs, and the values used after them."""

    def __init__(self, shape):
        self.shape = shape
        self.members = []
        self.member_set = set()
        self.emit_at = None
        self.outputs = []


def _eligible(node, ufunc_nodes):
    if node not in ufunc_nodes and node.op.name != "SelectV2":
        return False
    out = node.outputs[0]
    if (static_size(out) or 0) < MIN_ELEMENTS or out.dtype._np is None:
        return False
    if node not in ufunc_nodes and np.dtype(out.dtype._np).itemsize not in (1, 2, 4, 8):
        return False
    return all(t._shape == out._shape or t._shape == () for t in node.inputs)


def find_groups(nodes, ufunc_nodes, last_use):
    """Map node -> Group for every fused node of this graph level."""
    groups = []
    current = None
    for node in nodes:
        if _eligible(node, ufunc_nodes):
            shape = node.outputs[0]._shape
            if current is None or current.shape != shape:
                current = Group(shape)
                groups.append(current)
            current.members.append(node)
            current.member_set.add(node)
        elif current is not None and node.op.name != "Const" and any(
                t.node in current.member_set for t in node.inputs):
            current = None
    index = {n: i for i, n in enumerate(nodes)}
    by_node = {}
    for g in groups:
        if len(g.members) < 2:
            continue
        g.emit_at = g.members[-1]
        end = index[g.emit_at]
        g.outputs = [n.outputs[0] for n in g.members if last_use.get(id(n.outputs[0]), -1) > end]
        for n in g.members:
            by_node[n] = g
    return by_node


def extend_lifetimes(nodes, groups, last_use):
    """A group runs where its last member is, so whatever its members read must live
    until then (nodes between members may otherwise free or overwrite it)."""
    index = {n: i for i, n in enumerate(nodes)}
    for node, group in groups.items():
        end = index[group.emit_at]
        for t in node.inputs:
            if last_use.get(id(t), -1) < end:
                last_use[id(t)] = end


def _select(em, node, args, target, prologue):
    """SelectV2 as a branch-free bitwise blend: target = e ^ ((t ^ e) & mask).

    np.where over an unpredictable mask is branchy and ~20x slower; picking the bits of
    `t` or `e` gives exactly np.where's result.
    """
    cond, then, other = args
    item = node.outputs[0].dtype._np().itemsize if node.outputs[0].dtype._np else 0
    bits = em.bind("uint%d" % (8 * item), np.dtype("uint%d" % (8 * item)).type)
    dtype = em.bind("dt_" + node.outputs[0].dtype._np.__name__, node.outputs[0].dtype._np)
    mask = "mask%d" % (8 * item)
    if not any(p.startswith(mask + " ") for p in prologue):
        prologue.append("%s = np.empty(%d, %s)" % (mask, BLOCK, bits))

    def as_bits(x):
        if "[" in x:
            return "%s.view(%s)" % (x, bits)
        return "np.asarray(%s, %s).view(%s)" % (x, dtype, bits)
    out = as_bits(target)
    return ["np.subtract(%s(0), %s, out=%s[:m])" % (bits, cond, mask),
            "np.bitwise_xor(%s, %s, out=%s)" % (as_bits(then), as_bits(other), out),
            "np.bitwise_and(%s, %s[:m], out=%s)" % (out, mask, out),
            "np.bitwise_xor(%s, %s, out=%s)" % (out, as_bits(other), out)]


def emit_group(em, group, env, indent, run_blocks):
    """Emit the block function for `group` and the statements calling it."""
    from graphflow.runtime.memory_plan import node_ufunc
    inside = {id(n.outputs[0]) for n in group.members}
    external = []
    for n in group.members:
        for t in n.inputs:
            if id(t) not in inside and id(t) not in {id(x) for x in external}:
                external.append(t)
    size = static_size(group.members[0].outputs[0])
    block_fn = em.fresh_global("fused_block")
    lines = []
    params = ["lo", "hi"]
    local = {}
    prologue = []
    for t in external:
        p = "i%d" % len(params)
        params.append(p)
        local[id(t)] = p if t._shape == () else p + "[s:e]"
    outputs = {id(t) for t in group.outputs}
    for t in group.outputs:
        p = "o%d" % len(params)
        params.append(p)
        local[id(t)] = p + "[s:e]"
    last_read = {}
    for j, n in enumerate(group.members):
        for t in n.inputs:
            last_read[id(t)] = j
    free_slots = []
    slot_of = {}
    for j, n in enumerate(group.members):
        out = n.outputs[0]
        args = [local[id(t)] for t in n.inputs]
        if id(out) in outputs:
            target = local[id(out)]
        else:
            if free_slots:
                slot = free_slots.pop()
            else:
                slot = len(prologue)
                prologue.append("t%d = np.empty(%d, %s)" % (slot, BLOCK, em.bind(
                    "dt_" + str(out.dtype._np.__name__), out.dtype._np)))
            target = "t%d[:m]" % slot
            local[id(out)] = target
            slot_of[id(out)] = slot
        ufunc = node_ufunc(n)
        if ufunc is not None:
            lines.append((n, "%s(%s, out=%s)" % (em.bind(ufunc.__name__, ufunc),
                                                 ", ".join(args), target)))
        else:
            lines.extend((n, line) for line in _select(em, n, args, target, prologue))
        for t in {id(t): t for t in n.inputs}.values():
            if id(t) in slot_of and last_read[id(t)] == j:
                free_slots.append(slot_of[id(t)])
    # the block function is a separate top-level function, placed after graphflow_fn
    block_src = ["def %s(%s):" % (block_fn, ", ".join(params))]
    block_src += ["    " + p for p in prologue]
    block_src.append("    with np.errstate(all='ignore'):")
    block_src.append("        for s in range(lo, hi, %d):" % BLOCK)
    block_src.append("            e = min(s + %d, hi)" % BLOCK)
    block_src.append("            m = e - s")
    em.extra_functions.append((block_src, lines, 3))
    call_args = []
    for t in external:
        call_args.append(env[id(t)] if t._shape == () else "%s.reshape(-1)" % env[id(t)])
    for t in group.outputs:
        name = em.fresh()
        em.emit(indent, "%s = np.empty(%r, %s)" % (
            name, tuple(group.shape), em.bind("dt_" + t.dtype._np.__name__, t.dtype._np)))
        env[id(t)] = name
        call_args.append(name + ".reshape(-1)")
    if run_blocks is None:
        em.emit(indent, "%s(0, %d, %s)" % (block_fn, size, ", ".join(call_args)),
                group.members[0])
    else:
        em.emit(indent, "%s(%s, %d, %d, %s)" % (
            em.bind("run_blocks", run_blocks), block_fn, size, BLOCK, ", ".join(call_args)),
            group.members[0])
