"""llama.cpp's extra weight buffers, turned off on CPUs where they crash.

At load, llama.cpp moves the weights into "extra" buffer types: repacked layouts for AVX2/AVX-512 and, on a CPU
with AMX (Intel Sapphire Rapids and later), an AMX buffer. The AMX path crashes on a Q4_K_M model (llama.cpp issue
20824, no fix found upstream): on a 2-core Xeon with amx_int8, llama-cpp-python 0.3.36 compiled there segfaulted in
`ggml` on the first prompt of 8 tokens or more, so the tutor, the eval and the test suite died at their first
answer. With the extra buffers off the same build read a 512-token prompt at 172 tokens/s (1.5B).
`weight_buffers` = "auto" turns them off only where the CPU has AMX, so other CPUs keep the repacked layouts.

llama-cpp-python's `Llama` takes no argument for this, so the library's default model parameters are wrapped:
`apply` runs before a model loads in this process (the backend, the bench's raw baseline, `python -m
tutor.llm.serve`, the OpenAI-compatible server the deploy and the tests start).
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

Choice = Literal["auto", "on", "off"]
CPUINFO = Path("/proc/cpuinfo")


def cpu_has_amx(cpuinfo: str | None = None) -> bool:
    """Whether the CPU advertises AMX (the `amx_int8` or `amx_tile` flag); False where /proc/cpuinfo is missing."""
    if cpuinfo is None:
        try:
            cpuinfo = CPUINFO.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            return bool(flags & {"amx_int8", "amx_tile"})
    return False


def extra_buffers_on(choice: Choice, cpuinfo: str | None = None) -> bool:
    return choice == "on" or (choice == "auto" and not cpu_has_amx(cpuinfo))


def apply(choice: Choice = "auto") -> bool:
    """Make every model loaded from now on in this process use the extra buffers or not; returns whether they are on.

    Idempotent; the last call decides.
    """
    import llama_cpp.llama_cpp as lib  # the module whose function llama.py and _internals.py call

    on = extra_buffers_on(choice)
    original = getattr(lib.llama_model_default_params, "tutor_original", lib.llama_model_default_params)

    def default_params():  # noqa: ANN202  (a ctypes struct)
        params = original()
        params.use_extra_bufts = on
        return params

    # not __wrapped__: the ctypes binding already carries one, its Python stub (which returns None)
    default_params.tutor_original = original  # type: ignore[attr-defined]
    lib.llama_model_default_params = default_params
    return on
