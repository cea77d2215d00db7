"""deploy/: no Docker here, so check that the compose file, Dockerfile, Caddyfile and .env.example agree with the
code they start: settings names, `tutor` subcommands, llama.cpp server flags, model files, service wiring."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tutor.cli import app
from tutor.config import Settings
from tutor.models import MODELS

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
COMPOSE_TEXT = (DEPLOY / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()
CADDYFILE = (DEPLOY / "Caddyfile").read_text()
ENV_EXAMPLE = dict(line.split("=", 1) for line in (DEPLOY / ".env.example").read_text().splitlines()
                   if line.strip() and not line.startswith("#"))
VARIABLE = re.compile(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}")
TUTOR_SERVICES = [name for name, s in SERVICES.items() if s.get("image") == "tutor:latest"]


def interpolate(value: object, env: dict[str, str] | None = None) -> str:
    """Compose's `${X}`, `${X:-default}` and `${X:?error}`, with .env.example filled in as a user would."""
    env = {**ENV_EXAMPLE, "TORCH_INDEX_URL": "https://wheels.invalid/cpu", "TUTOR_CHROMA_TOKEN": "s3cret",
           "POSTGRES_PASSWORD": "pgs3cret", **(env or {})}

    def one(m: re.Match) -> str:
        name, op, arg = m.groups()
        if env.get(name):
            return env[name]
        if op == ":?":
            raise AssertionError(f"{name} is required: {arg}")
        return arg or ""
    text = str(value)
    for _ in range(3):  # .env values may name other variables: TUTOR_DATABASE_URL holds ${POSTGRES_PASSWORD}
        text = VARIABLE.sub(one, text)
    return text


def command(service: str, env: dict[str, str] | None = None) -> list[str]:
    cmd = SERVICES[service]["command"]
    return [interpolate(a, env) for a in cmd] if isinstance(cmd, list) else shlex.split(interpolate(cmd, env))


def test_services_and_profiles():
    assert set(SERVICES) == {"chroma", "proxy", "llamacpp", "vllm", "postgres", "ingest", "ui", "discord"}
    profiles = {name: s.get("profiles") for name, s in SERVICES.items()}
    assert profiles == {"chroma": None, "proxy": None, "llamacpp": ["cpu"], "vllm": ["gpu"], "postgres": None,
                        "ingest": None, "ui": None, "discord": ["discord"]}
    assert set(ENV_EXAMPLE["COMPOSE_PROFILES"].split(",")) <= {"cpu", "gpu", "discord"}
    # profile-disabled dependencies must be optional, or compose refuses to start
    for name, service in SERVICES.items():
        for dep, how in (service.get("depends_on") or {}).items():
            assert dep in SERVICES, f"{name} depends on unknown {dep}"
            if SERVICES[dep].get("profiles") and SERVICES[dep]["profiles"] != service.get("profiles"):
                assert how.get("required") is False, f"{name} -> {dep}"


def test_every_tutor_variable_is_a_setting():
    names = set(re.findall(r"\bTUTOR_[A-Z_]+\b", COMPOSE_TEXT + DOCKERFILE))
    names |= {k for k in ENV_EXAMPLE if k.startswith("TUTOR_")}
    assert {"TUTOR_CHROMA_TOKEN", "TUTOR_UI_HOST", "TUTOR_OPENAI_BASE_URL"} <= names
    unknown = {n for n in names if n.removeprefix("TUTOR_").lower() not in Settings.model_fields}
    assert not unknown, f"not settings in tutor/config.py: {unknown}"


@pytest.mark.parametrize("service", ["ingest", "ui", "discord"])
def test_service_environment_gives_the_intended_settings(service, monkeypatch):
    monkeypatch.setenv("TUTOR_CONFIG", str(DEPLOY / "no-such.toml"))
    for key, value in SERVICES[service]["environment"].items():
        monkeypatch.setenv(key, interpolate(value, {"DISCORD_TOKEN": "bot-token"}))
    settings = Settings()
    assert (settings.llm_backend, settings.chroma_host) == ("openai", "proxy")
    assert settings.chroma_token.get_secret_value() == "s3cret"
    assert settings.model == ENV_EXAMPLE["TUTOR_MODEL"] and settings.openai_concurrency == 1
    if service == "ui":
        assert settings.ui_host == "0.0.0.0"
    if service == "discord":
        assert settings.discord_token.get_secret_value() == "bot-token"
    assert settings.database_url.get_secret_value() == "postgresql+psycopg://tutor:pgs3cret@postgres:5432/tutor"


def test_the_learner_store_is_the_postgres_service():
    from sqlalchemy.engine import make_url

    postgres = SERVICES["postgres"]
    url = make_url(interpolate(SERVICES["ui"]["environment"]["TUTOR_DATABASE_URL"]))
    env = {k: interpolate(v) for k, v in postgres["environment"].items()}
    assert url.drivername == "postgresql+psycopg" and (url.host, url.port) == ("postgres", 5432)
    assert (url.username, url.password, url.database) == (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"],
                                                          env["POSTGRES_DB"])
    assert "ports" not in postgres and postgres["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert "postgres-data" in COMPOSE["volumes"]
    assert postgres["healthcheck"]["test"] == ["CMD", "pg_isready", "-U", url.username, "-d", url.database]
    for name in ("ui", "discord"):  # the processes that record learners wait for a healthy store
        assert SERVICES[name]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_commands_are_real_tutor_subcommands():
    commands = [command(name) for name in TUTOR_SERVICES if command(name)[0] == "tutor"]
    commands.append(json.loads(re.search(r"^CMD (.+)$", DOCKERFILE, re.M).group(1)))
    instructions = "\n".join(line for line in DOCKERFILE.splitlines() if not line.lstrip().startswith("#"))
    commands += [["tutor", sub] for sub in re.findall(r"\btutor (\w+)", instructions)]
    assert {c[1] for c in commands} >= {"ui", "ingest", "discord", "prepare"}
    for cmd in commands:  # --help after the options: an unknown command or option still fails
        result = CliRunner().invoke(app, cmd[1:] + ["--help"])
        assert result.exit_code == 0 and "Usage" in result.output, (cmd, result.output)


def test_inference_servers_match_what_the_tutor_asks_for():
    import argparse

    from llama_cpp.server.cli import add_args_from_model, parse_model_from_args
    from llama_cpp.server.settings import ModelSettings, ServerSettings
    from llama_cpp.server.settings import Settings as ServerAndModel

    env = SERVICES["ui"]["environment"]
    base = re.fullmatch(r"http://(\w+):(\d+)/v1", env["TUTOR_OPENAI_BASE_URL"])
    for model in MODELS:  # TUTOR_MODEL picks the GGUF that the image baked in
        cmd = command("llamacpp", {"TUTOR_MODEL": model})
        assert cmd[:3] == ["python", "-m", "tutor.llm.serve"]  # llama_cpp.server after weight_buffers.apply
        parser = argparse.ArgumentParser(allow_abbrev=False)  # exact flag names only
        add_args_from_model(parser, ServerAndModel)
        args = parser.parse_args(cmd[3:])  # exits on a flag the server does not have
        server, llm = parse_model_from_args(ServerSettings, args), parse_model_from_args(ModelSettings, args)
        assert llm.model == f"/app/.data/models/{MODELS[model].file_name}"
        assert server.interrupt_requests is False and llm.model_alias == env["TUTOR_OPENAI_MODEL"]
        assert str(server.port) == base[2]
    vllm = dict(arg.removeprefix("--").split("=", 1) for arg in command("vllm"))
    assert vllm["served-model-name"] == env["TUTOR_OPENAI_MODEL"] and vllm["port"] == base[2]
    assert vllm["model"] == ENV_EXAMPLE["VLLM_MODEL"]
    for name in ("llamacpp", "vllm"):  # whichever runs answers at the base URL's host name
        assert base[1] in SERVICES[name]["networks"]["default"]["aliases"]
    gpu = SERVICES["vllm"]["deploy"]["resources"]["reservations"]["devices"][0]
    assert gpu["capabilities"] == ["gpu"]


def test_proxy_wiring():
    ui, chroma = SERVICES["ui"], command("chroma")
    assert ui["depends_on"]["ingest"]["condition"] == "service_completed_successfully"
    assert interpolate(ui["deploy"]["replicas"]) == ENV_EXAMPLE["UI_REPLICAS"]
    assert "ports" not in ui  # replicas are reached through the proxy only
    # the Caddyfile's defaults name the ui service and port, and the chroma service and port
    ui_port = re.search(r"dynamic a \{\$UI_NAME:ui\} \{\$UI_PORT:(\d+)\}", CADDYFILE)[1]
    assert ui_port == str(ui["environment"]["TUTOR_UI_PORT"])
    assert re.search(r"\{\$CHROMA_UPSTREAM:chroma:(\d+)\}", CADDYFILE)[1] == chroma[chroma.index("--port") + 1]
    assert chroma[:2] == ["chroma", "run"] and "default" not in SERVICES["chroma"]["networks"]
    env = ui["environment"]
    assert env["TUTOR_CHROMA_HOST"] == "proxy" and f":{env['TUTOR_CHROMA_PORT']} {{" in CADDYFILE
    assert 'header Authorization "Bearer {$TUTOR_CHROMA_TOKEN}"' in CADDYFILE
    assert "TUTOR_CHROMA_TOKEN" in SERVICES["proxy"]["environment"]


def test_env_example_and_compose_name_the_same_variables():
    used = {m[0] for m in VARIABLE.findall(COMPOSE_TEXT)}
    required = {m[0] for m in VARIABLE.findall(COMPOSE_TEXT) if m[1] != ":-"}
    assert set(ENV_EXAMPLE) - {"COMPOSE_PROFILES"} <= used, "in .env.example but not used by compose"
    assert required <= set(ENV_EXAMPLE), "required by compose but not in .env.example"
    assert re.search(r"^ARG TORCH_INDEX_URL$", DOCKERFILE, re.M)  # no default host baked in
