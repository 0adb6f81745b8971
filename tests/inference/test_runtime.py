"""One session factory: exact int8 on every x86 CPU, and the CPU named wherever numbers are recorded."""
import numpy as np
import pytest

from depth_core.inference.images import load_image
from depth_core.inference.processing import to_model_input
from depth_core.inference.registry import load_registry
from depth_core.inference.runtime import INT8_FEATURES, cpu_description, create_session, get_session
from tests.conftest import REPO

PHOTOS = sorted((REPO / "examples" / "photos").glob("*.jpg"))[:6]


@pytest.mark.parametrize("flags, saturating", [({"avx2"}, True), ({"avx2", "avx512f"}, True),
                                                ({"avx2", "avx512f", "avx512_vnni"}, False), ({"avx2", "avx_vnni"}, False)])
def test_sessions_use_u8_kernels_exactly_where_the_default_ones_saturate(monkeypatch, flags, saturating):
    """Without VNNI, ONNX Runtime's default u8 x s8 kernels add products in a saturating int16; with it, the u8 x u8
    ones would only be slower."""
    from depth_core.inference import runtime

    monkeypatch.setattr(runtime, "_cpu", lambda: ("a CPU", frozenset(flags)))
    monkeypatch.setattr(runtime.platform, "machine", lambda: "x86_64")
    assert runtime.int8_may_saturate() is saturating
    spec = next(iter(load_registry().values()))
    options = create_session(spec.bundled_path).get_session_options()
    if saturating:
        assert options.get_session_config_entry("session.x64quantprecision") == "1"
    else:  # never set: VNNI keeps ONNX Runtime's faster default kernels
        with pytest.raises(RuntimeError, match="does not have configuration"):
            options.get_session_config_entry("session.x64quantprecision")
    monkeypatch.setattr(runtime.platform, "machine", lambda: "arm64")  # the option is x86's
    assert not runtime.int8_may_saturate()


def test_exact_sessions_are_unoptimised_and_cached_apart():
    import onnxruntime as ort

    path = next(iter(load_registry().values())).bundled_path
    exact = get_session(path, exact=True)
    assert exact.get_session_options().graph_optimization_level == ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    assert get_session(path) is not exact and get_session(path, exact=True) is exact


@pytest.mark.parametrize("name", list(load_registry()))
def test_optimised_and_exact_int8_agree_on_real_photos(name):
    """The fused int8 graph computes what the QDQ graph says (9 % apart on an AVX2 CPU with the default kernels)."""
    spec = load_registry()[name]
    batch = np.concatenate([to_model_input(load_image(p), spec.input_size) for p in PHOTOS])
    fast, exact = (get_session(spec.bundled_path, exact=e) for e in (False, True))
    ours, reference = (s.run(None, {s.get_inputs()[0].name: batch})[0] for s in (fast, exact))
    assert float(np.mean(np.abs(ours - reference) / reference)) < 0.015, cpu_description()


def test_the_cpu_is_named_with_its_int8_features():
    text = cpu_description()
    assert text.endswith(")") and "(" in text
    named = text[text.rindex("(") + 1:-1].split(", ")
    assert named == ["no avx2"] or set(named) <= set(INT8_FEATURES)
