"""One owner per concept: the LLM base class and its registry, the scripted backend, the document's structure
(heading paths, sentences, stored sentence ids) and the references to it from demos, quizzes and prompts.

None of these needs the chat model: they run in the fast tier.
"""
from __future__ import annotations

import threading

import pytest

from tutor.config import Settings
from tutor.llm import BACKENDS, LLM, LLMError, Usage, get_llm
from tutor.llm.scripted import DEFAULT_REPLY, ScriptedLLM

SCHEMA = {"type": "object", "properties": {"intent": {"type": "string", "enum": ["demo", "question"]}},
          "required": ["intent"], "additionalProperties": False}


# -- the LLM base class, the registry and the scripted backend ---------------------------------------------------
def test_every_backend_is_registered_by_name_and_extends_the_base_class():
    assert {"llamacpp", "openai", "scripted"} <= set(BACKENDS)
    assert all(issubclass(cls, LLM) and cls.name == name for name, cls in BACKENDS.items())


def test_an_unknown_backend_is_refused_naming_the_valid_choices():
    settings = Settings().model_copy(update={"llm_backend": "gpt-remote"})  # model_copy does not validate
    with pytest.raises(LLMError, match=r"'gpt-remote'.*llamacpp, openai, scripted"):
        get_llm(settings)


def test_the_scripted_backend_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv("TUTOR_LLM_BACKEND", "scripted")
    llm = get_llm(Settings())
    assert isinstance(llm, ScriptedLLM)
    assert llm.complete([{"role": "user", "content": "hi"}]) == DEFAULT_REPLY
    assert llm.complete_json([{"role": "user", "content": "route this"}], SCHEMA) == {"intent": "demo"}


def test_scripted_streams_word_by_word_records_prompts_and_honours_stop_and_max_tokens():
    llm = ScriptedLLM(replies=["Deep learning uses many layers [1]. STOP here", "one two three four"])
    usage = Usage()
    pieces = list(llm.stream([{"role": "user", "content": "What is DL?"}], stop=["STOP"], usage=usage))
    assert pieces == ["Deep", " learning", " uses", " many", " layers", " [1]."]
    assert usage.completion_tokens == 6 and usage.prompt_tokens == 3
    assert llm.complete([{"role": "user", "content": "again"}], max_tokens=2) == "one two"
    assert [p[-1]["content"] for p in llm.prompts] == ["What is DL?", "again"]
    with pytest.raises(LLMError, match="no reply left"):
        llm.complete([{"role": "user", "content": "a third time"}])


def test_invalid_json_is_asked_again_with_the_retry_prompt_then_refused():
    llm = ScriptedLLM(replies=['{"intent": "dance"}', '{"intent": "question"}'])
    assert llm.complete_json([{"role": "user", "content": "route"}], SCHEMA) == {"intent": "question"}
    retry = llm.prompts[1][-1]["content"]  # rendered from prompts/json_retry.j2
    assert retry.startswith("That was invalid: the reply did not match the schema") and '"enum"' in retry
    broken = ScriptedLLM(replies=["not json", "{still not"])
    with pytest.raises(LLMError, match="did not return valid JSON"):
        broken.complete_json([{"role": "user", "content": "route"}], SCHEMA)


def test_load_runs_once_across_threads_and_a_failed_load_is_retried():
    class Counting(LLM):
        calls = 0

        def _load(self) -> None:
            type(self).calls += 1
            if type(self).calls == 1:
                raise LLMError("the weights are damaged")

    llm = Counting()
    with pytest.raises(LLMError, match="damaged"):
        llm.load()
    threads = [threading.Thread(target=llm.load) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Counting.calls == 2  # the failure, then exactly one successful load


def test_building_the_embedded_backend_loads_nothing(tmp_path):
    from tutor.llm.llamacpp import LlamaCppLLM

    llm = LlamaCppLLM(Settings(data_dir=tmp_path))  # no model here: only a call would find out
    assert llm._llama is None and llm.concurrency == 1 and llm.constrained_json


def test_the_engine_answers_through_the_scripted_backend_without_llama_cpp(ingested_settings):
    from tutor.engine import Tutor

    llm = ScriptedLLM(replies=["LSTMs keep information over long sequences [1]."])
    engine = Tutor(ingested_settings, llm=llm)
    answer = engine.ask("What problem were LSTMs designed to solve?")
    assert answer.grounded and answer.answer.startswith("LSTMs keep information")
    prompt = llm.prompts[-1][-1]["content"]  # the passages the model was shown, and the question
    assert "LSTM" in prompt and "What problem were LSTMs designed to solve?" in prompt
    assert any("LSTM" in s.text for s in answer.sources)
