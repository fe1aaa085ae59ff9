"""A corpus of damaged files: each must raise GraphFormatError naming the problem."""
import io
import json
import zipfile

import numpy as np
import pytest

import graphflow as tf
from graphflow.errors import GraphFormatError

import saved_programs as programs
from savefile_tools import find_node, nodes_of, npz_with, read_parts, write_parts


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """Paths of saved files: a plain graph, a control-flow program and a model."""
    d = tmp_path_factory.mktemp("saved")
    programs.cube(tf.constant(2.0))
    programs.collatz(tf.constant(5))
    model = programs.MLP()
    x, y = programs.regression_data()
    model.step(x, y, False)
    paths = {"cube": str(d / "cube.gf"), "collatz": str(d / "collatz.gf"),
             "mlp": str(d / "mlp.gf")}
    tf.save(programs.cube, paths["cube"])
    tf.save(programs.collatz, paths["collatz"])
    tf.save(model.step, paths["mlp"])
    return paths


def _mutated(saved, tmp_path, which, mutate):
    doc, npz = read_parts(saved[which])
    result = mutate(doc)
    npz = result if isinstance(result, bytes) else npz
    path = str(tmp_path / "bad.gf")
    write_parts(path, doc, npz)
    return path


def _set(doc, **fields):
    doc.update(fields)


def _pow(doc):
    return find_node(doc, "Pow")[1]


def _while(doc):
    return next(n for n in nodes_of(doc) if n["op"] in ("While", "StatelessWhile"))


def _read_var(doc):
    return next(n for n in nodes_of(doc) if n["op"] == "ReadVariableOp")


def _placeholder(doc):
    return find_node(doc, "Placeholder")[1]


def _nested(depth):
    value = 1
    for _ in range(depth):
        value = {"tuple": [value]}
    return value


DOC_CASES = [
    ("deeply nested value", "cube", lambda d: _placeholder(d)["attrs"].update(
        shape=_nested(200)), "nested more than 64 deep"),
    ("wrong version", "cube", lambda d: _set(d, version=99), "unsupported format version 99"),
    ("wrong format", "cube", lambda d: _set(d, format="pickle"), "not a saved graphflow"),
    ("missing key", "cube", lambda d: d.pop("functions"), "expected an object with keys"),
    ("unknown op", "cube", lambda d: _pow(d).update(op="Frobnicate"), "unknown op 'Frobnicate'"),
    ("wrong arity", "cube", lambda d: _pow(d)["inputs"].pop(), "wrong arity: op Pow takes 2"),
    ("self cycle", "cube", lambda d: _pow(d)["inputs"].__setitem__(
        0, [find_node(d, "Pow")[0], 0]), "a cycle or a forward reference"),
    ("forward reference", "collatz", lambda d: nodes_of(d)[1]["inputs"].__setitem__(
        0, [len(nodes_of(d)) - 1, 0]) if nodes_of(d)[1]["inputs"] else
        nodes_of(d)[1]["control"].append(len(nodes_of(d)) - 1),
        "a cycle or a forward reference"),
    ("mismatched dtype", "cube", lambda d: _pow(d)["outputs"][0].__setitem__(0, "int32"),
     "output 0 mismatch: op Pow infers float32[], the file records int32[]"),
    ("mismatched shape", "cube", lambda d: _pow(d)["outputs"][0].__setitem__(1, [5]),
     "output 0 mismatch"),
    ("input type clash", "cube", lambda d: _placeholder(d)["attrs"].update(
        dtype={"dtype": "int32"}), "mismatch"),
    ("absurd placeholder shape", "cube", lambda d: _placeholder(d)["outputs"][0].__setitem__(
        1, [2 ** 50]), "bad dimension"),
    ("absurd element count", "cube", lambda d: _placeholder(d)["outputs"][0].__setitem__(
        1, [2 ** 30, 2 ** 30]), "absurd size"),
    ("unknown dtype", "cube", lambda d: _pow(d)["outputs"][0].__setitem__(0, "float33"),
     "unknown dtype 'float33'"),
    ("unknown attr", "cube", lambda d: _pow(d)["attrs"].update(evil=1), "has no attr 'evil'"),
    ("unknown value tag", "cube", lambda d: _placeholder(d)["attrs"].update(
        dtype={"pickle": "gASV"}), "unknown value tag 'pickle'"),
    ("duplicate names", "cube", lambda d: _pow(d).update(name=nodes_of(d)[0]["name"]),
     "duplicate node name"),
    ("input list", "cube", lambda d: d["functions"][0]["graph"].update(inputs=[]),
     "each Placeholder node exactly once"),
    ("output ref", "cube", lambda d: d["functions"][0]["graph"]["outputs"][0].__setitem__(
        1, 7), "has no output 7"),
    ("while arity", "collatz", lambda d: _while(d)["attrs"].update(n_vars=1),
     "gives 1 outputs, the file records 3"),
    ("body output count", "collatz", lambda d: _while(d)["attrs"]["body_graph"]["graph"][
        "outputs"].pop(), "While"),
    ("missing array", "cube", lambda d: find_node(d, "Const")[1]["attrs"].update(
        value={"array": "zz"}), "no array 'zz'"),
    ("signature clash", "cube", lambda d: d["functions"][0]["args"]["tuple"][0]["spec"].update(
        dtype="int64"), "graph input 0 is float32"),
    ("variable dtype", "mlp", lambda d: d["variables"][0].update(dtype="float64"),
     "value is float32"),
    ("variable index", "mlp", lambda d: d["functions"][0]["captures"][0].update(variable=99),
     "no variable 99"),
    ("negative dim", "mlp", lambda d: d["variables"][0].update(shape=[-3]), "bad dimension -3"),
    ("bad parameters", "cube", lambda d: d.update(parameters=[{"name": "x", "kind": "BOGUS"}]),
     "parameters[0]"),
]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("label,which,mutate,message", DOC_CASES,
                         ids=[c[0] for c in DOC_CASES])
def test_damaged_documents(saved, tmp_path, label, which, mutate, message):
    path = _mutated(saved, tmp_path, which, mutate)
    with pytest.raises(GraphFormatError, match=_escape(message)):
        tf.load(path)


def _escape(text):
    import re
    return re.escape(text)


def test_variable_type_must_match_the_ops_that_use_it(saved, tmp_path):
    def retype(doc):
        var = doc["variables"][0]
        var["dtype"] = "float64"
        _, npz = read_parts(saved["mlp"])
        arrays = dict(np.load(io.BytesIO(npz), allow_pickle=False))
        arrays[var["value"]] = arrays[var["value"]].astype(np.float64)
        return npz_with(arrays)
    with pytest.raises(GraphFormatError, match="expects a float32 variable"):
        tf.load(_mutated(saved, tmp_path, "mlp", retype))


@pytest.mark.timeout(20)
def test_damaged_containers(saved, tmp_path):
    data = open(saved["collatz"], "rb").read()
    bad = tmp_path / "bad.gf"
    cases = {
        "truncated": data[:len(data) // 2],
        "empty": b"",
        "not a zip": b"PK\x03\x04" + b"\x00" * 100,
        "flipped bytes": data[:40] + bytes(b ^ 0xFF for b in data[40:80]) + data[80:],
    }
    for label, content in cases.items():
        bad.write_bytes(content)
        with pytest.raises(GraphFormatError, match="truncated or corrupted|not a graphflow"):
            tf.load(str(bad))

    doc, npz = read_parts(saved["cube"])
    write_parts(str(bad), doc, npz, json_text="{not json")
    with pytest.raises(GraphFormatError, match="not valid JSON"):
        tf.load(str(bad))
    write_parts(str(bad), doc, npz, json_text="[" * 100000 + "]" * 100000)
    with pytest.raises(GraphFormatError, match="not valid JSON"):
        tf.load(str(bad))
    write_parts(str(bad), doc, npz, json_text='{"version": 1' + "0" * 5000 + "}")
    with pytest.raises(GraphFormatError):
        tf.load(str(bad))

    with zipfile.ZipFile(str(bad), "w") as z:
        z.writestr("graphflow.json", json.dumps(doc))
    with pytest.raises(GraphFormatError, match="no arrays.npz inside"):
        tf.load(str(bad))


@pytest.mark.timeout(20)
def test_damaged_arrays(saved, tmp_path):
    doc, npz = read_parts(saved["cube"])
    key = find_node(doc, "Const")[1]["attrs"]["value"]["array"]
    bad = str(tmp_path / "bad.gf")

    pickled = np.empty(2, dtype=object)
    pickled[:] = [{"a": 1}, None]
    buf = io.BytesIO()
    np.savez(buf, **{key: pickled})
    write_parts(bad, doc, buf.getvalue())
    with pytest.raises(GraphFormatError, match="dtype object is not allowed"):
        tf.load(bad)

    write_parts(bad, doc, npz_with({key: np.float64(3.0)}))
    with pytest.raises(GraphFormatError, match="Const value does not match its dtype"):
        tf.load(bad)

    raw = bytearray(npz_with({key: np.arange(4, dtype=np.float32)}))
    header_at = raw.find(b"(4,)")
    raw[header_at:header_at + 4] = b"(9,)"   # the header claims more data than there is
    write_parts(bad, doc, bytes(raw))
    with pytest.raises(GraphFormatError, match="array"):
        tf.load(bad)

    header = bytearray(npz_with({key: np.zeros(1, np.float32)}))
    at = header.find(b"(1,)")
    header[at:at + 4] = b"(99999999999999,)"[:4]
    write_parts(bad, doc, bytes(header))
    with pytest.raises(GraphFormatError):
        tf.load(bad)

    write_parts(bad, doc, b"not an npz at all")
    with pytest.raises(GraphFormatError, match="not a valid npz"):
        tf.load(bad)


def _saved_stateful_cond(tmp_path):
    """A saved function whose If has a branch assigning to a variable: (path, the saved
    document, its arrays, the If node's entry in the document)."""
    v = tf.Variable(1.0)

    @tf.function
    def bump(x):
        return tf.cond(x > 0, lambda: v.assign_add(x).read_value(), lambda: x)
    bump(tf.constant(1.0))
    path = str(tmp_path / "bump.gf")
    tf.save(bump, path)
    doc, npz = read_parts(path)
    node = next(n for n in nodes_of(doc) if n["op"] == "If")
    return path, doc, npz, node


def test_stateless_ops_may_not_hide_state(tmp_path):
    path, doc, npz, node = _saved_stateful_cond(tmp_path)
    node["op"] = "StatelessIf"
    write_parts(path, doc, npz)
    with pytest.raises(GraphFormatError, match="StatelessIf holds a stateful subgraph"):
        tf.load(path)


def test_subgraphs_must_match_how_their_node_feeds_them(tmp_path):
    path, doc, npz, node = _saved_stateful_cond(tmp_path)
    kinds = {nodes_of(doc)[i]["outputs"][0][0]: [i, 0] for i, _ in node["inputs"][1:]}
    node["inputs"][1:] = [kinds["float32"]] * (len(node["inputs"]) - 1)
    write_parts(path, doc, npz)
    with pytest.raises(GraphFormatError, match="then_graph input 0 is resource"):
        tf.load(path)


def test_missing_file_is_not_a_format_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        tf.load(str(tmp_path / "nothing.gf"))
