"""Start and stop the real servers a scaled-out tutor uses, on loopback: `chroma run`, llama.cpp's
OpenAI-compatible server, and the tutor's own web UI. Shared by the tests and the load/soak evals.

Each is a context manager that yields once the server answers, and kills its whole process group on exit,
so a failing test or a Ctrl-C leaves nothing running.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Running:
    """A server we started: where it answers, and its process (for memory readings)."""

    url: str
    port: int
    pid: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(ready: Callable[[], bool], what: str, timeout: float, proc: subprocess.Popen | None, pause: float) -> None:
    """Poll `ready` until it is true; bounded, and failing at once if the server we started has died."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server for {what} exited with code {proc.returncode}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(pause)
    raise TimeoutError(f"{what} was not ready after {timeout:.0f} s")


def wait_for_port(port: int, timeout: float = 120.0, proc: subprocess.Popen | None = None) -> None:
    """Until a server we started listens on loopback (bounded: it fails rather than hangs)."""
    def listening() -> bool:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True

    _wait(listening, f"127.0.0.1:{port}", timeout, proc, 0.3)


def wait_for_http(url: str, timeout: float = 180.0, proc: subprocess.Popen | None = None) -> None:
    """Until `url` answers 200 (a UI listens before its app is ready)."""
    def answers() -> bool:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200

    _wait(answers, url, timeout, proc, 0.5)


def link_model(data_dir: Path, model: str) -> None:
    """Point a fresh data dir at the model `make install` assembled (a symlink, not a 0.5-1.1 GB copy), and at
    the embedder's ONNX export when `tutor prepare` made one (a new process then embeds without importing torch)."""
    from tutor import onnx_minilm
    from tutor.config import Settings
    from tutor.models import MODELS, gguf_path

    made = Settings().models_dir
    target = data_dir / "models" / MODELS[model].file_name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.symlink_to(gguf_path(model, made))
    for name in (onnx_minilm.ONNX_NAME, onnx_minilm.MANIFEST_NAME):
        link = data_dir / "models" / name
        if (made / name).exists() and not link.exists():
            link.symlink_to(made / name)


@contextmanager
def _process(args: list[str], env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """A child in its own process group, its output in a log file (shown if it dies early)."""
    log = tempfile.NamedTemporaryFile(prefix="tutor-server-", suffix=".log", delete=False)
    proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        yield proc
    except Exception:
        log.flush()
        tail = Path(log.name).read_text(errors="replace")[-2000:]
        if tail:
            print(f"--- last output of {Path(args[0]).name} ---\n{tail}", file=sys.stderr)
        raise
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=20)
        log.close()
        os.unlink(log.name)


@contextmanager
def chroma_server(path: Path, port: int | None = None) -> Iterator[Running]:
    """`chroma run` on loopback, persisting under `path`."""
    port = port or free_port()
    with _process([str(BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1",
                   "--port", str(port)]) as proc:
        wait_for_port(port, 60, proc)
        yield Running(f"http://127.0.0.1:{port}", port, proc.pid)


@contextmanager
def llama_server(model: Path, *, alias: str = "tutor", threads: int = 2, n_ctx: int = 4096,
                 port: int | None = None) -> Iterator[Running]:
    """llama-cpp-python's OpenAI-compatible server with a GGUF; its url is the API base (…/v1)."""
    port = port or free_port()
    # --interrupt_requests False: its default cuts a streaming answer short when another request arrives
    with _process([sys.executable, "-m", "tutor.llm.serve", "--model", str(model), "--host", "127.0.0.1",
                   "--port", str(port), "--n_ctx", str(n_ctx), "--n_threads", str(threads),
                   "--n_threads_batch", str(threads), "--model_alias", alias,
                   "--interrupt_requests", "False"]) as proc:
        wait_for_port(port, 120, proc)
        yield Running(f"http://127.0.0.1:{port}/v1", port, proc.pid)


@contextmanager
def ui_server(env: dict[str, str], port: int | None = None) -> Iterator[Running]:
    """`tutor ui` configured by TUTOR_* variables, once its app answers."""
    port = port or free_port()
    with _process([str(BIN / "tutor"), "ui", "--port", str(port)], env=env) as proc:
        url = f"http://127.0.0.1:{port}/"
        wait_for_http(url, 240, proc)
        yield Running(url, port, proc.pid)


def caddy_site(caddyfile: Path, address: str) -> str:
    """The global options block and the one site `address` (e.g. ":8001") of a Caddyfile, as Caddyfile text."""
    text = caddyfile.read_text(encoding="utf-8")

    def block(start: int) -> str:
        depth, i = 0, text.index("{", start)
        while True:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0 and text[i] == "}":
                return text[start:i + 1]
            i += 1

    lines = [line.strip() for line in text.splitlines()]
    first = next(line for line in lines if line and not line.startswith("#"))
    options = block(text.index("{")) if first == "{" else ""
    site = text.index(f"\n{address} {{") + 1
    return f"{options}\n{block(site)}\n"


@contextmanager
def caddy(caddyfile: Path, address: str, env: dict[str, str]) -> Iterator[Running]:
    """The real Caddy serving one site of `caddyfile` (the deployed file), moved to a free loopback port;
    `env` fills its {$PLACEHOLDERS}."""
    import shutil

    binary = shutil.which("caddy")
    if binary is None:
        raise RuntimeError("caddy is not installed (apt-get install caddy)")
    port = free_port()
    config = caddy_site(caddyfile, address).replace(f"\n{address} {{", f"\nhttp://127.0.0.1:{port} {{", 1)
    with tempfile.TemporaryDirectory(prefix="tutor-caddy-") as tmp:
        path = Path(tmp) / "Caddyfile"
        path.write_text(config, encoding="utf-8")
        with _process([binary, "run", "--adapter", "caddyfile", "--config", str(path)],
                      env={**env, "HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp}) as proc:
            wait_for_port(port, 30, proc)
            yield Running(f"http://127.0.0.1:{port}", port, proc.pid)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
