from depth_core.evaluation.bench import STAGES, bench_estimator, markdown
from depth_core.inference.pipeline import get_estimator
from depth_core.inference.registry import load_registry


def test_bench_times_every_stage_and_writes_a_table(photo):
    name = next(iter(load_registry()))
    result = bench_estimator(name, lambda: get_estimator(name), photo.read_bytes(), runs=3, warmup=1)
    assert set(result.stages_ms) == set(STAGES)
    assert all(len(v) == 3 for v in result.stages_ms.values())
    total = result.p("total", 50)
    assert total >= result.p("model", 50) > 0
    table = markdown([result, result], references=[name])
    assert table.count("\n") == 3 and "| 1.0x |" in table
    assert "| - |" in markdown([result])


def test_app_bench_measures_cold_start_round_trips_and_memory(photo):
    from ..conftest import app_bench

    labels = [spec.label for spec in load_registry().values()]
    result = app_bench.bench_app(photo, labels, runs=2, endpoints=True)
    assert 0 < result.cold_start_s < 120 and 50 < result.rss_mb < 4000
    called = {name.split()[0] for name in result.endpoint_ms}
    assert called == {"/predict", "/depth", "/downloads", "/view3d", "/check", "/live", "/video"}
    assert all(len(times) == 2 and min(times) > 0 for times in result.endpoint_ms.values())
    assert "| `/depth Both` | 2 |" in result.endpoints_markdown() and "load average" in result.endpoints_markdown()
    assert len(result.load) == 2 and all(load == load for load in result.load)  # measured, not the NaN default
    assert {setting for _, setting in result.round_trip_ms} == {"defaults", "ssl_verify=False"}
    for times in result.round_trip_ms.values():
        assert len(times) == 2 and min(times) > 0
    assert "API round trip p50" in result.markdown() and "Cold start" in result.markdown()


def test_a_phone_sized_jpeg_is_made_in_memory_from_any_photo(photo):
    import io

    from PIL import Image

    from depth_core.evaluation.bench import photo_bytes

    assert photo_bytes(photo) == photo.read_bytes()
    data = photo_bytes(photo, (1200, 900))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and image.size == (1200, 900)
    assert photo_bytes(photo, (1200, 900)) == data  # the same grain every time: runs compare
