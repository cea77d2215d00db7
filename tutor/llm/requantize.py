"""The GGUF file the embedded backend loads: the packaged Q4_K_M, or a Q4_0 made from it once (TUTOR_QUANT=q4_0).

llama.cpp repacks Q4_0 weights for AVX2/AVX-512 at load, so Q4_0 may prefill faster on CPU than Q4_K_M; it is
re-quantized locally from the packaged file (no download) so `eval answers` can say whether quality holds.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from tutor.config import Settings
from tutor.models import MODELS, gguf_path


def model_file(settings: Settings) -> Path:
    packaged = gguf_path(settings.model, settings.models_dir)
    if settings.quant == "q4_k_m":
        return packaged
    target = packaged.with_name(packaged.name.replace("q4_k_m", settings.quant))
    if not target.is_file():
        _quantize(packaged, target, settings.n_threads)
    return target


def model_identity(path: Path) -> str:
    """The sha256 of a model file: known for the packaged files, computed once (and kept beside it) otherwise."""
    for spec in MODELS.values():
        if spec.file_name == path.name and path.stat().st_size == spec.size:
            return spec.sha256
    sidecar = path.with_name(path.name + ".sha256")
    stat = path.stat()
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    if sidecar.is_file():
        stored = sidecar.read_text().split()
        if len(stored) == 2 and stored[1] == stamp:
            return stored[0]
    with path.open("rb") as f:
        digest = hashlib.file_digest(f, "sha256").hexdigest()
    sidecar.write_text(f"{digest} {stamp}\n")
    return digest


def _quantize(source: Path, target: Path, threads: int) -> None:
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0
    params.allow_requantize = True  # the source is already 4-bit; Q4_K_M -> Q4_0 loses a little more
    params.nthread = threads
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".quantizing-", suffix=".gguf")
    os.close(fd)
    try:
        if llama_cpp.llama_model_quantize(str(source).encode(), tmp.encode(), params) != 0:
            raise RuntimeError(f"llama.cpp could not re-quantize {source.name} to Q4_0")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
