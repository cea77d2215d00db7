"""The `tutor` command's contract (issue 14): quiz next/answer, progress, forget and export against a real
learner store (a SQLite file in a temp folder), bad input, help, and the shape of the CLI package itself.

Most commands run in-process through Typer's CliRunner: the same app, parser, error helper and learner store as
the installed command, without a new interpreter per call (importing `tutor.cli` and the store costs ~1.5 s a
process; this file started ~45 of them). State that lives across calls lives in the store, as between processes.
What only a real process shows runs as the installed command: exit codes and streams of the entry point, stdin,
a knowledge folder read at start-up, and a conversation continued across processes with the real model (slow).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from tutor.quiz.schema import load_bank
from tutor.quiz.profile import MODES

TUTOR = str(Path(sys.executable).with_name("tutor"))
BANK = load_bank()


@dataclass
class Finished:
    """What a test reads of a finished command, in-process or not (subprocess.CompletedProcess's names)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(tmp_path, monkeypatch):
    """`tutor ARGS...` in-process on a temporary data folder; extra keywords are environment variables."""
    from typer.testing import CliRunner

    from tutor.cli import app
    from tutor.config import get_settings

    monkeypatch.delenv("TUTOR_DATABASE_URL", raising=False)
    env = {"TUTOR_DATA_DIR": str(tmp_path / "data")}

    def tutor(*args: str, **extra_env: str) -> Finished:
        get_settings.cache_clear()  # the settings are read from the environment once per process
        try:
            result = CliRunner().invoke(app, list(args), env={**env, **extra_env}, prog_name="tutor")
        finally:
            get_settings.cache_clear()
        crash = result.exception if not isinstance(result.exception, SystemExit) else None
        trace = "".join(traceback.format_exception(crash)) if crash else ""  # shown by a failing assertion
        return Finished(result.exit_code, result.stdout, result.stderr + trace)
    return tutor


@pytest.fixture
def process(tmp_path):
    """`tutor ARGS...` as the installed command in a new process on a temporary data folder."""
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path / "data")}
    env.pop("TUTOR_DATABASE_URL", None)

    def tutor(*args: str, timeout: float = 120, **extra_env: str) -> subprocess.CompletedProcess:
        return subprocess.run([TUTOR, *args], capture_output=True, text=True, timeout=timeout,
                              env={**env, **extra_env})
    return tutor


def one_json_line(p: Finished | subprocess.CompletedProcess) -> dict:
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 1, p.stdout
    return json.loads(lines[0])


def one_error_line(p: Finished | subprocess.CompletedProcess, expected: str) -> None:
    assert p.returncode == 2 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and p.stderr.startswith("error: "), p.stderr
    assert expected in p.stderr, p.stderr


def test_quiz_next_answer_progress_forget_contract(run):
    question = one_json_line(run("quiz", "next", "--json", "--learner", "ada", "--topic", "tools"))
    assert set(question) >= {"id", "topic", "question", "choices", "due"} and question["due"] is False
    bank = next(q for q in BANK.questions if q.id == question["id"])
    assert question["topic"] == "tools" and question["choices"] == bank.options
    right = bank.options.index(bank.answer)

    verdict = one_json_line(run("quiz", "answer", "--json", "--learner", "ada", "--id", question["id"],
                                "--choice", str(right)))
    assert verdict == {"correct": True, "answer": right, "explanation": bank.explanation, "section": bank.section,
                       "mastery": {"tools": pytest.approx(0.5263, abs=1e-4)}}

    progress = one_json_line(run("progress", "--json", "--learner", "ada"))
    assert set(progress) >= {"learner", "topics", "track", "turns"} and progress["learner"] == "ada"
    assert progress["track"] is None and progress["turns"] == 0
    assert all(set(t) >= {"topic", "mastery", "attempts", "correct", "due"} for t in progress["topics"])
    assert [(t["topic"], t["attempts"], t["correct"]) for t in progress["topics"] if t["attempts"]] == [("tools", 1, 1)]
    # the next question in a new process knows what was answered: never the same one before it is due
    assert one_json_line(run("quiz", "next", "--json", "--learner", "ada", "--topic", "tools"))["id"] != question["id"]
    # another learner sees none of it
    assert sum(t["attempts"] for t in one_json_line(run("progress", "--json", "--learner", "bob"))["topics"]) == 0

    forgot = run("forget", "--learner", "ada")
    assert forgot.returncode == 0 and forgot.stdout == "", forgot.stderr
    after = one_json_line(run("progress", "--json", "--learner", "ada"))
    assert sum(t["attempts"] for t in after["topics"]) == 0 and after["turns"] == 0


def test_export_writes_everything_to_stdout_or_a_file(run, tmp_path):
    q = BANK.questions[0]
    one_json_line(run("quiz", "answer", "--json", "--learner", "ada", "--id", q.id, "--choice", "0"))
    printed = one_json_line(run("export", "--learner", "ada"))
    assert printed["learner"] == "ada" and [a["question_id"] for a in printed["attempts"]] == [q.id]
    target = tmp_path / "ada.json"
    p = run("export", "--learner", "ada", "--output", str(target))
    assert p.returncode == 0 and p.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == printed
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".ada.json")]  # no temporary file left
    one_error_line(run("export", "--learner", "ada", "--output", str(tmp_path / "missing" / "x.json")), "cannot write")


@pytest.mark.parametrize("args, expected", [
    (["quiz", "answer", "--json", "--learner", "ada", "--id", "no-such-id", "--choice", "0"], "no question with id"),
    (["quiz", "answer", "--json", "--learner", "ada", "--id", BANK.questions[0].id, "--choice", "9"], "choose 0 to"),
    (["quiz", "answer", "--json", "--learner", "ada", "--id", BANK.questions[0].id, "--choice", "-1"], "choose 0 to"),
    (["quiz", "answer", "--json", "--learner", "ada", "--id", BANK.questions[0].id, "--choice", "B"],
     "Invalid value for '--choice'"),
    (["quiz", "answer", "--json", "--learner", "ada", "--choice", "0"], "Missing option '--id'"),
    (["quiz", "next", "--json", "--learner", "ada", "--topic", "astrology"], "is not one of 'ml-basics'"),
    (["quiz", "next", "--json", "--learner", "a\x1bb"], "control characters"),
    (["progress", "--json", "--learner", "x" * 5000], "5,000 characters"),
    (["forget", "--learner", " "], "non-empty"),
    (["ask", "--json", "--session", "\x07", "What is ML?"], "control characters"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2_and_stores_nothing(run, args, expected):
    one_error_line(run(*args), expected)
    assert one_json_line(run("export", "--learner", "ada"))["attempts"] == []


def test_the_default_learner_is_the_local_user(run):
    import getpass

    q = BANK.questions[0]
    one_json_line(run("quiz", "answer", "--json", "--id", q.id, "--choice", "0"))
    assert sum(t["attempts"] for t in one_json_line(run("progress", "--json", "--learner",
                                                        getpass.getuser()))["topics"]) == 1


def test_choices_show_in_help(run):
    def shown(*args: str) -> str:
        return run(*args, "--help", COLUMNS="400").stdout  # wide: rich wraps the list of choices otherwise

    assert "<hybrid|vector|bm25>" in shown("retrieve")
    assert f"<{'|'.join(MODES)}>" in shown("quiz", "recommend")
    assert f"<{'|'.join(BANK.topics)}>" in shown("quiz", "next") and f"<{'|'.join(BANK.topics)}>" in shown("quiz", "check")


def test_every_command_is_still_there(run):
    top = run("--help").stdout
    for name in ("ask", "chat", "retrieve", "ingest", "prepare", "ui", "discord", "progress", "forget", "export",
                 "demo", "quiz"):
        assert f" {name} " in top, name
    quiz = run("quiz", "--help").stdout
    assert all(f" {name} " in quiz for name in ("recommend", "check", "next", "answer"))


def test_the_installed_command_answers_on_stdout_and_fails_with_one_line_and_exit_code_2(process):
    """The entry point itself, in real processes: what the in-process tests above cannot see."""
    q = BANK.questions[0]
    verdict = one_json_line(process("quiz", "answer", "--json", "--learner", "ada", "--id", q.id, "--choice", "0"))
    assert verdict["section"] == q.section
    one_error_line(process("quiz", "answer", "--json", "--learner", "ada", "--id", q.id, "--choice", "9"),
                   "choose 0 to")
    one_error_line(process("quiz", "nope"), "No such command 'nope'")
    # the answer above was stored by one process and is seen by the next
    assert [a["question_id"] for a in one_json_line(process("export", "--learner", "ada"))["attempts"]] == [q.id]


def test_the_cli_package_uses_no_private_typer_module():
    package = Path(__file__).resolve().parent.parent / "tutor" / "cli"
    modules = sorted(package.glob("*.py"))
    assert {m.stem for m in modules} >= {"ask", "demo", "quiz", "progress", "knowledge", "serve", "common"}
    for module in modules:
        source = module.read_text(encoding="utf-8")
        assert "typer._" not in source and "import click" not in source, module.name


# -- a conversation continued across processes, with the real model (slow) ------------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_follow_up_in_a_new_process_is_understood(ingested_settings, tmp_path):
    env = {**os.environ, "TUTOR_DATA_DIR": str(ingested_settings.data_dir),
           # the shared store stays read-only: this conversation lives in the test's own learner store
           "TUTOR_DATABASE_URL": f"sqlite+pysqlite:///{tmp_path / 'learners.db'}"}

    def tutor(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([TUTOR, *args], capture_output=True, text=True, timeout=300, env=env)

    first = one_json_line(tutor("ask", "--json", "--learner", "ada", "--session", "s1", "What are CNNs used for?"))
    assert first["grounded"] is True
    one_json_line(tutor("ask", "--json", "--learner", "ada", "--session", "s1", "And RNNs?"))
    conversation = one_json_line(tutor("export", "--learner", "ada"))["conversations"]
    assert [c["session"] for c in conversation] == ["s1"]
    first_turn, follow_up = conversation[0]["turns"]
    assert first_turn["question"] == "What are CNNs used for?" and first_turn["sources"]
    assert follow_up["question"] == "And RNNs?"
    standalone = follow_up["standalone"].lower()
    assert ("rnn" in standalone or "recurrent" in standalone) and standalone != "and rnns?", standalone
    assert one_json_line(tutor("progress", "--json", "--learner", "ada"))["turns"] == 2
    # without --session nothing is stored, as before
    one_json_line(tutor("ask", "--json", "--learner", "ada", "What is deep learning?"))
    assert one_json_line(tutor("progress", "--json", "--learner", "ada"))["turns"] == 2


@pytest.mark.slow
@pytest.mark.parametrize("model", ["qwen2.5-coder-0.5b", "qwen2.5-coder-1.5b"])
def test_an_answer_ready_before_the_model_has_loaded_still_reaches_stdout(ingested_settings, model):
    """`tutor ask` loads the model on a second thread, and llama.cpp's quiet load points stdout and stderr at
    /dev/null while it runs. An off-topic reply needs no model and is ready first; it was lost (exit 0, no
    output) until the printing waited for the load. The 1.5B's longer load makes the race certain."""
    env = {**os.environ, "TUTOR_DATA_DIR": str(ingested_settings.data_dir), "TUTOR_MODEL": model}
    for args in (["ask", "--json"], ["ask"]):
        p = subprocess.run([TUTOR, *args, "What is the best pizza topping?"], capture_output=True, text=True,
                           timeout=300, env=env)
        assert p.returncode == 0, p.stderr
        assert "outside what I can teach" in p.stdout, (args, p.stdout, p.stderr)


def test_chat_reset_in_a_stored_conversation_goes_on_in_a_new_one(tmp_path):
    p = subprocess.run([TUTOR, "chat", "--learner", "ada", "--session", "s"], input="/reset\n/reset\n\n",
                       capture_output=True, text=True, timeout=300, env={**os.environ, "TUTOR_DATA_DIR": str(tmp_path)})
    assert p.returncode == 0, p.stderr
    assert "stored as session s-2" in p.stdout and "stored as session s-3" in p.stdout


def test_a_knowledge_folder_without_the_document_breaks_only_the_quiz_and_in_one_line(process, tmp_path):
    empty = tmp_path / "my-documents"  # a new process: the quiz data is checked against this folder at start-up
    empty.mkdir()
    assert process("--help", TUTOR_KNOWLEDGE_DIR=str(empty)).returncode == 0  # loading the CLI reads no document
    one_error_line(process("quiz", "next", "--json", "--learner", "ada", TUTOR_KNOWLEDGE_DIR=str(empty)),
                   "cites the document 'ml-vs-dl.md', which is not in")


@pytest.mark.parametrize("url, expected", [
    ("postgresql+psycopg://tutor:s3cret-pw@127.0.0.1:1/tutor", "Cannot open the learner store at "
                                                               "postgresql+psycopg://tutor:***@127.0.0.1:1/tutor"),
    ("not a url", "TUTOR_DATABASE_URL is not a database URL"),
])
def test_a_learner_store_that_cannot_open_is_one_line_without_the_password(run, url, expected):
    p = run("progress", "--json", "--learner", "ada", TUTOR_DATABASE_URL=url)
    one_error_line(p, expected)
    assert "s3cret-pw" not in p.stderr
