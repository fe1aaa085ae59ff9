"""Mutated files (JSON values replaced or removed, JSON text bytes changed, zip bytes
flipped) load fine or raise GraphFormatError: never another exception, never a hang."""
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import graphflow as tf
from graphflow.errors import GraphFormatError

import saved_programs as programs
from savefile_tools import read_parts, write_parts

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) |
    st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8) |
    st.sampled_from(["float32", "int32", "bool", "resource", "Const", "Placeholder", "Pow",
                     "StatelessWhile", "a0", "tuple", "graph", "array"]),
    lambda inner: st.lists(inner, max_size=3) |
    st.dictionaries(st.sampled_from(["tuple", "list", "dtype", "array", "graph", "spec",
                                     "strings", "output", "scalar", "name"]),
                    inner, max_size=2),
    max_leaves=6)


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    d = tmp_path_factory.mktemp("fuzz")
    programs.collatz(tf.constant(5))
    programs.labelled(tf.constant([1.0, 2.0]), 3.0)
    model = programs.MLP()
    x, y = programs.regression_data()
    model.step(x, y, True)
    files = {}
    for name, fn in (("collatz", programs.collatz), ("labelled", programs.labelled),
                     ("mlp", model.step)):
        path = str(d / (name + ".gf"))
        tf.save(fn, path)
        files[name] = read_parts(path) + (open(path, "rb").read(),)
    return files


def _locations(value, out):
    """Every (container, key) in a JSON document."""
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((value, k))
            _locations(v, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.append((value, i))
            _locations(v, out)
    return out


def _load_only_format_errors(path):
    try:
        tf.load(path)
    except GraphFormatError:
        pass


@pytest.mark.timeout(60)
@SETTINGS
@given(which=st.sampled_from(["collatz", "labelled", "mlp"]), data=st.data())
def test_mutated_json_values(originals, tmp_path, which, data):
    doc, npz, _ = originals[which]
    doc = json.loads(json.dumps(doc))
    places = _locations(doc, [])
    for _ in range(data.draw(st.integers(1, 3))):
        container, key = places[data.draw(st.integers(0, len(places) - 1))]
        if isinstance(container, list) and key >= len(container):
            continue                       # an earlier deletion shortened this list
        if data.draw(st.booleans()):
            container[key] = data.draw(JSON_VALUES)
        elif isinstance(container, dict):
            container.pop(key, None)
        else:
            del container[key]
    path = str(tmp_path / "mutated.gf")
    write_parts(path, doc, npz)
    _load_only_format_errors(path)


@pytest.mark.timeout(60)
@SETTINGS
@given(which=st.sampled_from(["collatz", "mlp"]), data=st.data())
def test_mutated_json_text(originals, tmp_path, which, data):
    doc, npz, _ = originals[which]
    text = bytearray(json.dumps(doc).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text) - 1))
        text[at] = data.draw(st.sampled_from(b'0123456789[]{},:"-.eanrtufl \\x'))
    path = str(tmp_path / "mutated.gf")
    write_parts(path, None, npz, json_text=bytes(text))
    _load_only_format_errors(path)


@pytest.mark.timeout(60)
@SETTINGS
@given(which=st.sampled_from(["collatz", "mlp"]), data=st.data())
def test_flipped_and_cut_file_bytes(originals, tmp_path, which, data):
    raw = bytearray(originals[which][2])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    path = tmp_path / "mutated.gf"
    path.write_bytes(bytes(raw))
    _load_only_format_errors(str(path))
