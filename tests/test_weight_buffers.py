"""llama.cpp's extra weight buffers: off where the CPU has AMX (their crash there stopped every model call)."""
from __future__ import annotations

import llama_cpp.llama_cpp as lib
import pytest

from tutor.llm import weight_buffers

XEON = "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_vnni amx_bf16 amx_tile amx_int8 arch_lbr\n"
EPYC = "processor\t: 0\nflags\t\t: fpu sse avx2 avx512f avx512_vnni avx512_bf16\n"


@pytest.mark.parametrize("cpuinfo, amx", [(XEON, True), (EPYC, False), ("", False), ("model name: x\n", False)])
def test_amx_is_read_from_the_cpu_flags(cpuinfo: str, amx: bool) -> None:
    assert weight_buffers.cpu_has_amx(cpuinfo) is amx
    assert weight_buffers.extra_buffers_on("auto", cpuinfo) is not amx
    assert weight_buffers.extra_buffers_on("on", cpuinfo) and not weight_buffers.extra_buffers_on("off", cpuinfo)


def test_apply_sets_what_every_model_load_starts_from() -> None:
    try:
        for choice, on in (("off", False), ("on", True), ("off", False)):  # the last call decides, no nesting
            assert weight_buffers.apply(choice) is on
            assert lib.llama_model_default_params().use_extra_bufts is on
        assert not hasattr(lib.llama_model_default_params.tutor_original, "tutor_original")
        assert weight_buffers.apply("auto") is not weight_buffers.cpu_has_amx()
    finally:
        weight_buffers.apply("auto")  # what the backend applies anyway
