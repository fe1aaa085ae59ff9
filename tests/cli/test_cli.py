"""The `graphflow` command, run as `python -m graphflow` in a subprocess."""
import json
import os
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

import graphflow as tf
from graphflow.cli.main import main

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "cli_programs.py")
HAS_DOT = shutil.which("dot") is not None


def gf(*argv, env=None):
    """(exit status, stdout, stderr) of `python -m graphflow argv...`."""
    proc = subprocess.run([sys.executable, "-m", "graphflow"] + list(argv),
                          capture_output=True, text=True, timeout=60, env=env, cwd=HERE)
    return proc.returncode, proc.stdout, proc.stderr


def target(name):
    return "%s:%s" % (PROGRAMS, name)


def test_help_for_every_subcommand(capsys):
    code, out, _ = gf("--help")
    assert code == 0
    for command in ("dump", "viz", "code", "passes", "run"):
        assert command in out
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: graphflow %s" % command in capsys.readouterr().out


def test_dump_formats():
    code, out, err = gf("dump", target("cube"), "--arg", "float32[]")
    assert code == 0, err
    assert out.splitlines() == [
        "graph cube(%x: float32[]) -> (float32[]) {",
        "  %Const = Const[value=3.0] : float32[]",
        "  %Pow = Pow(%x, %Const) : float32[]",
        "  return (%Pow)",
        "}"]
    code, out, err = gf("dump", target("cube"), "--arg", "int32[2,None]", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert [n["op"] for n in doc["nodes"]] == ["Placeholder", "Const", "Pow"]
    assert doc["nodes"][0]["outputs"] == [["int32", [2, None]]]
    code, out, err = gf("dump", target("cube"), "--arg", "x=float32[3]", "--format", "dot")
    assert code == 0, err
    assert out.startswith('digraph "cube" {') and "Pow\\nfloat32[3]" in out


def test_dump_unoptimized_and_plain_functions_and_literals():
    code, out, err = gf("dump", target("with_signature"))
    assert code == 0, err
    optimized = out
    code, out, err = gf("dump", target("with_signature"), "--no-optimize")
    assert code == 0, err
    assert out.count("= Mul(") == 2 and optimized.count("= Mul(") == 1   # 2.0 * 3.0 folded
    code, out, err = gf("dump", target("plain_huber"), "--arg", "float32[None]",
                        "--arg", "[1.0, 2.0]")
    assert code == 0, err
    assert "graph plain_huber(%y_true: float32[None]) -> (float32[2])" in out
    assert "Select" in out
    code, out, err = gf("dump", "cli_programs:countdown", "--arg", "int32[]", "--arg", "2.0")
    assert code == 0, err
    assert "While" in out and ".body_graph" in out and "If.then_graph" in out


def test_code_prints_generated_code():
    code, out, err = gf("code", target("cube"), "--lowered", "--arg", "float32[]")
    assert code == 0, err
    assert "def " in out
    code, out, err = gf("code", target("countdown"))
    assert code in (0, 1)
    if code == 0:
        assert "def " in out
    else:
        assert len(err.strip().splitlines()) == 1 and "to_code" in err


def test_passes_shows_stats_diffs_and_graphs():
    code, out, err = gf("passes", target("with_signature"))
    assert code == 0, err
    assert out.startswith("== input graph")
    assert "constant_folding" in out and "-  %Mul = Mul(%Const, %Const_1)" in out
    assert "== pass 1:" in out and "changes:" in out
    assert "--- before" in out and "+++ after" in out
    assert "== summary (ConcreteFunction.optimization_report())" in out
    assert "== final graph" in out


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz dot is not installed")
def test_viz_writes_svg_png_and_html(tmp_path):
    for ext, magic in (("svg", b"<svg"), ("png", b"\x89PNG"), ("html", b"<!DOCTYPE html>")):
        out_file = str(tmp_path / ("g." + ext))
        code, out, err = gf("viz", target("countdown"), "--arg", "int32[]", "--arg", "2.0",
                            "-o", out_file)
        assert code == 0, err
        data = open(out_file, "rb").read()
        assert magic in data[:400]
        if ext != "png":
            text = data.decode()
            assert "StatelessWhile" in text or "While" in text
            assert "cluster" in text and "int32[]" in text
    html = open(str(tmp_path / "g.html")).read()
    assert "<script src" not in html and "<link" not in html and "<svg" in html


def test_viz_without_graphviz_says_how_to_install(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))      # no `dot` on this PATH
    code, out, err = gf("viz", target("cube"), "--arg", "float32[]", "-o",
                        str(tmp_path / "g.svg"), env=env)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "install Graphviz" in err
    assert not (tmp_path / "g.svg").exists()


def test_run_a_saved_function(tmp_path):
    import cli_programs
    cli_programs.countdown(tf.constant(3), 2.0)
    path = str(tmp_path / "countdown.gf")
    tf.save(cli_programs.countdown, path)
    want = cli_programs.countdown(tf.constant(5), 2.0).numpy()
    code, out, err = gf("run", path, "--input", "n=5", "--input", "scale=2.0")
    assert code == 0, err
    assert float(out) == want
    np.save(str(tmp_path / "x.npy"), np.array([1.0, 2.5], np.float32))
    cli_programs.with_signature(np.zeros(1, np.float32))
    tf.save(cli_programs.with_signature, str(tmp_path / "sig.gf"))
    code, out, err = gf("run", str(tmp_path / "sig.gf"), "--input", "x=@%s" % (tmp_path / "x.npy"))
    assert code == 0, err
    assert float(out) == 21.0
    code, out, err = gf("run", str(tmp_path / "sig.gf"), "--input", "[1, 2, 3]")
    assert code == 0, err
    assert float(out) == 36.0


def test_dump_and_viz_a_saved_file(tmp_path):
    import cli_programs
    cli_programs.cube(tf.constant(1.0))
    cli_programs.cube(tf.constant([1, 2]))
    path = str(tmp_path / "cube.gf")
    tf.save(cli_programs.cube, path)
    code, out, err = gf("dump", path, "--arg", "int32[2]")
    assert code == 0, err
    assert out.startswith("graph cube(%x: int32[2]) -> (int32[2])")
    if HAS_DOT:
        code, out, err = gf("viz", path, "-o", str(tmp_path / "cube.svg"))
        assert code == 0, err
        assert "Pow" in (tmp_path / "cube.svg").read_text()


SUBPROCESS_BAD_INPUTS = [
    (["dump", "no_such_module_xyz:f", "--arg", "5"], "cannot import module"),
    (["dump", PROGRAMS + ":missing", "--arg", "5"], "has no function 'missing'"),
    (["dump", PROGRAMS + ":cube", "--arg", "flaot32[3]"], "unknown dtype 'flaot32'"),
    (["run", "no_such_file.gf"], "cannot load"),
]
IN_PROCESS_BAD_INPUTS = [
    (["dump", "no/such/file.py:f"], "no such file"),
    (["dump", "cube_without_colon"], "bad target"),
    (["dump", PROGRAMS + ":not_a_function"], "not a function"),
    (["dump", PROGRAMS + ":cube", "--arg", "float32[3,x]"], "dimension 'x'"),
    (["dump", PROGRAMS + ":cube", "--arg", "[1, 2"], "bad argument spec"),
    (["dump", PROGRAMS + ":cube"], "missing a required argument"),
    (["dump", PROGRAMS + ":cube", "--arg", "1", "--arg", "2"], "too many"),
    (["passes", PROGRAMS + ":cube", "--arg", "x=1", "--arg", "x=2"], "given twice"),
    (["viz", PROGRAMS + ":cube", "--arg", "float32[]", "-o", "graph.jpg"], "bad output file"),
    (["run", PROGRAMS], "cannot load"),
]


def _ids(cases):
    return [m for _, m in cases]


@pytest.mark.parametrize("argv,message", SUBPROCESS_BAD_INPUTS,
                         ids=_ids(SUBPROCESS_BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(argv, message):
    code, out, err = gf(*argv)
    assert code == 2
    assert "Traceback" not in err and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert message in err


@pytest.mark.parametrize("argv,message", IN_PROCESS_BAD_INPUTS,
                         ids=_ids(IN_PROCESS_BAD_INPUTS))
def test_more_bad_inputs_in_process(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert message in err


def test_tracing_failure_exits_1_without_traceback():
    code, out, err = gf("dump", target("broken"), "--arg", "float32[]")
    assert code == 1
    assert "Traceback" not in err and "tracing broken failed" in err


def test_console_script_is_declared():
    tomllib = pytest.importorskip("tomllib")
    with open(os.path.join(HERE, "..", "..", "pyproject.toml"), "rb") as f:
        scripts = tomllib.load(f)["project"]["scripts"]
    assert scripts == {"graphflow": "graphflow.cli.main:main"}


def test_run_rejects_a_damaged_file(tmp_path):
    bad = tmp_path / "bad.gf"
    with zipfile.ZipFile(str(bad), "w") as z:
        z.writestr("graphflow.json", "{}")
        z.writestr("arrays.npz", b"")
    code, out, err = gf("run", str(bad))
    assert code == 2 and "Traceback" not in err and "arrays.npz is not a valid npz" in err
