"""Save here, load in a fresh Python process (which never sees the source), compare."""
import json
import subprocess
import sys

import numpy as np

import graphflow as tf

import saved_programs as programs

LOADER = r"""
import json, sys
import numpy as np
import graphflow as tf
plan = json.loads(sys.argv[1])
inputs = np.load(plan["inputs"], allow_pickle=False)
out = {}
assert "saved_programs" not in sys.modules
for case in plan["cases"]:
    fn = tf.load(case["file"])
    for c, call in enumerate(case["calls"]):
        args = [inputs[a["npy"]] if isinstance(a, dict) else a for a in call]
        result = tf.nest.flatten(fn(*args))
        for k, leaf in enumerate(result):
            if hasattr(leaf, "numpy"):
                out["%s/%d/%d" % (case["name"], c, k)] = np.asarray(leaf.numpy()).tolist() \
                    if leaf.dtype is not tf.string else [s.decode() for s in leaf.numpy()]
    out[case["name"] + "/variables"] = [v.numpy().tolist() for v in fn.variables]
print(json.dumps(out))
"""


class Plan:
    """Collects saved files, the calls to make on them, and the expected results."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.arrays = {}
        self.cases = []
        self.expected = {}

    def arg(self, value):
        if isinstance(value, np.ndarray):
            key = "a%d" % len(self.arrays)
            self.arrays[key] = value
            return {"npy": key}
        return value

    def add(self, name, fn, calls, expect, variables=()):
        """Save `fn`, then record `expect()` (the results of `calls` made here)."""
        path = str(self.tmp_path / (name + ".gf"))
        tf.save(fn, path)
        expected_calls = expect()
        self.cases.append({"name": name, "file": path,
                           "calls": [[self.arg(a) for a in call] for call in calls]})
        for c, result in enumerate(expected_calls):
            for k, leaf in enumerate(tf.nest.flatten(result)):
                if hasattr(leaf, "numpy"):
                    v = leaf.numpy()
                    self.expected["%s/%d/%d" % (name, c, k)] = \
                        [s.decode() for s in v] if leaf.dtype is tf.string else v.tolist()
        self.expected[name + "/variables"] = [v.numpy().tolist() for v in variables]

    def run(self):
        inputs = str(self.tmp_path / "inputs.npz")
        np.savez(inputs, **self.arrays)
        plan = json.dumps({"inputs": inputs, "cases": self.cases})
        proc = subprocess.run([sys.executable, "-c", LOADER, plan], capture_output=True,
                              text=True, timeout=120, cwd=str(self.tmp_path))
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)


def test_fresh_process_gives_the_same_results(tmp_path):
    plan = Plan(tmp_path)
    f32 = np.float32

    xs = [np.array(2.0, f32), np.array([1, 2, 3], np.int32)]
    for x in xs:
        programs.cube(tf.constant(x))
    plan.add("cube", programs.cube, [[x] for x in xs],
             lambda: [programs.cube(tf.constant(x)) for x in xs])

    y_true, y_pred = np.array([0.0, 1.0, 5.0, -2.0], f32), np.array([0.5, 3.0, -1.0, -2.2], f32)
    plan.add("huber", programs.huber, [[y_true, y_pred]],
             lambda: [programs.huber(y_true, y_pred)])

    ns = [np.array(n, np.int32) for n in (1, 7, 27)]
    programs.collatz(tf.constant(ns[0]))
    plan.add("collatz", programs.collatz, [[n] for n in ns],
             lambda: [programs.collatz(tf.constant(n)) for n in ns])

    x = np.array([0.5, -1.5], f32)
    programs.labelled(tf.constant(x), 3.0)
    plan.add("labelled", programs.labelled, [[x, 3.0]],
             lambda: [programs.labelled(tf.constant(x), 3.0)])

    model = programs.MLP()
    data_x, data_y = programs.regression_data()
    model.step(data_x, data_y, True)
    model.step(data_x, data_y, False)
    snapshot = model.w1.numpy()
    plan.add("mlp", model.step, [[data_x, data_y, True]] * 3 + [[data_x, data_y, False]],
             lambda: [model.step(data_x, data_y, True) for _ in range(3)] +
             [model.step(data_x, data_y, False)],
             variables=model.variables + [model.steps])
    assert not np.array_equal(snapshot, model.w1.numpy()) and model.steps.numpy() == 4

    ns = [np.array(n, np.int32) for n in (0, 10)]
    programs.sum_squares(tf.constant(ns[0]))                 # AutoGraph: a for loop
    plan.add("sum_squares", programs.sum_squares, [[n] for n in ns],
             lambda: [programs.sum_squares(tf.constant(n)) for n in ns])

    trained = programs.MLP(seed=3)
    train_step = programs.nadam_train_step(trained)
    train_step(data_x, data_y)
    plan.add("nadam", train_step, [[data_x, data_y]] * 4,
             lambda: [train_step(data_x, data_y) for _ in range(4)],
             variables=trained.variables)

    got = plan.run()
    assert got["sum_squares/1/0"] == 285
    assert sorted(got) == sorted(plan.expected)
    for key, want in plan.expected.items():
        if key.startswith("labelled/0/1"):
            assert got[key] == want == ["low", "high"]
            continue
        if key.endswith("/variables"):
            for w in want:                    # each variable has a restored, updated twin
                w = np.array(w, dtype=float)
                assert any(np.shape(g) == w.shape and np.allclose(g, w, rtol=1e-5)
                           for g in got[key]), key
            continue
        np.testing.assert_allclose(np.array(got[key], dtype=float),
                                   np.array(want, dtype=float), rtol=1e-5, err_msg=key)
    assert len(got["mlp/variables"]) == 5
