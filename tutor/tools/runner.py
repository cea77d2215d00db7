"""The sandboxed side of a demo run: `python -m tutor.tools.runner` reads one request on stdin.

It limits itself first (memory, CPU time, file size, processes) and refuses, from then on, to start
processes or open network sockets; then it looks the demo up in the registry again and re-validates the
arguments, so nothing outside the registry can run even if this module is started by hand. The plot is
written as `plot.png` in the working folder (a fresh temporary one: the request names no path). The result
is one JSON object on the original stdout; everything the libraries print goes to stderr.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import traceback
import warnings
from pathlib import Path
from typing import Any

MAX_REQUEST = 100_000  # bytes of JSON on stdin
PLOT = "plot.png"  # in the working folder; the parent moves it to the outputs
# RLIMIT_NPROC counts every task (thread) of the user, across all their processes, so the cap is what the
# user runs now plus this much: room for the demo's own threads, not for a fork bomb. The kernel does not
# apply it to root; there the audit hook below and the process-group kill in the parent still hold.
NPROC_MARGIN = 256
# what a demo never needs: starting or signalling processes, and the network (sockets of any kind)
REFUSED_EVENTS = frozenset({"os.system", "os.exec", "os.fork", "os.forkpty", "os.posix_spawn", "os.spawn",
                            "subprocess.Popen", "os.kill", "os.killpg", "socket.__new__"})
# how running out of address space shows up when it is not a MemoryError (PyTorch, the dynamic loader)
MEMORY_SIGNS = ("can't allocate memory", "cannot allocate memory", "bad_alloc", "failed to map segment",
                "out of memory")


def limit(memory_mb: int, cpu_seconds: int) -> None:
    """Cap address space, CPU time, file size, core dumps and processes, hard limits included (no way back
    up)."""
    caps = [(resource.RLIMIT_AS, memory_mb << 20, memory_mb << 20),
            (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5),  # SIGXCPU, then SIGKILL
            (resource.RLIMIT_FSIZE, 20 << 20, 20 << 20), (resource.RLIMIT_CORE, 0, 0)]
    if Path("/proc/self/status").exists():  # Linux: tasks can be counted as the kernel counts them
        tasks = user_tasks() + NPROC_MARGIN
        caps.append((resource.RLIMIT_NPROC, tasks, tasks))
    for which, soft, hard in caps:
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))


def user_tasks() -> int:
    """Tasks (threads) the real user of this process runs now, as RLIMIT_NPROC counts them."""
    uid, total = str(os.getuid()), 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:  # the process ended while we looked
            continue
        if fields.get("Uid", "").split()[:1] == [uid]:
            total += int(fields.get("Threads", "1"))
    return total


def lock_down() -> None:
    """From here on, refuse what no demo needs: processes and sockets (an audit hook cannot be removed).

    PermissionError is an OSError, which libraries that probe for optional tools (matplotlib asking
    fontconfig, ctypes looking for a library) already catch and carry on without.
    """
    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event in REFUSED_EVENTS:
            what = "the network" if event.startswith("socket") else "processes"
            raise PermissionError(f"a demo may not use {what} ({event})")

    sys.addaudithook(hook)


def execute(request: dict[str, Any]) -> dict[str, Any]:
    """Run one registered demo and save its figure as `plot.png` in the working folder."""
    from tutor.tools.registry import get_demo

    demo = get_demo(request["name"])
    arguments = demo.validate(request.get("arguments"))
    result = demo.fn(**arguments)
    section = result.section or demo.section
    if section not in demo.sections:
        raise ValueError(f"{demo.name} cited a section it did not declare: {section}")
    result.figure.savefig(PLOT, format="png")
    explanation = " ".join(result.explanation.split())
    if not explanation.endswith("[1]."):
        explanation = explanation.rstrip(".") + " [1]."
    return {"ok": True, "arguments": arguments, "metrics": result.metrics, "explanation": explanation,
            "section": section}


def main() -> None:
    request = json.loads(sys.stdin.read(MAX_REQUEST))
    limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
    lock_down()
    out = os.fdopen(os.dup(1), "w")  # keep the real stdout for the answer...
    os.dup2(2, 1)  # ...and send whatever the libraries print, even from C, to stderr
    warnings.simplefilter("ignore")  # convergence warnings are noise to a learner
    try:
        answer = execute(request)
    except MemoryError:
        answer = {"ok": False, "error": f"ran out of memory (the limit is {request['memory_mb']} MB)"}
    except Exception as exc:  # the learner gets one line; the trace goes to stderr for the log
        traceback.print_exc()
        text = f"{type(exc).__name__}: {exc}"
        if any(sign in str(exc).lower() for sign in MEMORY_SIGNS):  # e.g. an ImportError from a failed mmap
            text = f"ran out of memory (the limit is {request['memory_mb']} MB)"
        answer = {"ok": False, "error": text[:300]}
    json.dump(answer, out)
    out.flush()


if __name__ == "__main__":
    main()
