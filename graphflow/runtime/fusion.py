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


def _select(em, node, args, target, block):
    """SelectV2 as a branch-free bitwise blend: target = e ^ ((t ^ e) & mask).

    np.where over an unpredictable mask is branchy and ~20x slower; picking the bits of
    `t` or `e` gives exactly np.where's result.
    """
    cond, then, other = args
    np_type = node.outputs[0].dtype._np
    bits_type = np.dtype("uint%d" % (8 * np.dtype(np_type).itemsize)).type
    bits = em.bind(bits_type.__name__, bits_type)
    mask = block.scratch(em, bits_type, key=bits_type)

    def as_bits(x):
        if x in block.arrays:
            return "%s.view(%s)" % (x, bits)
        return "np.asarray(%s, %s).view(%s)" % (x, em.bind("dt_" + np_type.__name__, np_type),
                                                bits)
    out = as_bits(target)
    return ["np.subtract(%s(0), %s, out=%s)" % (bits, cond, mask),
            "np.bitwise_xor(%s, %s, out=%s)" % (as_bits(then), as_bits(other), out),
            "np.bitwise_and(%s, %s, out=%s)" % (out, mask, out),
            "np.bitwise_xor(%s, %s, out=%s)" % (out, as_bits(other), out)]


class _Block:
    """Names inside a block function: parameters, block-sized scratch buffers allocated once
    per call, and the per-block views (`aN = iN[s:e]`, `wN = tN[:m]`) statements use."""

    def __init__(self):
        self.params = ["lo", "hi"]
        self.prologue = []     # scratch allocations
        self.views = []        # per-block view assignments
        self.arrays = set()    # names bound to block views
        self._keyed = {}

    def param(self, sliced):
        name = "i%d" % len(self.params)
        self.params.append(name)
        if not sliced:
            return name
        return self._view("a", "%s[s:e]" % name)

    def scratch(self, em, np_type, key=None):
        """A fresh block-sized buffer's view (one per `key` when given)."""
        if key is not None and key in self._keyed:
            return self._keyed[key]
        name = "t%d" % len(self.prologue)
        self.prologue.append("%s = np.empty(%d, %s)" % (
            name, BLOCK, em.bind("dt_" + np_type.__name__, np_type)))
        view = self._view("w", "%s[:m]" % name)
        if key is not None:
            self._keyed[key] = view
        return view

    def _view(self, prefix, expr):
        name = "%s%d" % (prefix, len(self.views))
        self.views.append("%s = %s" % (name, expr))
        self.arrays.add(name)
        return name


def emit_group(em, group, env, indent, run_blocks):
    """Emit the block function for `group` and the statements calling it."""
    block = _Block()
    local = {}
    inside = {id(n.outputs[0]) for n in group.members}
    external = list({id(t): t for n in group.members for t in n.inputs
                     if id(t) not in inside}.values())
    for t in external:
        local[id(t)] = block.param(t._shape != ())
    for t in group.outputs:
        local[id(t)] = block.param(True)
    block_fn = em.fresh_global("fused_block")
    statements = _group_statements(em, group, local, block)
    header = ["def %s(%s):" % (block_fn, ", ".join(block.params))]
    header += ["    " + line for line in block.prologue]
    header += ["    with np.errstate(all='ignore'):",
               "        for s in range(lo, hi, %d):" % BLOCK,
               "            e = min(s + %d, hi)" % BLOCK,
               "            m = e - s"]
    header += ["            " + line for line in block.views]
    em.extra_functions.append((header, statements, 3))
    call_args = [env[id(t)] if t._shape == () else "%s.reshape(-1)" % env[id(t)]
                 for t in external]
    for t in group.outputs:
        name = em.fresh()
        em.emit(indent, "%s = np.empty(%r, %s)" % (
            name, tuple(group.shape), em.bind("dt_" + t.dtype._np.__name__, t.dtype._np)))
        env[id(t)] = name
        call_args.append(name + ".reshape(-1)")
    size = static_size(group.members[0].outputs[0])
    if run_blocks is None:
        call = "%s(0, %d, %s)" % (block_fn, size, ", ".join(call_args))
    else:
        call = "%s(%s, %d, %d, %s)" % (em.bind("run_blocks", run_blocks), block_fn, size,
                                       BLOCK, ", ".join(call_args))
    em.emit(indent, call, group.members[0])


def _group_statements(em, group, local, block):
    """[(node, statement)] computing the group on one block; values that die inside the
    group hand their scratch buffer to later members."""
    from graphflow.runtime.memory_plan import node_ufunc
    outputs = {id(t) for t in group.outputs}
    last_read = {id(t): j for j, n in enumerate(group.members) for t in n.inputs}
    free, owner = {}, {}    # dtype -> released scratch views; value -> its view
    statements = []
    for j, n in enumerate(group.members):
        out = n.outputs[0]
        args = [local[id(t)] for t in n.inputs]
        if id(out) not in outputs:
            spare = free.get(out.dtype)
            local[id(out)] = spare.pop() if spare else block.scratch(em, out.dtype._np)
            owner[id(out)] = (out.dtype, local[id(out)])
        target = local[id(out)]
        ufunc = node_ufunc(n)
        if ufunc is not None:
            statements.append((n, "%s(%s, out=%s)" % (em.bind(ufunc.__name__, ufunc),
                                                      ", ".join(args), target)))
        else:
            statements.extend((n, line) for line in _select(em, n, args, target, block))
        for t in {id(t): t for t in n.inputs}.values():
            if id(t) in owner and last_read[id(t)] == j:
                dtype, view = owner[id(t)]
                free.setdefault(dtype, []).append(view)
    return statements
