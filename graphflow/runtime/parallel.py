"""The parallel executor: a dataflow scheduler over a shared thread pool.

The calling thread walks the graph in dependency order (data and control inputs).
Nodes the cost model calls cheap run inline on it; heavy ones go to the pool, whose
workers report back through a queue. The first failure stops scheduling, waits for the
nodes already running, and is raised in the caller with its node and user line. Work
started from a pool worker (nested graphs, fused blocks) runs inline, so pool threads
never wait on the pool.
"""
import contextvars
import os
import queue
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from graphflow import config
from graphflow.runtime import cost_model
from graphflow.runtime.interpreter import node_error, run_node, store_outputs
from graphflow.runtime.memory_plan import node_ufunc, reusable_inputs
from graphflow.runtime.plan import runnable_nodes

_pool_lock = threading.Lock()
_pool = {"executor": None, "size": 0}
_worker = threading.local()
_CORES = os.cpu_count() or 1
FORCE_POOL = False   # send every node to the pool (tests use it to exercise the scheduler)


def pool_size():
    """Threads for the pool: `config.threading` inter-op setting, or the core count."""
    n = config.threading.get_inter_op_parallelism_threads()
    return n if n > 0 else _CORES


def get_pool():
    """The shared pool (None when one thread is configured); rebuilt if the size changed."""
    size = pool_size()
    if size <= 1:
        return None
    pool = _pool["executor"]
    if pool is None or _pool["size"] != size:
        with _pool_lock:
            if _pool["executor"] is None or _pool["size"] != size:
                # a replaced pool is not shut down: runs still holding it finish on it,
                # and its idle threads exit once it is garbage collected
                _pool["executor"] = ThreadPoolExecutor(size, "graphflow-inter-op",
                                                       initializer=_mark_worker)
                _pool["size"] = size
            pool = _pool["executor"]
    return pool


def _mark_worker():
    _worker.active = True


def in_worker():
    return getattr(_worker, "active", False)


def block_threads():
    """Threads sharing one fused op (TF's intra-op setting; 0 means one per core)."""
    n = config.threading.get_intra_op_parallelism_threads()
    return n if n > 0 else _CORES


def run_blocks(block_fn, size, block, *args):
    """Run `block_fn(lo, hi, *args)` over [0, size) on the caller and the pool's threads.

    Work is cut into a few chunks per thread that every participant pulls in turn, so a
    thread the OS delays does not hold the others up.
    """
    threads = block_threads()
    pool = None if in_worker() or threads <= 1 else get_pool()
    blocks = -(-size // block)
    if pool is None or blocks < 4:
        return block_fn(0, size, *args)
    threads = min(threads, _pool["size"])
    chunk = max(1, blocks // (4 * threads)) * block
    starts = iter(range(0, size, chunk))   # next() on it is atomic under the GIL

    def work():
        for lo in starts:
            block_fn(lo, min(lo + chunk, size), *args)
    helpers = [pool.submit(contextvars.copy_context().run, work) for _ in range(threads - 1)]
    try:
        work()
    finally:
        for f in helpers:
            f.result()


class ParallelGraph:
    """A graph prepared for dataflow scheduling."""

    def __init__(self, graph):
        self.graph = graph
        nodes = runnable_nodes(graph)
        self.nodes = nodes
        position = {n: i for i, n in enumerate(nodes)}
        self.consumers = [[] for _ in nodes]
        self.deps = []
        readers = {}
        for i, node in enumerate(nodes):
            preds = {position[t.node] for t in node.inputs if t.node in position}
            preds |= {position[c] for c in node.control_inputs if c in position}
            for p in preds:
                self.consumers[p].append(i)
            self.deps.append(len(preds))
            for t in node.inputs:
                readers[id(t)] = readers.get(id(t), 0) + 1
        for t in graph.outputs:
            readers[id(t)] = 1 << 30   # results are never freed
        self.readers = readers
        self.heavy = [FORCE_POOL or cost_model.worth_pool(n) for n in nodes]
        self.any_heavy = any(self.heavy)
        # memory planning: a ufunc node may write into an input nobody else still reads
        ufuncs = {n: node_ufunc(n) for n in nodes}
        ufunc_nodes = {n for n, u in ufuncs.items() if u is not None}
        reading = {}
        for node in nodes:
            for t in node.inputs:
                reading.setdefault(id(t), []).append(node)
        self.ufuncs = [ufuncs[n] for n in nodes]
        self.reuse = [reusable_inputs(n, reading, ufunc_nodes) for n in nodes]
        self.roots = [i for i, d in enumerate(self.deps) if d == 0]

    def run(self, *args):
        env = {id(ph): v for ph, v in zip(self.graph.inputs, args)}
        pool = None if in_worker() else get_pool()
        if pool is None:
            return self._run_inline(env)
        return _Run(self, env, pool).execute()

    def _run_inline(self, env):
        for node in self.nodes:
            run_node(node, env)
        return [env[id(t)] for t in self.graph.outputs]


class _Run:
    """One execution: scheduling state lives on the calling thread only."""

    def __init__(self, pg, env, pool):
        self.pg = pg
        self.env = env
        self.pool = pool
        self.pending = list(pg.deps)
        self.left = dict(pg.readers)
        self.ready = list(reversed(pg.roots))
        self.done = queue.SimpleQueue()
        self.in_flight = 0
        self.limit = _pool["size"]

    def execute(self):
        pg = self.pg
        remaining = len(pg.nodes)
        error = None
        while remaining:
            # at most one pool task per thread in flight: the live set (and memory) stays
            # small and the LIFO ready stack runs chains depth first
            if self.ready and error is None and not (
                    pg.heavy[self.ready[-1]] and self.in_flight >= self.limit):
                i = self.ready.pop()
                node = pg.nodes[i]
                values = [self.env[id(t)] for t in node.inputs]
                out = self._dead_buffer(i, node, values)
                if pg.heavy[i]:
                    self.in_flight += 1
                    # the caller's context (np.errstate, ...) applies on the pool too
                    self.pool.submit(contextvars.copy_context().run, _pool_task, node, i,
                                     values, out, self.done)
                    continue
                try:
                    result = _call_kernel(node, values, out)
                except BaseException as e:  # noqa: BLE001 - re-raised after draining
                    error = e
                    continue
                self._finish(i, result)
                remaining -= 1
                continue
            if self.in_flight == 0:
                break
            i, result, exc = self.done.get()
            self.in_flight -= 1
            if exc is not None:
                error = error or exc
            elif error is None:
                self._finish(i, result)
                remaining -= 1
        if error is not None:
            raise error
        return [self.env[id(t)] for t in pg.graph.outputs]

    def _dead_buffer(self, i, node, values):
        """(ufunc, input position) when node i may write into an input no one else will
        read (all its other readers have finished), else None."""
        for pos in self.pg.reuse[i]:
            if self.left[id(node.inputs[pos])] == 1:
                return self.pg.ufuncs[i], pos
        return None

    def _finish(self, i, result):
        pg = self.pg
        node = pg.nodes[i]
        store_outputs(node, result, self.env)
        left = self.left
        for t in node.inputs:
            key = id(t)
            left[key] -= 1
            if left[key] == 0:
                self.env.pop(key, None)
        for c in pg.consumers[i]:
            self.pending[c] -= 1
            if self.pending[c] == 0:
                self.ready.append(c)


def _pool_task(node, i, values, out, done):
    try:
        result = _call_kernel(node, values, out)
    except BaseException as e:  # noqa: BLE001 - handed to the scheduling thread
        done.put((i, None, e))
        return
    done.put((i, result, None))


def _call_kernel(node, values, out=None):
    """Run node's kernel; `out` = (ufunc, position) computes it in place into that input."""
    try:
        if out is not None:
            ufunc, pos = out
            if node.op.kernel is ufunc:
                return ufunc(*values, out=values[pos])
            with np.errstate(all="ignore"):   # the kernel silences errors around the ufunc
                return ufunc(*values, out=values[pos])
        return node.op.kernel(*values, **node.attrs)
    except Exception as e:  # noqa: BLE001 - re-raised with the node named
        raise node_error(node, e) from e
