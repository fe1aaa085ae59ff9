"""graphflow's benchmark suite: one process, warm-up, interleaved repeats, medians.

Usage: python tools/bench.py [--repeats N] [--quick]

Each workload is written once against a TF-like module (`m`), so the same code runs
on graphflow and, when importable, on TensorFlow. Times are medians of per-call times
over repeats; variants of one workload are measured round-robin so machine noise hits
them alike. A row that cannot run prints 'n/a' and the reason.
"""
import argparse
import os
import statistics
import sys
import time

# Multithreaded BLAS spin-waits badly on a busy 2-core machine and turns a 60 us matmul
# into milliseconds at random; one BLAS thread keeps every column comparable. Override
# with OPENBLAS_NUM_THREADS=n.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import graphflow as gf  # noqa: E402
from graphflow import config  # noqa: E402
from bench_workloads import (WORKLOADS, jax_variant, numpy_w6_threads,  # noqa: E402
                             w7_seconds_per_op)

EXECUTORS = ("auto", "codegen", "parallel", "interpreter")


def _optional(name):
    try:
        return __import__(name)
    except Exception:  # noqa: BLE001 - optional comparison columns
        return None


TF = _optional("tensorflow")
JAX = _optional("jax")


# --- timing -----------------------------------------------------------------------------
def per_call(fn, budget=0.02):
    """Calls per repeat so one repeat takes about `budget` seconds (after a warm-up call)."""
    fn()
    t = time.perf_counter()
    fn()
    one = max(time.perf_counter() - t, 1e-7)
    return max(1, int(budget / one))


def measure(variants, repeats):
    """{name: median seconds per call} for callables measured round-robin."""
    counts = {k: per_call(f) for k, f in variants.items()}
    samples = {k: [] for k in variants}
    for _ in range(repeats):
        for k, f in variants.items():
            n = counts[k]
            t = time.perf_counter()
            for _ in range(n):
                f()
            samples[k].append((time.perf_counter() - t) / n)
    return {k: statistics.median(v) for k, v in samples.items()}


def with_executor(name, fn):
    def run():
        config.set_executor(name)
        return fn()
    return run


def run_workload(name, builder, repeats, executors):
    try:
        compiled, numpy_fn, eager = builder(gf)
    except Exception as e:  # noqa: BLE001 - reported as n/a
        return {"error": "%s: %s" % (type(e).__name__, e)}
    variants = {"numpy": numpy_fn}
    if eager is not None:
        variants["eager"] = eager
    for ex in executors:
        variants[ex] = with_executor(ex, compiled)
    if TF is not None:
        try:
            tf_compiled, _, _ = builder(TF)
            variants["tensorflow"] = tf_compiled
        except Exception:  # noqa: BLE001 - optional column
            pass
    if JAX is not None:
        try:
            jax_fn = jax_variant(JAX, name)
            if jax_fn is not None:
                variants["jax"] = jax_fn
        except Exception:  # noqa: BLE001 - optional column
            pass
    try:
        times = measure(variants, repeats)
    except Exception as e:  # noqa: BLE001 - reported as n/a
        return {"error": "%s: %s" % (type(e).__name__, str(e).splitlines()[0])}
    finally:
        config.set_executor("auto")
    return times


def fmt(seconds):
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return "%.2f us" % (seconds * 1e6)
    if seconds < 1:
        return "%.2f ms" % (seconds * 1e3)
    return "%.2f s" % seconds


def eager_overhead_rows(repeats):
    a, b = gf.constant(np.ones(10, np.float32)), gf.constant(np.ones(10, np.float32))
    an, bn = a.numpy(), b.numpy()
    p, q = gf.constant(np.ones((32, 8), np.float32)), gf.constant(np.ones((8, 30), np.float32))
    pn, qn = p.numpy(), q.numpy()
    r = gf.constant(np.ones(1000, np.float32))
    rn = r.numpy()
    rows = []
    for name, ours, theirs in [
            ("eager add 10 f32", lambda: gf.add(a, b), lambda: np.add(an, bn)),
            ("eager matmul 32x8@8x30", lambda: gf.matmul(p, q), lambda: np.matmul(pn, qn)),
            ("eager reduce_sum 1000", lambda: gf.reduce_sum(r), lambda: np.sum(rn))]:
        t = measure({"eager": ours, "numpy": theirs}, repeats)
        rows.append((name, t["numpy"], t["eager"], "+%s vs numpy (goal <= +3 us)"
                     % fmt(t["eager"] - t["numpy"]), t["eager"] - t["numpy"] <= 3e-6))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats
    config.set_debug(False)
    cols = ["numpy", "eager"] + list(EXECUTORS) + (["tensorflow"] if TF else []) + \
        (["jax"] if JAX else [])
    header = "%-24s" % "workload" + "".join("%12s" % c for c in cols) + \
        "%10s  %-20s %s" % ("best/np", "goal", "met")
    print("graphflow benchmark: medians of %d interleaved repeats, %d cores, numpy %s, "
          "OPENBLAS_NUM_THREADS=%s" % (repeats, os.cpu_count(), np.__version__,
                                       os.environ["OPENBLAS_NUM_THREADS"]))
    print(header)
    print("-" * len(header))
    for name, builder, div, goal, check in WORKLOADS:
        times = run_workload(name, builder, repeats, EXECUTORS)
        if "error" in times:
            print("%-24s n/a (%s)" % (name, times["error"]))
            continue
        if name.startswith("W6"):
            times["numpy 2thr"] = measure({"x": numpy_w6_threads()}, repeats)["x"]
        t = {k: v / div for k, v in times.items()}
        best = min(t[e] for e in EXECUTORS)
        base = t["numpy 2thr"] if "numpy 2thr" in t else t["numpy"]
        met = check(best, t["numpy"]) if check else best <= 1.1 * base
        print("%-24s" % name + "".join("%12s" % fmt(t.get(c)) for c in cols) +
              "%10.2f  %-20s %s" % (best / t["numpy"], goal, "yes" if met else "NO"))
        if "numpy 2thr" in t:
            print("%-24s%12s  (numpy on 2 threads; best/that = %.2f)"
                  % ("", fmt(t["numpy 2thr"]), best / t["numpy 2thr"]))
    trace = statistics.median(w7_seconds_per_op(gf, trace_only=True) for _ in range(3))
    total = statistics.median(w7_seconds_per_op(gf) for _ in range(3))
    print("%-24s trace only %s/op; trace+passes+lower+run %s/op (goal <= 30 us/op: %s)"
          % ("W7 1000-op function", fmt(trace), fmt(total), "yes" if total <= 30e-6 else "NO"))
    for name, np_t, ours, text, met in eager_overhead_rows(repeats):
        print("%-24s%12s%12s  %s %s" % (name, fmt(np_t), fmt(ours), text,
                                       "yes" if met else "NO"))


if __name__ == "__main__":
    main()
