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
    engine = Tutor(ingested_settings.model_copy(update={"rewrite_below": 0.0}), llm=llm)  # one reply: the answer
    answer = engine.ask("What problem were LSTMs designed to solve?")
    assert answer.grounded and answer.answer.startswith("LSTMs keep information")
    prompt = llm.prompts[-1][-1]["content"]  # the passages the model was shown, and the question
    assert "LSTM" in prompt and "What problem were LSTMs designed to solve?" in prompt
    assert any("LSTM" in s.text for s in answer.sources)


# -- the document's structure: heading paths and sentences -------------------------------------------------------
MARKDOWN = """---
title: front matter is not a heading
---
# The Title

Intro under the title.

## Basics ##
Basics text with **bold**.

### Types
- item one
- item two

```python
# a comment in code, not a heading
```

## Basics

## Deep Learning
Layers. Many of them.
"""


def test_heading_paths_leave_out_the_title_and_code_and_nest_by_level():
    from tutor.document import headings, parse_sections

    assert [h.path for h in headings(MARKDOWN)] == ["Basics", "Basics > Types", "Basics", "Deep Learning"]
    sections = parse_sections(MARKDOWN)
    assert list(sections) == ["Basics", "Basics > Types", "Deep Learning"]  # a repeated path keeps the first
    assert sections["Basics"].text.startswith("Basics text with bold. ### Types - item one - item two")
    assert "# a comment in code" in sections["Basics > Types"].body
    assert sections["Deep Learning"].text == "Layers. Many of them."


def test_sentences_split_at_capitals_and_lines_and_their_ids_are_numbered_in_order():
    from tutor.document import numbered_sentences, sentence_ids, sentences

    text = "Trees split data, e.g. by a threshold. They are fast! Why? (Because.)\n- a list item\n- another one"
    assert sentences(text) == ["Trees split data, e.g. by a threshold.", "They are fast!", "Why?", "(Because.)",
                               "- a list item", "- another one"]
    assert numbered_sentences("doc.md:0003:abc", "One. Two.") == [("doc.md:0003:abc#0", "One."),
                                                                   ("doc.md:0003:abc#1", "Two.")]
    assert sentence_ids("c", text) == [f"c#{i}" for i in range(6)]


def test_chunks_carry_heading_paths_of_their_document():
    from tutor.config import PROJECT_ROOT
    from tutor.document import parse_sections
    from tutor.knowledge import chunk_document, read_document

    doc = read_document(PROJECT_ROOT / "knowledge" / "ml-vs-dl.md", 5_000_000)
    paths = set(parse_sections(doc.text))
    stray = {c.section for c in chunk_document(doc, 900, 120)} - paths
    assert not stray, f"chunk sections that are no heading path of the document: {sorted(stray)}"


def test_ingest_stores_sentence_ids_that_retrieval_reads_back(ingested_settings):
    from tutor.document import numbered_sentences
    from tutor.embeddings import get_embedder
    from tutor.retrieval import Retriever
    from tutor.store import open_collection

    embedder = get_embedder()
    chunks = Retriever(ingested_settings, embedder).search("What is a convolutional neural network?", k=3)
    index = open_collection(ingested_settings, embedder, create=False, sentences=True)
    for chunk in chunks:
        expected = numbered_sentences(chunk.id, chunk.text)
        got = index.get(ids=[i for i, _ in expected], include=["documents"])
        assert dict(zip(got["ids"], got["documents"])) == dict(expected)
    vectors = Retriever(ingested_settings, embedder).sentence_vectors(chunks)
    assert all(len(vectors[c.id]) == len(numbered_sentences(c.id, c.text)) for c in chunks)


# -- references into the knowledge base ---------------------------------------------------------------------------
def _bank_data() -> dict:
    import yaml
    from importlib import resources

    return yaml.safe_load(resources.files("tutor.quiz").joinpath("data", "bank.yaml").read_text(encoding="utf-8"))


def test_a_bank_with_a_wrong_heading_path_fails_to_load_naming_it():
    from tutor.document import BrokenReferenceError
    from tutor.quiz.schema import parse_bank

    data = _bank_data()
    assert parse_bank(data).questions  # the shipped bank loads
    data["questions"][3]["section"] = "What is Machine Learning? > Types of Machine Learnin"
    with pytest.raises(BrokenReferenceError, match=rf"bank.yaml question {data['questions'][3]['id']}: no heading "
                                                   r"path 'What is Machine Learning\? > Types of Machine Learnin' "
                                                   r"in ml-vs-dl.md"):
        parse_bank(data)


def test_a_recommendation_quote_the_document_does_not_have_fails_naming_the_option():
    import yaml
    from importlib import resources

    from tutor.document import BrokenReferenceError
    from tutor.quiz.schema import parse_recommend

    data = yaml.safe_load(resources.files("tutor.quiz").joinpath("data", "recommend.yaml").read_text("utf-8"))
    question = data["questions"][0]
    question["options"][1]["quote"] = "Deep learning needs no data at all"
    with pytest.raises(BrokenReferenceError, match=rf"question {question['id']} option "
                                                   rf"{question['options'][1]['id']}: quote not found"):
        parse_recommend(data)


def test_a_cited_document_missing_from_the_knowledge_folder_is_named(tmp_path):
    from tutor.document import BrokenReferenceError
    from tutor.quiz.schema import parse_bank

    with pytest.raises(BrokenReferenceError, match=r"cites the document 'ml-vs-dl.md', which is not in"):
        parse_bank(_bank_data(), knowledge_dir=tmp_path)


def test_demos_are_checked_against_the_knowledge_base_when_the_registry_loads(tmp_path, monkeypatch):
    from tutor.config import get_settings
    from tutor.document import BrokenReferenceError
    from tutor.tools import registry

    (tmp_path / "other.md").write_text("# Another document\n\n## Gardening\nSoil and water.\n", encoding="utf-8")
    monkeypatch.setenv("TUTOR_KNOWLEDGE_DIR", str(tmp_path))
    get_settings.cache_clear()
    monkeypatch.setattr(registry, "_CHECKED", [])
    try:
        with pytest.raises(BrokenReferenceError, match=r"demo classify: no heading path 'What is Machine Learning\? "
                                                       r"> Types of Machine Learning > Supervised Learning'"):
            registry.all_demos()
    finally:
        get_settings.cache_clear()


def test_a_prompt_citing_a_missing_section_fails_to_render_naming_the_prompt(tmp_path):
    from tutor.document import BrokenReferenceError
    from tutor.prompts import render

    (tmp_path / "example_question.j2").write_text('Passage [1], from "What is Machine Learning? > Typo":\nText.\n',
                                                  encoding="utf-8")
    with pytest.raises(BrokenReferenceError, match=r"prompt example_question.j2: no heading path "
                                                   r"'What is Machine Learning\? > Typo'"):
        render("example_question", tmp_path)
    assert render("example_question").startswith("Quoted passages")  # the shipped prompts cite real sections


# -- bounded maps from cachetools --------------------------------------------------------------------------------
def test_the_rate_limit_forgets_idle_users_and_stays_bounded():
    from tutor.discord_bot.limits import RateLimiter

    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0], max_users=3)
    assert limiter.check(1) == 0 and limiter.check(1) == 0
    assert limiter.check(1) == pytest.approx(60.0)  # a third request inside the minute waits for the first
    for user in range(2, 20):
        limiter.check(user)
    assert len(limiter._hits) <= 3
    now[0] = 61.0
    assert limiter.check(2) == 0 and len(limiter._hits) == 1  # everyone idle for a window is gone


def test_quiz_sessions_beyond_the_cap_drop_the_least_recently_used(tmp_path):
    from tutor.quiz import QuizInputError, QuizService

    service = QuizService(max_sessions=2)
    service.start_check("a", seed=1)
    service.start_check("b", seed=1)
    service.next("a")  # a is used again: b is now the oldest
    service.start_check("c", seed=1)
    assert service.next("a") is not None and service.next("c") is not None
    with pytest.raises(QuizInputError, match="no quiz in progress"):
        service.next("b")


# -- packaged prompts -----------------------------------------------------------------------------------------------
def test_prompts_come_from_the_package_unless_a_folder_is_named(tmp_path, monkeypatch):
    from tutor.prompts import packaged_dir, render

    assert Settings().prompts_dir is None and (packaged_dir() / "system.j2").is_file()
    (tmp_path / "condense.j2").write_text("Rewrite {{ followup }} after {{ previous_question }}.", encoding="utf-8")
    monkeypatch.setenv("TUTOR_PROMPTS_DIR", str(tmp_path))
    folder = Settings().prompts_dir
    assert render("condense", folder, followup="and RNNs?", previous_question="CNNs?") == \
        "Rewrite and RNNs? after CNNs?."
    with pytest.raises(Exception, match="previous_question"):  # strict: a missing variable is an error
        render("condense", folder, followup="and RNNs?")
