"""What a clean install brings, what the Space pins, and what the code never does (unpickle)."""
import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import tomllib

import pytest

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())
SOURCES = [REPO / "app.py", REPO / "gallery.py", *(REPO / "depth_core").rglob("*.py"), *(REPO / "scripts").glob("*.py"),
           *(REPO / "space_config").glob("*.py"), *(REPO / "tests").rglob("*.py")]
# Third-party modules imported by a dependency only when called, so no import statement here shows them.
IMPORTED_INSIDE_DEPENDENCIES = {"sympy": "onnxruntime's quant_pre_process, called by depth_core/training/quantize.py"}


def _closure(requirements: list[str], extras: dict[str, list[str]]) -> set[str]:
    """Every distribution a fresh `pip install` of these requirements brings, following installed metadata."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name == "depth-core":  # the dev extra names the other extras of this package
            todo += [Requirement(r) for extra in req.extras for r in extras[extra]]
        elif name not in seen:
            seen.add(name)
            for dep in map(Requirement, importlib.metadata.requires(req.name) or []):
                if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in req.extras or {""}):
                    todo.append(dep)
    return seen


def _top_level_imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_a_clean_dev_install_brings_every_module_the_code_imports():
    """`pip install -e ".[dev]"` in a new virtualenv must be enough (it lacked sympy: 12 errors)."""
    project = PYPROJECT["project"]
    installed = _closure(project["dependencies"] + ["depth-core[dev]"], project["optional-dependencies"])
    local = {"app", "gallery", "depth_core", "tests", "conftest", "hub_server", "corpus", "tiny", "sync_readme",
             "load_test", "app_server", "app_bench"}
    modules = set().union(*map(_top_level_imports, SOURCES)) | set(IMPORTED_INSIDE_DEPENDENCIES)
    third_party = sorted(m for m in modules - local - set(sys.stdlib_module_names) if m != "__future__")
    providers = importlib.metadata.packages_distributions()
    missing = [m for m in third_party if not {canonicalize_name(d) for d in providers.get(m, [])} & installed]
    assert not missing, f"imported but not brought by depth-core[dev]: {missing}"


def test_the_space_and_the_extras_pin_exact_versions():
    lines = [line for line in (REPO / "requirements.txt").read_text().splitlines() if line and line[0] != "#"]
    assert lines and all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line) for line in lines), lines
    for extra, requirements in PYPROJECT["project"]["optional-dependencies"].items():
        for requirement in map(Requirement, requirements):
            if requirement.name != "depth-core":
                assert str(requirement.specifier).startswith("=="), f"{extra}: {requirement} is not pinned"


def test_the_app_pins_the_same_gradio_as_the_extras():
    app_extra = {Requirement(r).name: str(Requirement(r).specifier)
                 for r in PYPROJECT["project"]["optional-dependencies"]["app"]}
    space = dict(line.split("==") for line in (REPO / "requirements.txt").read_text().split() if "==" in line)
    assert app_extra["gradio"] == f"=={space['gradio']}"


def test_nothing_is_ever_unpickled():
    """Weights are ONNX, depth files are written, never loaded with pickle: a pickled .npy can run code."""
    unsafe = re.compile(r"allow_pickle\s*=\s*True|^\s*import (c?pickle|joblib|dill)\b|pickle\.loads?\(|torch\.load\(",
                        re.M)
    offenders = [str(p.relative_to(REPO)) for p in SOURCES if p.name != "test_packaging.py"
                 and unsafe.search(p.read_text())]
    assert not offenders


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys, depth_core; heavy = {'numpy', 'onnxruntime', 'PIL', 'keras', 'gradio'} & set(sys.modules); "
            "assert not heavy, heavy; assert callable(depth_core.get_estimator); assert 'numpy' in sys.modules")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_the_package_never_reaches_into_the_checkout():
    """Nothing under depth_core/ may find files relative to the repository (a wheel has no repository)."""
    offenders = [str(p.relative_to(REPO)) for p in (REPO / "depth_core").rglob("*.py") if "__file__" in p.read_text()]
    assert not offenders


@pytest.mark.slow
def test_a_wheel_install_predicts_outside_the_checkout(tmp_path, photo):
    """Built and installed as a wheel, run from another folder: bundled weights, the registry and the CLI all work."""
    import shutil

    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(REPO / "depth_core", source / "depth_core", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(source)], check=True)
    wheel = next((tmp_path / "dist").glob("depth_core-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(tmp_path / "site"),
                    str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    env.pop("DEPTH_CORE_REGISTRY", None)
    out = subprocess.run([sys.executable, "-m", "depth_core", "predict", str(photo), "-o", str(tmp_path / "out"),
                          "--quiet", "--ply"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert "1 depth maps" in out.stdout
    assert {p.name for p in (tmp_path / "out").iterdir()} == {f"{photo.stem}_depth.png", f"{photo.stem}_points.ply"}
    where = subprocess.run([sys.executable, "-c", "import depth_core; print(depth_core.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(tmp_path / "site"))
