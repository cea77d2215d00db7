"""Run a registered demo in a separate, limited process and turn whatever happens into a ToolCall.

Arguments are validated here first (a refusal spawns nothing), then again in the child. The child is a
fresh interpreter in isolated mode (`-I`: no PYTHON* variables, no user site, no current folder on the
path) with a minimal environment (no tokens or keys), bounded threads, memory, CPU time and processes, in
its own process group, working in a fresh temporary folder that is deleted afterwards. The plot it draws
there is checked and moved to `<outputs>/<demo>-<uuid>.png`; nothing else it writes survives. When the
run ends, however it ends, the whole process group is killed, so a demo leaves no process behind.
"""
from __future__ import annotations

import json
import math
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

from tutor.config import Settings
from tutor.tools.registry import DemoError, get_demo, shorten
from tutor.tools.runner import PLOT
from tutor.types import ToolCall

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `tutor` package
# -I ignores PYTHONPATH, so the child is pointed at this very package explicitly
BOOTSTRAP = "import sys; sys.path.insert(0, sys.argv[1]); from tutor.tools.runner import main; main()"
THREAD_VARS = ("OMP_NUM_THREADS", "NUMEXPR_NUM_THREADS")  # PyTorch and scikit-learn's OpenMP loops
# BLAS stays single-threaded: the demos' matrices are tiny, and OpenBLAS with two threads was measured to
# hang (not fail) when the memory limit is reached during import
BLAS_VARS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
PASSED_VARS = ("PATH", "HOME", "LANG", "LC_ALL", "MPLCONFIGDIR")  # nothing secret
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_slots: dict[int, threading.BoundedSemaphore] = {}  # runs at once, per thread budget: the cores are shared
_slots_lock = threading.Lock()


def run_demo(name: str, arguments: dict[str, Any] | None, settings: Settings) -> ToolCall:
    """Validate, run in the sandbox and report. Never raises for bad input, crashes or timeouts."""
    try:
        demo = get_demo(name)
        used = demo.validate(arguments)
    except DemoError as exc:
        return ToolCall(name=_shown_name(name), arguments=_shown_arguments(arguments), error=str(exc))

    outputs = settings.outputs_dir.resolve()
    outputs.mkdir(parents=True, exist_ok=True)
    plot = outputs / f"{demo.name}-{uuid.uuid4().hex[:12]}.png"
    call = ToolCall(name=demo.name, arguments=used, section=demo.section)
    request = {"name": demo.name, "arguments": used, "memory_mb": settings.demo_memory_mb,
               # a CPU-time backstop in case the wall clock below is somehow not enforced
               "cpu_seconds": math.ceil(settings.demo_timeout_s * settings.demo_threads) + 10}
    slots = _slots_for(settings.demo_threads)
    if not slots.acquire(timeout=settings.demo_timeout_s):
        call.error = f"Other demos are running; try {demo.name} again in a minute."
        return call
    try:
        with tempfile.TemporaryDirectory(prefix="tutor-demo-", ignore_cleanup_errors=True) as work:
            answer = _spawn(request, Path(work), settings)
            drawn = Path(work) / PLOT
            if drawn.is_file() and drawn.read_bytes()[:8] == PNG_MAGIC:
                shutil.move(drawn, plot)
                call.plot = str(plot)
    except subprocess.TimeoutExpired:
        call.error = (f"The {demo.name} demo took longer than {settings.demo_timeout_s:g} s and was stopped. "
                      "Try smaller settings (fewer samples or epochs).")
        return call
    except (_Crash, OSError) as exc:  # OSError: the process could not even start
        call.error = f"The {demo.name} demo failed: {exc}"
        return call
    finally:
        slots.release()

    call.result = answer["metrics"]
    call.explanation = answer["explanation"]
    call.section = answer["section"]
    return call


def _slots_for(threads: int) -> threading.BoundedSemaphore:
    """As many simultaneous runs as the cores hold at `threads` each (at least one)."""
    with _slots_lock:
        if threads not in _slots:
            _slots[threads] = threading.BoundedSemaphore(max(1, (os.cpu_count() or 1) // threads))
        return _slots[threads]


class _Crash(RuntimeError):
    """The child died or reported an error; the message is one line for the learner."""


def _spawn(request: dict[str, Any], cwd: Path, settings: Settings) -> dict[str, Any]:
    proc = subprocess.Popen(
        [sys.executable, "-I", "-B", "-c", BOOTSTRAP, str(PACKAGE_ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=cwd, env=_child_env(settings, cwd), start_new_session=True,  # own process group: killed as one
    )
    try:
        stdout, stderr = proc.communicate(json.dumps(request).encode(), timeout=settings.demo_timeout_s)
    except BaseException:  # the timeout, or anything else while waiting: stop it all, then reap the child
        _kill_group(proc)
        _reap(proc)
        raise
    finally:  # even after a normal exit: whatever the demo left running in its group goes too
        _kill_group(proc)
    try:
        answer = json.loads(stdout.decode("utf-8", "replace") or "null")
    except json.JSONDecodeError:
        answer = None
    if isinstance(answer, dict) and answer.get("ok"):
        return answer
    if isinstance(answer, dict) and answer.get("error"):
        raise _Crash(str(answer["error"]))
    raise _Crash(_death(proc.returncode, stderr, settings))


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL to the child's process group: the child and everything it started."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # the group is already gone
        pass


def _reap(proc: subprocess.Popen[bytes]) -> None:
    """Collect the killed child; bounded, in case something outside its group still holds its pipes."""
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe:
                pipe.close()
        proc.wait(timeout=5)


def _death(returncode: int, stderr: bytes, settings: Settings) -> str:
    """Why a child ended without an answer, in one line."""
    if returncode < 0:
        sig = signal.Signals(-returncode).name
        if sig == "SIGXCPU":
            return "it used up its CPU-time allowance and was stopped."
        if sig == "SIGKILL":
            return f"the process was killed (often memory: the limit is {settings.demo_memory_mb} MB)."
        return f"the process crashed ({sig})."
    last = [line for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()][-1:]
    return f"the process exited with code {returncode}" + (f" ({last[0][:200]})." if last else ".")


def _child_env(settings: Settings, work: Path) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED_VARS if k in os.environ}
    env["TMPDIR"] = str(work)  # temporary files land in the folder deleted after the run
    threads = str(settings.demo_threads)
    env.update({var: threads for var in THREAD_VARS})
    env.update({var: "1" for var in BLAS_VARS})
    # spinning OpenMP workers collapse when other processes share the cores (measured: 49 s vs 9 s)
    env.update(OMP_WAIT_POLICY="PASSIVE", MPLBACKEND="Agg", HF_HUB_OFFLINE="1")
    return env


def _shown_name(name: Any) -> str:
    return name[:60] if isinstance(name, str) else "?"


def _shown_arguments(arguments: Any) -> dict[str, Any]:
    """Refused arguments, shortened, so a hostile value is not echoed back at length."""
    if not isinstance(arguments, dict):
        return {}
    shown: dict[str, Any] = {}
    for key, value in list(arguments.items())[:10]:
        plain = value is None or isinstance(value, (float, bool)) or isinstance(value, int) and abs(value) < 1 << 63
        shown[key[:40] if isinstance(key, str) else shorten(key)] = value if plain else shorten(value, 60)
    return shown
