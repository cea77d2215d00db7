"""The sandboxed side of a demo run: `python -m tutor.tools.runner` reads one request on stdin.

It limits itself first (memory, CPU time, file size), then looks the demo up in the registry again and
re-validates the arguments, so nothing outside the registry can run even if this module is started by
hand. The result is one JSON object on the original stdout; everything the libraries print goes to
stderr.
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
# how running out of address space shows up when it is not a MemoryError (PyTorch, the dynamic loader)
MEMORY_SIGNS = ("can't allocate memory", "cannot allocate memory", "bad_alloc", "failed to map segment",
                "out of memory")


def limit(memory_mb: int, cpu_seconds: int) -> None:
    """Cap address space, CPU time, file size and core dumps, hard limits included (no way back up)."""
    for which, soft, hard in ((resource.RLIMIT_AS, memory_mb << 20, memory_mb << 20),
                              (resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 5),  # SIGXCPU, then SIGKILL
                              (resource.RLIMIT_FSIZE, 20 << 20, 20 << 20), (resource.RLIMIT_CORE, 0, 0)):
        _, current = resource.getrlimit(which)
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        resource.setrlimit(which, (soft, hard))


def execute(request: dict[str, Any]) -> dict[str, Any]:
    """Run one registered demo and save its figure as the PNG named in the request."""
    from tutor.tools.registry import get_demo

    demo = get_demo(request["name"])
    arguments = demo.validate(request.get("arguments"))
    plot = Path(request["plot"])
    if plot.suffix != ".png" or not plot.parent.is_dir():
        raise ValueError("the plot must be a .png in an existing output folder")
    result = demo.fn(**arguments)
    section = result.section or demo.section
    if section not in demo.sections:
        raise ValueError(f"{demo.name} cited a section it did not declare: {section}")
    result.figure.savefig(plot, format="png")
    explanation = " ".join(result.explanation.split())
    if not explanation.endswith("[1]."):
        explanation = explanation.rstrip(".") + " [1]."
    return {"ok": True, "arguments": arguments, "metrics": result.metrics, "explanation": explanation,
            "section": section, "plot": str(plot)}


def main() -> None:
    request = json.loads(sys.stdin.read(MAX_REQUEST))
    limit(int(request["memory_mb"]), int(request["cpu_seconds"]))
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
