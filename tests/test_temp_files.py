"""The app's files on disk, as `python app.py` runs: each download written once (into Gradio's cache, which serves a
file already there as it is), every upload, result and download deleted when the app stops (SIGTERM or Ctrl-C), and a
full disk that does not stay full."""
import signal
from pathlib import Path

import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from depth_core.inference.registry import load_registry

from .conftest import PHOTO, launch_app

LABEL = next(iter(load_registry().values())).label


def _files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def _client(url: str, folder: Path) -> Client:
    return Client(url, verbose=False, ssl_verify=False, download_files=str(folder))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_downloads_are_written_once_and_all_go_when_the_app_stops(tmp_path, stop):
    cache = tmp_path / "cache"
    cache.mkdir()
    proc, url = launch_app({"HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": str(cache), "TMPDIR": str(tmp_path)})
    try:
        own = _files(cache)  # the app's own images (gallery thumbnails), which Gradio keeps
        client = _client(url, tmp_path / "client")
        client.predict(handle_file(str(PHOTO)), LABEL, "turbo", api_name="/depth")
        paths = [path for path in client.predict(handle_file(str(PHOTO)), LABEL, "turbo", 60, "",
                                                 api_name="/downloads") if path]
        written = [path.name for path in _files(cache) - own]
        assert len(paths) == 4 and all(written.count(Path(path).name) == 1 for path in paths)  # no second copy
        assert not (tmp_path / "depth_core_downloads").exists()  # nor a folder of its own outside the cache
        client.close()
    finally:
        proc.send_signal(stop)
        proc.wait(60)
    assert proc.returncode == 0
    assert _files(cache) <= own  # every upload, result and download is gone


def test_a_full_disk_fails_one_download_and_later_requests_still_work(tmp_path):
    """Files over 1 MB cannot be written (RLIMIT_FSIZE, set in the app's process at start-up): the 640x480 photo's
    1.2 MB .npy fails, the user is told, nothing of it stays on the disk, and the next photo still gets its depth."""
    cache, startup = tmp_path / "cache", tmp_path / "startup"
    cache.mkdir()
    startup.mkdir()
    (startup / "sitecustomize.py").write_text(
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, as ENOSPC would\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))\n")
    proc, url = launch_app({"HF_HUB_OFFLINE": "1", "GRADIO_TEMP_DIR": str(cache), "TMPDIR": str(tmp_path),
                            "PYTHONPATH": str(startup)})
    try:
        client = _client(url, tmp_path / "client")
        client.predict(handle_file(str(PHOTO)), LABEL, "turbo", api_name="/depth")
        with pytest.raises(AppError, match="could not store the result"):
            client.predict(handle_file(str(PHOTO)), LABEL, "turbo", 60, "", api_name="/downloads")
        assert not [path for path in _files(cache) if "_depth_" in path.name or path.suffix == ".ply"]
        depth, _ = client.predict(handle_file(str(PHOTO)), LABEL, api_name="/predict")
        assert Path(depth).stat().st_size > 0
        client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
