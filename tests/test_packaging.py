"""The prompts ship with the package: a wheel built from the source holds every template, and `tutor ask` run
from that wheel (a fresh venv, a folder with no prompts/ beside it) answers from the packaged templates.

Slow: it builds a wheel, makes a venv and loads the chat model in a new process.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import make_settings
from tutor.config import PROJECT_ROOT

pytestmark = pytest.mark.slow
# what a wheel is built from: the source, not the environments, stores and caches beside it
NOT_SOURCE = shutil.ignore_patterns(".venv", ".data", ".git", "artifacts", "build", "*.egg-info", "__pycache__",
                                    ".pytest_cache", "tutor.toml")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel --no-deps .` on a copy of the source (a build writes build/ beside the files it builds)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    shutil.copytree(PROJECT_ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"),
                    str(source)], check=True, timeout=600)
    (built,) = (root / "dist").glob("tutor-*.whl")
    return built


def test_the_wheel_contains_every_prompt_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (PROJECT_ROOT / "prompts").iterdir() if p.suffix in (".j2", ".md", ".txt"))
    assert templates and "json_retry.j2" in templates
    missing = [t for t in templates if f"tutor/prompt_templates/{t}" not in names]
    assert not missing, f"prompt templates missing from {wheel.name}: {missing}"
    assert {"tutor/quiz/data/bank.yaml", "tutor/data/offtopic.yaml"} <= names


def test_tutor_ask_runs_from_the_wheel_without_a_prompts_folder(wheel: Path, ingested_settings, tmp_path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, timeout=300)
    # the dependencies come from the project's venv: a path line (not `site.addsitedir`), so that venv's own
    # .pth files, among them the editable install of this checkout, are not run
    site_packages = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; "
                                         "print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True,
                                        check=True).stdout.strip())
    (site_packages / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # a store of its own: the answer may be recorded in the data folder
    data = make_settings(tmp_path / "store").data_dir
    shutil.copytree(ingested_settings.data_dir / "chroma", data / "chroma")
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_") and k != "PYTHONPATH"}
    env.update(TUTOR_DATA_DIR=str(data), TUTOR_KNOWLEDGE_DIR=str(ingested_settings.knowledge_dir),
               TUTOR_MODEL="qwen2.5-coder-0.5b", HOME=str(tmp_path))

    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import tutor.prompts as p; print(p.packaged_dir())"],
                           cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(venv), f"templates found outside the installed wheel: {where}"

    done = subprocess.run([str(venv / "bin" / "tutor"), "ask", "--json", "What is a CNN?"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    reply = json.loads(done.stdout.strip().splitlines()[-1])
    assert reply["grounded"] and reply["answer"].strip(), reply
    assert any("convolutional" in s["text"].lower() or "cnn" in s["section"].lower() for s in reply["sources"]), reply
