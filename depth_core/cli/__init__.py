"""``depth-core`` (or ``python -m depth_core``): one command line, one module per command.

Each command module has a docstring (its help), ``add_arguments(parser)`` and ``run(args)``. Inference commands
need only the base install; training commands import Keras when they run, never when the parser is built.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from ..errors import DepthCoreError

COMMANDS = ("models", "predict", "eval", "bench",  # inference and evaluation
            "synthetic", "tum", "train", "release", "refresh", "select", "report", "macs",
            "reference",  # training
            "push")  # publishing


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="depth-core", description="Monocular depth on the CPU.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"{__name__}.{name}")
        doc = module.__doc__.strip()
        summary = " ".join(doc.split("\n\n")[0].split()).split(": ")[0].split(". ")[0].rstrip(".")
        p = sub.add_parser(name, help=summary, description=doc,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except (DepthCoreError, FileNotFoundError, KeyError) as err:
        message = err.args[0] if isinstance(err, KeyError) else err
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
