"""List the registered models and where their weights come from."""
from __future__ import annotations


def add_arguments(p) -> None:
    p.add_argument("--offline", action="store_true", help="do not try the Hugging Face Hub")


def run(args) -> None:
    from ..inference.registry import load_registry
    from ..inference.weights import resolve_weights

    for spec in load_registry().values():
        resolved = resolve_weights(spec, use_hub=not args.offline)
        print(f"{spec.name:12s} {spec.label:12s} {spec.encoder}+{spec.decoder}  {resolved.path}  "
              f"[{resolved.describe()}]")
