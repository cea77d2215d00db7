"""The tool sandbox holds (issue 9): hostile argument values through every entry point (run_demo, the
router, the chat engine, the command line) are refused or reduced to schema-valid values and run nothing;
the sandboxed process is limited, isolated and leaves no process behind; a killed demo leaves the chat
working.

Every payload names a marker file in the test's own tmp_path that it would create if it ever ran (a
control test shows that it would), so "nothing ran" is checked, not assumed: no marker, no new file, no
new process.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from eval.data import citation_problems
from tutor.config import Settings
from tutor.tools import DemoError, registry, route, run_demo, sandbox
from tutor.tools.registry import all_demos, get_demo
from tutor.tools.runner import NPROC_MARGIN
from tutor.types import ToolEvent

TUTOR_BIN = Path(sys.executable).parent / "tutor"


def _nested(depth: int, wrap) -> Any:
    value: Any = []
    for _ in range(depth):
        value = wrap(value)
    return value


DEEP_LIST = _nested(100_000, lambda v: [v])  # plain repr() of these recurses past Python's limit
DEEP_DICT = _nested(10_000, lambda v: {"a": v})


def payloads(m: Path) -> dict[str, Any]:
    """Hostile argument values by name; each command in them would create the file `m`."""
    return {
        "os-system": f"__import__('os').system('touch {m}')",
        "subprocess": f"__import__('subprocess').run(['touch', '{m}'])",
        "dollar-paren": f"$(touch {m})",
        "backticks": f"`touch {m}`",
        "semicolon-rm": f"iris; touch {m}; rm -rf /",
        "and-and": f"iris && touch {m}",
        "pipe": f"iris | touch {m}",
        "traversal": "../../../../etc/passwd",
        "absolute-path": str(m),
        "file-url": f"file://{m}",
        "http-url": f"http://127.0.0.1:9/{m.name}",
        "pickle": f"cos\nsystem\n(S'touch {m}'\ntR.",
        "eval": f"eval(\"open('{m}', 'w')\")",
        "exec": f"exec('import os; os.system(\"touch {m}\")')",
        "jinja": "{{ cycler.__init__.__globals__.os.popen('touch " + str(m) + "').read() }}",
        "shell-fork-bomb": ":(){ :|:& };:",
        "python-fork-loop": "exec('import os\\nwhile True: os.fork()')",
        "text-10**12": "10**12", "text-1e308": "1e308", "text-nan": "nan", "text-inf": "inf", "text-negative": "-5",
        "huge-string": "9" * 1_000_000,
        "10**12": 10**12, "negative": -10**12, "nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"),
        "1e308": 1e308, "5000-digits": 10**5000, "deep-list": DEEP_LIST, "deep-dict": DEEP_DICT,
        "list-for-scalar": [1, 2], "operator-dict": {"$gt": 0}, "bytes": b"iris", "bool": True,
    }


PAYLOADS = list(payloads(Path("/x")))
TEXT_PAYLOADS = [k for k, v in payloads(Path("/x")).items() if isinstance(v, str) and len(v) < 1000]
TARGETS = [("classify", "dataset"), ("classify", "n_samples"), ("classify", "noise"), ("compare", "models")]


# --- what "nothing ran" means ----------------------------------------------------------------------

def processes() -> dict[int, tuple[int, str]]:
    """Every live (not zombie) process: pid -> (parent pid, command line)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, IndexError):  # it ended while we looked
            continue
        if fields[0] != "Z":
            found[int(stat.parent.name)] = (int(fields[1]), cmdline)
    return found


def descendants() -> set[int]:
    """Live processes this test process started, directly or not."""
    table, mine, grew = processes(), {os.getpid()}, True
    while grew:
        more = {pid for pid, (ppid, _) in table.items() if ppid in mine} - mine
        mine |= more
        grew = bool(more)
    return mine - {os.getpid()}


def mentioning(token: str, timeout: float = 10) -> set[int]:
    """Live processes whose command line contains `token`, after giving SIGKILLed ones time to go."""
    deadline = time.monotonic() + timeout
    while True:
        left = {pid for pid, (_, cmd) in processes().items() if token in cmd and pid != os.getpid()}
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def assert_refused(call, tmp_path: Path, before: set[int]) -> None:
    assert call.error and call.error.startswith(("Can't run", "There is no demo")), call.error
    assert len(call.error) < 400 and "Traceback" not in call.error
    assert call.result is None and call.plot is None
    assert list(tmp_path.iterdir()) == []  # no marker, and not even the outputs folder: nothing spawned
    assert descendants() <= before
    assert len(json.dumps(call.to_json())) < 2000  # a hostile value is neither echoed at length nor fatal


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", demo_timeout_s=60)


def test_the_payloads_are_live(tmp_path: Path) -> None:
    """Control: run by a shell or by Python, the payloads do create their marker, so its absence means
    something."""
    values = payloads(tmp_path / "pwned")
    subprocess.run(["sh", "-c", f"echo {values['dollar-paren']}"], check=True, capture_output=True, timeout=30)
    assert (tmp_path / "pwned").exists()
    (tmp_path / "pwned").unlink()
    subprocess.run([sys.executable, "-c", values["os-system"]], check=True, timeout=30)
    assert (tmp_path / "pwned").exists()


# --- entry point 1: run_demo -----------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS, ids=lambda t: ".".join(t))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_run_demo_refuses_every_payload(payload: str, target: tuple[str, str], settings: Settings,
                                        tmp_path: Path) -> None:
    name, key = target
    before = descendants()
    call = run_demo(name, {key: payloads(tmp_path / "pwned")[payload]}, settings)
    assert_refused(call, tmp_path, before)


@pytest.mark.parametrize("payload", ["os-system", "traversal", "absolute-path", "shell-fork-bomb", "huge-string",
                                     "5000-digits", "deep-list", "bytes"])
def test_run_demo_refuses_payloads_as_names_and_as_the_arguments(payload: str, settings: Settings,
                                                                 tmp_path: Path) -> None:
    value = payloads(tmp_path / "pwned")[payload]
    before = descendants()
    assert_refused(run_demo(value, {}, settings), tmp_path, before)  # as the demo's name
    assert_refused(run_demo("classify", value, settings), tmp_path, before)  # as the whole arguments
    assert_refused(run_demo("classify", {value if isinstance(value, str) else "x": 1, "dataset": "iris"},
                            settings), tmp_path, before)


# --- entry point 2: the router ---------------------------------------------------------------------

MESSAGES = {
    "classify.dataset": "run the classify demo with dataset={}",
    "classify.n_estimators": "train a random forest on iris with n_estimators={}",
    "cluster.n_samples": "show me k-means clustering with n_samples={}",
    "compare.models": "compare svm and knn on moons with models={}",
    "mlp.epochs": "train an mlp on moons with epochs={}",
}


@pytest.mark.parametrize("template", list(MESSAGES))
@pytest.mark.parametrize("payload", TEXT_PAYLOADS)
def test_the_router_passes_on_no_payload(payload: str, template: str, settings: Settings, tmp_path: Path) -> None:
    """A payload in a message yields declared settings only; they are refused, or whatever survived of the
    payload is a schema-valid value with no trace of the command in it."""
    marker = tmp_path / "pwned"
    r = route(MESSAGES[template].format(payloads(marker)[payload]))
    name, key = template.split(".")
    assert r.intent == "demo" and r.name == name, r
    assert set(r.arguments) <= set(get_demo(name).schema["properties"])
    try:
        used = get_demo(name).validate(r.arguments)
    except DemoError:
        before = descendants()
        assert_refused(run_demo(r.name, r.arguments, settings), tmp_path, before)
    else:
        assert str(marker) not in json.dumps(used) and "touch" not in json.dumps(used)
        assert not marker.exists()


def test_the_router_takes_a_stated_value_whole() -> None:
    """ "n_estimators=10**12" is refused as written, not read as a valid 10; a path is not dropped quietly."""
    r = route("train a random forest on iris with n_estimators=10**12")
    assert r.arguments["n_estimators"] == "10**12"
    with pytest.raises(DemoError, match="n_estimators='10..12' must be a whole number"):
        get_demo("classify").validate(r.arguments)
    r = route("run the classify demo with dataset=/etc/passwd.")
    with pytest.raises(DemoError, match="dataset='/etc/passwd' is not one of"):
        get_demo("classify").validate(r.arguments)
    assert route("train a random forest on wine with n_estimators=50.").arguments["n_estimators"] == 50


# --- entry point 3: the command line ---------------------------------------------------------------


@pytest.mark.parametrize("key", ["dataset", "n_samples", "noise"])
@pytest.mark.parametrize("payload", TEXT_PAYLOADS + ["huge-string"])
def test_cli_refuses_every_payload(cli, payload: str, key: str, tmp_path: Path) -> None:
    before = descendants()
    out = cli("run", "classify", "--arg", f"{key}={payloads(tmp_path / 'pwned')[payload]}", "--json")
    assert out.exit_code == 2, out.output
    assert out.stdout == "" and out.stderr.startswith("error: Can't run classify") and len(out.stderr) < 500
    assert list(tmp_path.iterdir()) == [] and descendants() <= before


def test_the_installed_command_passes_no_argument_to_a_shell(tmp_path: Path) -> None:
    helped = subprocess.run([str(TUTOR_BIN), "demo", "--help"], capture_output=True, text=True, timeout=120)
    assert helped.returncode == 0 and "run" in helped.stdout and "list" in helped.stdout
    values = payloads(tmp_path / "pwned")
    env = {**os.environ, "TUTOR_DATA_DIR": str(tmp_path / "data")}
    out = subprocess.run([str(TUTOR_BIN), "demo", "run", "classify", "--arg", f"dataset={values['dollar-paren']}",
                          "--arg", f"seed={values['backticks']}"], capture_output=True, text=True, timeout=120,
                         env=env)
    assert out.returncode == 2 and out.stderr.startswith("error: Can't run classify"), out.stderr
    out = subprocess.run([str(TUTOR_BIN), "demo", "run", values["os-system"]], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 2 and "There is no demo" in out.stderr
    assert list(tmp_path.iterdir()) == []


# --- the runner refuses on its own -----------------------------------------------------------------

@pytest.mark.parametrize(("name", "arguments"), [
    ("os.system", {"command": "touch {m}"}),
    ("tutor.tools.runner.main", {}),
    ("subprocess.run", {"args": ["touch", "{m}"]}),
    ("__import__('os').system('touch {m}')", {}),
    ("classify", {"dataset": "$(touch {m})"}),
    ("classify", {"code": "__import__('os').system('touch {m}')"}),
])
def test_the_runner_runs_nothing_outside_the_registry(name: str, arguments: dict, tmp_path: Path) -> None:
    """A forged request straight to the sandboxed runner: it looks the name up and validates again."""
    marker = tmp_path / "pwned"
    fill = lambda v: v.replace("{m}", str(marker)) if isinstance(v, str) else [fill(x) for x in v]  # noqa: E731
    request = {"name": fill(name), "arguments": {k: fill(v) for k, v in arguments.items()},
               "memory_mb": 3072, "cpu_seconds": 30}
    work = tmp_path / "work"
    work.mkdir()
    out = subprocess.run([sys.executable, "-I", "-B", "-c", sandbox.BOOTSTRAP, str(sandbox.PACKAGE_ROOT)],
                         input=json.dumps(request), text=True, capture_output=True, cwd=work, timeout=120)
    answer = json.loads(out.stdout)
    assert answer["ok"] is False and answer["error"].startswith("DemoError:"), answer
    assert not marker.exists() and list(work.iterdir()) == []


# --- the sandboxed process itself --------------------------------------------------------------------

PROBE = '''
import ctypes, os, resource, socket, subprocess, sys, time
START_ENV = dict(os.environ)  # as the parent set it, before `tutor` switches telemetry off on import
from typing import Literal
from tutor.tools.registry import DemoResult, demo
from tutor.tools.runner import user_tasks

Action = Literal["report", "system", "popen", "subprocess", "exec", "posix_spawn", "fork_bomb", "kill",
                 "network", "orphans", "hang", "allocate"]


def _orphans(keep_pipes):
    """Three children started the way C code could (libc fork, which no audit hook sees)."""
    pids = []
    for _ in range(3):
        pid = ctypes.PyDLL(None).fork()
        if pid == 0:
            if not keep_pipes:
                os.closerange(0, 1024)
            time.sleep(300)
            os._exit(0)
        pids.append(pid)
    with open(PIDS, "w") as f:
        f.write(" ".join(map(str, pids)))


@demo(sections=("Probe",))
def probe(action: Action = "report") -> DemoResult:
    """Misbehaves on purpose, so that the tests can watch the sandbox hold.

    Args:
        action: What to try.
    """
    if action == "system":
        os.system(f"touch {MARKER}")
    elif action == "popen":
        os.popen(f"touch {MARKER}").read()
    elif action == "subprocess":
        subprocess.run(["touch", MARKER])
    elif action == "exec":
        os.execv("/bin/sh", ["sh", "-c", f"touch {MARKER}"])
    elif action == "posix_spawn":
        os.posix_spawn("/usr/bin/touch", ["touch", MARKER], {})
    elif action == "fork_bomb":
        for _ in range(5):  # the shape of a fork bomb, bounded (32 processes) should the sandbox ever fail
            os.fork()
        time.sleep(300)
    elif action == "kill":
        os.kill(os.getppid(), 0)
    elif action == "network":
        socket.create_connection(("127.0.0.1", PORT), timeout=5)
    elif action in ("orphans", "hang"):
        _orphans(keep_pipes=action == "hang")
        if action == "hang":
            time.sleep(300)
    elif action == "allocate":
        bytearray(512 << 20)
    from matplotlib.figure import Figure

    metrics = {"cwd": os.getcwd(), "env": START_ENV, "path": sys.path, "isolated": sys.flags.isolated,
               "no_user_site": sys.flags.no_user_site, "own_session": os.getsid(0) == os.getpid(),
               "tasks": user_tasks(), "limits": {name: resource.getrlimit(getattr(resource, name))
                                                 for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE",
                                                              "RLIMIT_NPROC", "RLIMIT_CORE")}}
    return DemoResult(metrics, Figure(), "The probe ran. It reports its surroundings.")
'''


@pytest.fixture
def probe(tmp_path: Path, monkeypatch) -> dict[str, Any]:
    """A misbehaving demo, registered here and in the sandboxed child (its bootstrap defines it first), so
    that it runs through the real run_demo, runner, limits and lock-down."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    marker, pids = tmp_path / "pwned", tmp_path / "pids"
    source = f"MARKER, PIDS, PORT = {str(marker)!r}, {str(pids)!r}, {listener.getsockname()[1]}\n{PROBE}"
    all_demos()  # the real catalog first, then the probe on a copy of it
    monkeypatch.setattr(registry, "_DEMOS", dict(registry._DEMOS))
    exec(compile(source, "probe", "exec"), {})
    bootstrap = sandbox.BOOTSTRAP.replace("from tutor", f"exec({source!r}); from tutor", 1)
    monkeypatch.setattr(sandbox, "BOOTSTRAP", bootstrap)
    yield {"marker": marker, "pids": pids, "listener": listener, "token": str(tmp_path)}
    listener.close()


def test_the_child_is_isolated_and_limited(probe, settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("TUTOR_TEST_SECRET", "not-a-real-secret")
    call = run_demo("probe", {"action": "report"}, settings)
    assert call.error is None, call.error
    m = call.result
    work = Path(m["cwd"])
    assert work.name.startswith("tutor-demo-") and not work.exists()  # a fresh folder, deleted afterwards
    assert work != settings.outputs_dir.resolve() and m["env"]["TMPDIR"] == m["cwd"]
    allowed = {*sandbox.PASSED_VARS, *sandbox.THREAD_VARS, *sandbox.BLAS_VARS, "TMPDIR", "OMP_WAIT_POLICY",
               "MPLBACKEND", "HF_HUB_OFFLINE"}
    assert set(m["env"]) <= allowed and "TUTOR_TEST_SECRET" not in m["env"]
    assert all(m["env"][v] == str(settings.demo_threads) for v in sandbox.THREAD_VARS)
    assert all(m["env"][v] == "1" for v in sandbox.BLAS_VARS)
    assert m["isolated"] == 1 and m["no_user_site"] == 1 and "" not in m["path"] and m["cwd"] not in m["path"]
    assert m["own_session"]  # its own session and process group, so one killpg reaches all it starts
    limits = m["limits"]
    assert limits["RLIMIT_AS"] == [settings.demo_memory_mb << 20] * 2
    assert limits["RLIMIT_FSIZE"] == [20 << 20] * 2 and limits["RLIMIT_CORE"] == [0, 0]
    assert 0 < limits["RLIMIT_CPU"][0] <= limits["RLIMIT_CPU"][1] < 10_000
    nproc = limits["RLIMIT_NPROC"][0]
    assert nproc == limits["RLIMIT_NPROC"][1] and NPROC_MARGIN <= nproc < m["tasks"] + 2 * NPROC_MARGIN
    plot = Path(call.plot)
    assert plot.parent == settings.outputs_dir.resolve()
    assert {p.name for p in settings.data_dir.rglob("*")} == {"outputs", plot.name}


@pytest.mark.parametrize(("action", "what"), [
    ("system", "processes"), ("popen", "processes"), ("subprocess", "processes"), ("exec", "processes"),
    ("posix_spawn", "processes"), ("fork_bomb", "processes"), ("kill", "processes"), ("network", "the network"),
])
def test_a_demo_cannot_start_processes_or_use_the_network(action: str, what: str, probe, settings: Settings) -> None:
    call = run_demo("probe", {"action": action}, settings)
    assert call.error and f"a demo may not use {what}" in call.error, call.error
    assert call.result is None and call.plot is None
    assert not probe["marker"].exists()
    with pytest.raises(BlockingIOError):  # nobody knocked
        probe["listener"].accept()
    assert mentioning(probe["token"]) == set()
    assert list(settings.outputs_dir.iterdir()) == []


@pytest.mark.parametrize("action", ["orphans", "hang"])
def test_whatever_a_demo_starts_is_killed_with_it(action: str, probe, settings: Settings) -> None:
    """Children started below the audit hook (libc fork) go with the process group: after a normal end
    ("orphans": they closed their pipes and would live on) and after the wall-time kill ("hang")."""
    settings.demo_timeout_s = 60 if action == "orphans" else 10
    call = run_demo("probe", {"action": action}, settings)
    if action == "orphans":
        assert call.error is None and call.plot, call.error
    else:
        assert "took longer than 10 s" in call.error and call.plot is None
    pids = [int(p) for p in probe["pids"].read_text().split()]
    assert len(pids) == 3
    assert mentioning(probe["token"]) == set()  # not the child, not one of its children


def test_a_demo_that_grabs_memory_is_stopped_politely(probe, settings: Settings) -> None:
    settings.demo_memory_mb = 256
    call = run_demo("probe", {"action": "allocate"}, settings)
    assert call.error == "The probe demo failed: ran out of memory (the limit is 256 MB)"
    assert mentioning(probe["token"]) == set()


def test_a_demo_killed_from_outside_is_reported(probe, settings: Settings) -> None:
    """However the child dies (here SIGKILL from outside, as the kernel's OOM killer would), it is one line."""
    settings.demo_timeout_s = 60

    def kill_when_started() -> None:
        deadline = time.monotonic() + 50
        while time.monotonic() < deadline:
            if probe["pids"].exists():
                for pid in mentioning(probe["token"], timeout=0):
                    os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_when_started)
    killer.start()
    call = run_demo("probe", {"action": "hang"}, settings)
    killer.join()
    assert call.error.startswith("The probe demo failed: the process was killed"), call.error
    assert mentioning(probe["token"]) == set()


# --- entry point 4: the chat engine ----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("message", [
    "run the classify demo with dataset=__import__('os').system('touch {m}')",
    "train a random forest on iris with n_estimators=$(touch {m})",
    "run the classify demo with dataset=file://{m}",
    "show me k-means clustering with n_samples=10**12",
    "train a random forest on wine with n_estimators=:(){ :|:& };:",
    "train an mlp on moons with epochs=__import__('os').fork()",
])
def test_the_engine_refuses_payloads_in_a_demo_request(message: str, tutor, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    outputs = set(tutor.settings.outputs_dir.glob("*"))
    before = descendants()
    events = list(tutor.ask_stream(message.replace("{m}", str(marker)), f"payload-{id(message)}"))
    call = next(e.tool for e in events if isinstance(e, ToolEvent))
    answer = events[-1].answer
    assert call.error and call.error.startswith("Can't run"), call.error
    assert answer.answer.startswith("The demo could not finish: Can't run") and answer.tool is call
    assert not marker.exists() and set(tutor.settings.outputs_dir.glob("*")) == outputs
    assert descendants() <= before


@pytest.mark.slow
def test_the_engine_runs_only_what_a_payload_laden_request_names(tutor, tmp_path: Path) -> None:
    """Commands in the prose around a real request are words: the named demo runs with valid settings."""
    marker = tmp_path / "pwned"
    outputs = set(tutor.settings.outputs_dir.glob("*"))
    answer = tutor.ask(f"train a decision tree on iris; touch {marker}; rm -rf / ; "
                       f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}') }}}}", "payload-prose")
    assert answer.tool and answer.tool.error is None, answer.tool
    assert answer.tool.arguments["model"] == "tree" and answer.tool.arguments["dataset"] == "iris"
    assert set(tutor.settings.outputs_dir.glob("*")) - outputs == {Path(answer.tool.plot)}
    assert not marker.exists()


@pytest.mark.slow
def test_a_payload_in_a_question_stays_text(tutor, tmp_path: Path) -> None:
    """No demo named: the message is a question, and the payload is only words in a prompt."""
    marker = tmp_path / "pwned"
    before = descendants()
    answer = tutor.ask(f"What is deep learning? __import__('os').system('touch {marker}') $(touch {marker})",
                       "payload-question")
    assert answer.tool is None and answer.answer
    assert not marker.exists() and descendants() <= before


@pytest.mark.slow
@pytest.mark.parametrize("limit", ["timeout", "memory"])
def test_a_killed_demo_leaves_the_chat_working(limit: str, tutor, ingested_settings: Settings) -> None:
    from tutor.engine import Tutor

    change = {"demo_timeout_s": 0.5} if limit == "timeout" else {"demo_memory_mb": 256}
    engine = Tutor(ingested_settings.model_copy(update=change), llm=tutor.llm, retriever=tutor.retriever)
    before = descendants()
    stopped = engine.ask("train a small neural network on moons", f"killed-{limit}")
    expected = "took longer than 0.5 s" if limit == "timeout" else "ran out of memory (the limit is 256 MB)"
    assert stopped.tool and expected in stopped.tool.error, stopped.tool
    assert stopped.answer.startswith("The demo could not finish") and descendants() <= before

    answer = engine.ask("What is the difference between machine learning and deep learning?", f"killed-{limit}")
    assert answer.grounded and answer.sources and answer.tool is None
    assert len(answer.answer.split()) > 10
    assert citation_problems(answer.answer, {x.n: x.text for x in answer.sources}, answer.question) == []
    assert [q for q, _ in engine.history(f"killed-{limit}")][0] == "train a small neural network on moons"
    assert len(engine.history(f"killed-{limit}")) == 2
    # and the sandbox is free again: a demo runs normally right after
    after = tutor.ask("train a decision tree on iris", f"killed-{limit}-after")
    assert after.tool and after.tool.error is None, after.tool
