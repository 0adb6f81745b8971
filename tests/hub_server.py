"""A test double for the Hugging Face Hub's HTTP API, served from 127.0.0.1 (standard library only).

It speaks just enough of the Hub protocol for the *real* ``huggingface_hub`` client (2.x, with
``HF_HUB_DISABLE_XET=1`` so uploads take the classic LFS route) to push and pull against it:

* ``POST /api/repos/create``, ``DELETE /api/repos/delete``, ``POST /api/validate-yaml`` (always valid),
  ``GET /api/agent-harnesses`` (the client's best-effort telemetry registry; served empty)
* ``GET  /api/{models,datasets,spaces}/{ns}/{name}[/revision/{rev}]``   model_info / repo_info / space_info
* ``GET  /api/{type}s/{ns}/{name}/refs``                                 list_repo_refs
* ``GET  /api/{type}s/{ns}/{name}/tree/{rev}[/{path}]``                  list_repo_tree / list_repo_files
* ``POST /api/{type}s/{ns}/{name}/preupload/{rev}``                      regular or LFS upload mode per file
* ``POST /[{type}s/]{ns}/{name}.git/info/lfs/objects/batch``             LFS batch API (basic transfer)
* ``PUT  /__lfs/{sha256}`` and ``POST /__lfs/verify``                   LFS upload and verify actions
* ``POST /api/{type}s/{ns}/{name}/commit/{branch}``                      ndjson commit (file, lfsFile, deleted*)
* ``HEAD|GET /[{type}s/]{ns}/{name}/resolve/{rev}/{path}``              hf_hub_download

Files of 1 MB or more, and ``.onnx`` files, are LFS; the rest are regular git blobs. Every commit gets a
fresh 40-hex sha and the whole history is kept in memory, so old revisions stay downloadable; ``main`` (the
only branch) points at the latest commit. Downloads are served directly (no redirect to a CDN) with the
headers ``hf_hub_download`` builds its cache from: X-Repo-Commit, ETag (sha256 for LFS files, git blob id
otherwise), X-Linked-Etag / X-Linked-Size for LFS files, Content-Length; errors carry X-Error-Code
(RepoNotFound, RevisionNotFound, EntryNotFound) so the client raises its usual exceptions. Repo ids must be
``namespace/name``. Tokens are not checked, but every request is logged in ``requests`` with its
Authorization header. Not supported: Xet, multipart LFS, pull requests, tags, pagination.
It lives in tests/, not in the package.

    with HubServer() as hub:                  # 127.0.0.1; port=0 (default) picks a free one; daemon thread
        hub.url, hub.port, hub.repos          # repos: {(repo_type, repo_id): {"branches", "commits", ...}}
        hub.tamper(repo_id, filename, b"..")  # serve other bytes under the same ETag at every revision
        hub.tamper(repo_id, filename, None)   # ... and serve the genuine bytes again
"""
import base64
import hashlib
import itertools
import json
import socket
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

LFS_THRESHOLD = 1_000_000
TYPES = {"models": "model", "datasets": "dataset", "spaces": "space"}  # /api/{plural}/...
PREFIXES = {"datasets": "dataset", "spaces": "space"}  # /{prefix}/{repo_id}/resolve/...
GITATTRIBUTES = b"".join(b"*.%s filter=lfs diff=lfs merge=lfs -text\n" % e for e in
                         (b"onnx", b"bin", b"h5", b"keras", b"pt", b"pth", b"safetensors", b"tflite", b"zip"))


class HubError(Exception):
    def __init__(self, status, message, code=None, headers=None, extra=None):
        super().__init__(message)
        self.status, self.code, self.headers, self.extra = status, code, headers or {}, extra or {}


def _now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _entry(data: bytes, lfs: bool) -> dict:
    """A file in a commit: its bytes, its git blob id (of the LFS pointer for LFS files), its sha256, and the
    ETag the Hub serves it under (the sha256 for LFS files, the git blob id otherwise)."""
    sha256 = hashlib.sha256(data).hexdigest()
    pointer = f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {len(data)}\n".encode()
    blob = pointer if lfs else data
    blob_id = hashlib.sha1(b"blob %d\0" % len(blob) + blob).hexdigest()
    return {"data": data, "size": len(data), "lfs": lfs, "sha256": sha256, "blob_id": blob_id,
            "etag": sha256 if lfs else blob_id, "pointer_size": len(pointer) if lfs else None}


class HubServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.host, self.port = host, port
        self.repos: dict = {}        # (repo_type, repo_id) -> {"sdk", "created", "branches", "commits"}
        self.lfs_objects: dict = {}  # sha256 -> bytes (shared by all repos, as a content-addressed store)
        self.tampered: dict = {}     # (repo_type, repo_id, filename) -> bytes served instead
        self.requests: list = []     # (method, path, Authorization header or None)
        self.lock = threading.RLock()
        self._counter = itertools.count()
        self._httpd = self._thread = None
        self._connections = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> "HubServer":
        self._httpd = ThreadingHTTPServer((self.host, self.port), _Handler)
        self._httpd.hub = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True, name="hub-server")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            for conn in list(self._connections):  # idle keep-alive connections
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def tamper(self, repo_id: str, filename: str, data: bytes | None, repo_type: str = "model") -> None:
        """Serve `data` for `filename` at every revision, under the genuine ETag; `None` restores the file."""
        with self.lock:
            if data is None:
                self.tampered.pop((repo_type, repo_id, filename), None)
            else:
                self.tampered[(repo_type, repo_id, filename)] = data

    # -- state helpers ------------------------------------------------------------------------------------
    def _repo(self, repo_type, repo_id) -> dict:
        repo = self.repos.get((repo_type, repo_id))
        if repo is None:
            raise HubError(404, f"Repository {repo_type}/{repo_id} not found", "RepoNotFound")
        return repo

    def _resolve(self, repo, revision) -> str:
        sha = repo["branches"].get(revision) or (revision if revision in repo["commits"] else None)
        if sha is None:
            raise HubError(404, f"Invalid rev id: {revision}", "RevisionNotFound")
        return sha

    def _repo_url(self, repo_type, repo_id) -> str:
        return f"{self.url}/{'' if repo_type == 'model' else repo_type + 's/'}{repo_id}"

    def _commit(self, repo, branch, files, message, parent) -> str:
        sha = hashlib.sha1(json.dumps([parent, message, sorted((p, e["blob_id"]) for p, e in files.items()),
                                       next(self._counter)]).encode()).hexdigest()
        repo["commits"][sha] = {"oid": sha, "parent": parent, "message": message, "date": _now(), "files": files}
        repo["branches"][branch] = sha
        return sha

    # -- endpoints ----------------------------------------------------------------------------------------
    def create_repo(self, body):
        if not body.get("organization"):
            raise HubError(400, "the test Hub needs repo ids of the form namespace/name")
        repo_type, repo_id = body.get("type") or "model", f"{body['organization']}/{body['name']}"
        url = self._repo_url(repo_type, repo_id)
        if (repo_type, repo_id) in self.repos:
            raise HubError(409, f"You already created this {repo_type} repo", extra={"url": url})
        repo = self.repos[(repo_type, repo_id)] = {"sdk": body.get("sdk"), "created": _now(), "branches": {},
                                                   "commits": {}, "private": body.get("visibility") == "private"}
        self._commit(repo, "main", {".gitattributes": _entry(GITATTRIBUTES, False)}, "initial commit", None)
        return 200, {"url": url, "name": repo_id, "id": repo_id}

    def delete_repo(self, body):
        key = (body.get("type") or "model", f"{body['organization']}/{body['name']}")
        self._repo(*key)
        del self.repos[key]
        return 200, {}

    def repo_info(self, repo_type, repo_id, revision):
        repo = self._repo(repo_type, repo_id)
        commit = repo["commits"][self._resolve(repo, revision)]
        siblings = [{"rfilename": p, "size": e["size"], "blobId": e["blob_id"],
                     **({"lfs": {"sha256": e["sha256"], "size": e["size"], "pointerSize": e["pointer_size"]}}
                        if e["lfs"] else {})} for p, e in sorted(commit["files"].items())]
        info = {"id": repo_id, "author": repo_id.split("/")[0], "sha": commit["oid"], "private": repo["private"],
                "lastModified": commit["date"], "createdAt": repo["created"], "disabled": False, "gated": False,
                "tags": [], "likes": 0, "downloads": 0, "siblings": siblings}
        return 200, {**info, "sdk": repo["sdk"]} if repo_type == "space" else info

    def refs(self, repo_type, repo_id):
        repo = self._repo(repo_type, repo_id)
        branches = [{"name": b, "ref": f"refs/heads/{b}", "targetCommit": sha} for b, sha in repo["branches"].items()]
        return 200, {"branches": branches, "converts": [], "tags": [], "pullRequests": []}

    def tree(self, repo_type, repo_id, revision, path, recursive):
        repo = self._repo(repo_type, repo_id)
        files = repo["commits"][self._resolve(repo, revision)]["files"]
        prefix, out, folders = f"{path}/" if path else "", [], set()
        for p, e in sorted(files.items()):
            if not p.startswith(prefix):
                continue
            rest = p[len(prefix):]
            if "/" in rest and not recursive:
                folders.add(prefix + rest.split("/")[0])
                continue
            if recursive:
                folders.update(prefix + "/".join(rest.split("/")[:i]) for i in range(1, rest.count("/") + 1))
            out.append({"type": "file", "path": p, "oid": e["blob_id"], "size": e["size"],
                        **({"lfs": {"oid": e["sha256"], "size": e["size"], "pointerSize": e["pointer_size"]}}
                           if e["lfs"] else {})})
        if not out and not folders:
            raise HubError(404, f"{path} does not exist", "EntryNotFound")
        return 200, [{"type": "directory", "path": d, "oid": hashlib.sha1(d.encode()).hexdigest(), "size": 0}
                     for d in sorted(folders)] + out

    def preupload(self, repo_type, repo_id, revision, body):
        repo = self._repo(repo_type, repo_id)
        files = repo["commits"][repo["branches"][revision]]["files"] if revision in repo["branches"] else {}
        out = []
        for f in body["files"]:
            lfs = f["size"] >= LFS_THRESHOLD or f["path"].endswith(".onnx")
            old = files.get(f["path"])
            out.append({"path": f["path"], "uploadMode": "lfs" if lfs else "regular", "shouldIgnore": False,
                        "oid": (old["sha256"] if lfs else old["blob_id"]) if old else None})
        return 200, {"files": out}

    def lfs_batch(self, body):
        objects = []
        for obj in body["objects"]:
            oid, size = obj["oid"], obj["size"]
            if oid in self.lfs_objects and len(self.lfs_objects[oid]) == size:
                objects.append({"oid": oid, "size": size})  # already stored: no action => client skips upload
            else:
                objects.append({"oid": oid, "size": size, "authenticated": True, "actions": {
                    "upload": {"href": f"{self.url}/__lfs/{oid}", "header": {}},
                    "verify": {"href": f"{self.url}/__lfs/verify", "header": {}}}})
        return 200, {"transfer": "basic", "objects": objects}

    def lfs_put(self, oid, data):
        if hashlib.sha256(data).hexdigest() != oid:
            raise HubError(400, f"sha256 of uploaded content does not match {oid}")
        self.lfs_objects[oid] = data
        return 200, {}

    def lfs_verify(self, body):
        if body["oid"] not in self.lfs_objects or len(self.lfs_objects[body["oid"]]) != body["size"]:
            raise HubError(404, f"LFS object {body['oid']} not found")
        return 200, {"success": True}

    def commit(self, repo_type, repo_id, branch, raw, query):
        repo = self._repo(repo_type, repo_id)
        if query.get("create_pr"):
            raise HubError(400, "pull requests are not supported by the test Hub")
        if branch not in repo["branches"]:
            raise HubError(404, f"Invalid rev id: {branch}", "RevisionNotFound")
        head = repo["branches"][branch]
        files, message = dict(repo["commits"][head]["files"]), ""
        for item in (json.loads(line) for line in raw.splitlines() if line.strip()):
            key, value = item["key"], item["value"]
            if key == "header":
                message = value["summary"]
                if value.get("parentCommit") not in (None, head):
                    raise HubError(412, f"parent commit {value['parentCommit']} is not the head of {branch}")
            elif key == "file":
                files[value["path"]] = _entry(base64.b64decode(value["content"]), lfs=False)
            elif key == "lfsFile":
                if value["oid"] not in self.lfs_objects:
                    raise HubError(422, f"LFS pointer to a missing object {value['oid']} for {value['path']}")
                files[value["path"]] = _entry(self.lfs_objects[value["oid"]], lfs=True)
            elif key == "deletedFile":
                if files.pop(value["path"], None) is None:
                    raise HubError(404, f"A file with this name doesn't exist: {value['path']}", "EntryNotFound")
            elif key == "deletedFolder":
                files = {p: e for p, e in files.items() if not p.startswith(value["path"].rstrip("/") + "/")}
            else:
                raise HubError(400, f"unsupported commit operation {key!r}")
        sha = self._commit(repo, branch, files, message, head)
        return 200, {"success": True, "commitOid": sha, "pullRequestUrl": None, "hookOutput": "",
                     "commitUrl": f"{self._repo_url(repo_type, repo_id)}/commit/{sha}"}

    def resolve(self, repo_type, repo_id, revision, filename):
        """(data, headers) for HEAD/GET .../resolve/...: the headers hf_hub_download reads into the cache."""
        repo = self._repo(repo_type, repo_id)
        sha = self._resolve(repo, revision)
        entry = repo["commits"][sha]["files"].get(filename)
        if entry is None:
            raise HubError(404, f"{filename} not found at {sha}", "EntryNotFound", {"X-Repo-Commit": sha})
        data = self.tampered.get((repo_type, repo_id, filename), entry["data"])
        headers = {"X-Repo-Commit": sha, "ETag": f'"{entry["etag"]}"', "Content-Type": "application/octet-stream"}
        if entry["lfs"]:
            headers.update({"X-Linked-Etag": f'"{entry["sha256"]}"', "X-Linked-Size": str(len(data))})
        return data, headers


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 120

    def setup(self):
        super().setup()
        self.server.hub._connections.add(self.connection)

    def finish(self):
        self.server.hub._connections.discard(self.connection)
        super().finish()

    def log_message(self, *args):
        pass

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while (size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)) > 0:
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                pass
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _handle(self, method):
        hub = self.server.hub
        url = urlsplit(self.path)
        parts, query = [unquote(p) for p in url.path.strip("/").split("/")], parse_qs(url.query)
        raw = self._body() if method in ("POST", "PUT", "DELETE") else b""
        hub.requests.append((method, self.path, self.headers.get("Authorization")))
        try:
            with hub.lock:
                status, headers, data = self._dispatch(hub, method, parts, query, raw)
        except HubError as e:
            status, headers, data = e.status, e.headers, json.dumps({"error": str(e), **e.extra}).encode()
            headers.update({"Content-Type": "application/json",
                            "X-Error-Message": str(e).encode("latin-1", "replace").decode("latin-1")})
            if e.code:
                headers["X-Error-Code"] = e.code
        except Exception as e:  # noqa: BLE001 -- a bug in the double: report it to the client as a 500
            status, headers, data = 500, {"Content-Type": "application/json"}, json.dumps({"error": repr(e)}).encode()
        self.send_response(status)
        for key, value in {**headers, "Content-Length": str(len(data))}.items():
            self.send_header(key, value)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def _dispatch(self, hub, method, parts, query, raw):
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip()
        body = json.loads(raw) if raw and ctype in ("application/json", "application/vnd.git-lfs+json") else None
        result = None
        if method == "POST" and parts == ["api", "repos", "create"]:
            result = hub.create_repo(body)
        elif method == "DELETE" and parts == ["api", "repos", "delete"]:
            result = hub.delete_repo(body)
        elif method == "POST" and parts == ["api", "validate-yaml"]:
            result = 200, {"errors": [], "warnings": []}
        elif method == "GET" and parts == ["api", "agent-harnesses"]:  # client telemetry, best-effort
            result = 200, {"standardEnvVars": [], "harnesses": {}}
        elif parts[0] == "api" and len(parts) >= 4 and parts[1] in TYPES:
            repo_type, repo_id, rest = TYPES[parts[1]], "/".join(parts[2:4]), parts[4:]
            if method == "GET" and (not rest or (len(rest) == 2 and rest[0] == "revision")):
                result = hub.repo_info(repo_type, repo_id, rest[1] if rest else "main")
            elif method == "GET" and rest == ["refs"]:
                result = hub.refs(repo_type, repo_id)
            elif method == "GET" and rest[:1] == ["tree"] and len(rest) >= 2:
                recursive = query.get("recursive", ["False"])[0].lower() in ("true", "1")
                result = hub.tree(repo_type, repo_id, rest[1], "/".join(rest[2:]), recursive)
            elif method == "POST" and rest[:1] == ["preupload"] and len(rest) == 2:
                result = hub.preupload(repo_type, repo_id, rest[1], body)
            elif method == "POST" and rest[:1] == ["commit"] and len(rest) == 2:
                result = hub.commit(repo_type, repo_id, rest[1], raw, query)
        elif method == "POST" and parts == ["__lfs", "verify"]:
            result = hub.lfs_verify(body)
        elif method == "PUT" and parts[0] == "__lfs" and len(parts) == 2:
            result = hub.lfs_put(parts[1], raw)
        else:
            repo_type = PREFIXES.get(parts[0], "model")
            parts = parts[1:] if parts[0] in PREFIXES else parts
            if method == "POST" and len(parts) == 6 and parts[1].endswith(".git") and parts[2:] == \
                    ["info", "lfs", "objects", "batch"]:
                hub._repo(repo_type, f"{parts[0]}/{parts[1][:-4]}")
                status, out = hub.lfs_batch(body)
                return status, {"Content-Type": "application/vnd.git-lfs+json"}, json.dumps(out).encode()
            if method in ("GET", "HEAD") and len(parts) >= 5 and parts[2] == "resolve":
                data, headers = hub.resolve(repo_type, "/".join(parts[:2]), parts[3], "/".join(parts[4:]))
                return 200, headers, data
        if result is None:
            raise HubError(404, f"{method} {self.path} is not implemented by the test Hub")
        return result[0], {"Content-Type": "application/json"}, json.dumps(result[1]).encode()


for _method in ("GET", "HEAD", "POST", "PUT", "DELETE"):
    setattr(_Handler, f"do_{_method}", lambda self, m=_method: self._handle(m))
