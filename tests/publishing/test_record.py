"""The release record: what training writes and every reader (card, push, registry, reports) reads back."""
from depth_core.publishing.record import ReleaseRecord

from ..tiny import tiny_release


def test_release_record_round_trips_through_json(tmp_path):
    record = tiny_release(tmp_path)
    again = ReleaseRecord.load(tmp_path)
    assert again == record and again.variants["int8"].mean_skill == record.variants["int8"].mean_skill
    spec = again.spec("int8")
    assert spec.file == "mobilenetv2_fastdepth_int8.onnx" and spec.eval_data == ("office", "rooms")
    assert "trained on `kitchen` at 96x96, exported at 64x64" in spec.provenance
