"""`graphflow`: inspect, draw and run compiled functions from the shell.

    graphflow dump examples/demo.py:cube --arg 'float32[]'
    graphflow viz examples/demo.py:sum_squares --arg 'int32[]' -o sum_squares.svg
    graphflow code examples/demo.py:sum_squares
    graphflow passes examples/demo.py:cube --arg 'float32[3]'
    graphflow run model.gf --input x='[1.0, 2.0]'

Exit status: 0 on success, 1 when the command could not do its job (tracing failed,
Graphviz missing...), 2 for bad command-line input (target, argument spec, file).
"""
import argparse
import sys

from graphflow.cli import commands
from graphflow.cli.argspec import UsageError

TARGET_HELP = ("the function: package.module:function or path/to/file.py:function "
               "(a graphflow.function or a plain Python function); dump and viz also "
               "accept a file written by graphflow.save")
ARG_HELP = ("one argument of the function, in order (repeat the option): a tensor spec "
            "such as float32[3,None] or int32[], or a Python literal such as 5 or [1, 2]; "
            "prefix with NAME= to pass it by keyword")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="graphflow", description="Trace, inspect, draw and run graphflow functions.",
        epilog="Run 'graphflow COMMAND --help' for a command's options.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def command(name, handler, help_text, traced=True):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        if traced:
            p.add_argument("target", metavar="TARGET", help=TARGET_HELP)
            p.add_argument("--arg", action="append", metavar="SPEC", help=ARG_HELP)
        return p

    p = command("dump", commands.dump, "Trace the function for the given arguments and print "
                "its graph.")
    p.add_argument("--format", choices=("text", "json", "dot"), default="text",
                   help="text (the jaxpr-like listing, default), json or Graphviz dot")
    p.add_argument("--no-optimize", action="store_true",
                   help="show the graph as traced, before the optimization passes")

    p = command("viz", commands.viz, "Draw the graph with Graphviz (Cond/While subgraphs "
                "as clusters; labels show op, dtype and shape).")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="picture to write: .svg, .png or .html (one self-contained page)")
    p.add_argument("--no-optimize", action="store_true",
                   help="draw the graph as traced, before the optimization passes")

    p = command("code", commands.code, "Print AutoGraph's generated code for the function, "
                "or with --lowered the executor's generated code for its graph.")
    p.add_argument("--lowered", action="store_true",
                   help="print the Python code the executor generates for the traced graph "
                   "(needs --arg specs)")

    command("passes", commands.passes, "Run the optimization passes one by one, showing "
            "each pass's statistics, a diff of what it changed and the graph after it.")

    p = command("run", commands.run, "Run a function saved with graphflow.save.",
                traced=False)
    p.add_argument("file", metavar="FILE", help="a file written by graphflow.save")
    p.add_argument("--input", action="append", metavar="NAME=VALUE",
                   help="an argument: NAME=VALUE with a Python literal VALUE (lists become "
                   "arrays) or @array.npy; repeat for each argument (NAME= may be omitted "
                   "to pass positionally)")
    return parser


def main(argv=None):
    """Entry point of the `graphflow` console script; returns the exit status."""
    parser = build_parser()
    opts = parser.parse_args(argv)
    try:
        text = opts.handler(opts)
    except UsageError as e:
        print("graphflow %s: error: %s" % (opts.command, e), file=sys.stderr)
        return 2
    except commands.CommandError as e:
        print("graphflow %s: %s" % (opts.command, e), file=sys.stderr)
        return 1
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
