"""The Chat tab's handlers: stream the engine's events into the chatbot, and retry / undo / clear / stop.

A question takes two steps: `show` puts it on screen at once, `respond` streams the answer when the
model's queue reaches it (`submit` does both, for API clients).

The browser keeps the displayed conversation; the engine keeps the one it answers from, under the
conversation id the browser holds (see identity.py), and stores every turn under the learner's id, so a
reload or a restart shows the conversation again (`restore`). Undo and retry keep screen and engine in step.

The engine's event stream is pulled one event at a time in a worker thread by an async handler, so Stop
returns at once even while llama.cpp is busy reading a prompt: the stream is closed (which ends decoding
and frees the model) as soon as that step is done, instead of Gradio holding the Stop until then.
"""
from __future__ import annotations

import asyncio
import logging
import re
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, AsyncIterator, Iterator

from tutor import render as words
from tutor.engine import MAX_TURNS, Tutor, check_input
from tutor.llm import LLMError
from tutor.types import DoneEvent, InputError, Source, SourcesEvent, TokenEvent, ToolEvent
from tutor.ui import render
from tutor.ui.identity import new_id

log = logging.getLogger(__name__)

Message = dict[str, Any]
Update = tuple[str, list[Message], str]  # (textbox, chatbot, session id)
_END = object()
DECLINED = ("off_topic", "not_covered")  # the engine's coverage of an answer it declined
_STEPS = ThreadPoolExecutor(max_workers=32, thread_name_prefix="tutor-ui")  # runs one step of a stream at a time
_STREAMING = re.compile(r"\s*" + re.escape(render.CURSOR.strip()) + r"\s*$")  # the cursor of an unfinished answer


def new_session(session_id: str | None) -> str:
    return session_id or uuid.uuid4().hex


def message_text(message: Message) -> str:
    """The text of a chatbot message in either the plain or the normalised (list of parts) form."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content
                       if not isinstance(p, dict) or p.get("type", "text") == "text")
    return ""


class ChatHandlers:
    """Thin adapter from `Tutor.ask_stream` events to chatbot messages."""

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor

    def show(self, message: str, history: list[Message] | None, session_id: str | None) -> tuple:
        """Put the question on screen at once, before it waits in the model's queue.

        Returns (textbox, chatbot, session, question); question is "" when the message is refused."""
        session_id = new_session(session_id)
        history = list(history or [])
        try:
            question = check_input(message, self.tutor.settings.max_question_chars)  # the engine's own check
        except InputError as exc:  # keep the text in the box so the learner can fix it
            return message, [*history, render.notice(str(exc))], session_id, ""
        return "", [*history, {"role": "user", "content": question},
                    {"role": "assistant", "content": render.THINKING}], session_id, question

    async def respond(self, question: str, history: list[Message], session_id: str,
                      learner: str | None = None) -> AsyncIterator[tuple]:
        """Stream the answer to the question `show` put up; yields (chatbot, session). With `learner`, the
        engine stores the turn in the learner store."""
        if not question:  # refused by `show`, or nothing to ask
            yield history, session_id
            return
        history = list(history)
        shown: dict[str, Any] = {"sources": [], "grounded": None, "offtopic": False, "text": "", "tool": None,
                                 "done": False}
        events: Iterator[Any] | None = None
        step: Future | None = None
        try:
            events = self.tutor.ask_stream(question, session_id, learner=learner or None)
            while True:
                step = _STEPS.submit(next, events, _END)
                event = await asyncio.wrap_future(step)
                if event is _END:
                    break
                if isinstance(event, SourcesEvent):
                    shown.update(sources=event.sources, grounded=event.grounded, offtopic=event.offtopic)
                elif isinstance(event, ToolEvent):
                    shown["tool"] = event.tool
                elif isinstance(event, TokenEvent):
                    shown["text"] += event.text
                elif isinstance(event, DoneEvent):
                    a = event.answer
                    shown.update(sources=a.sources, grounded=a.grounded, offtopic=a.offtopic, text=a.answer, tool=a.tool,
                                 done=True)
                history[-1] = {"role": "assistant", "content": render.answer_content(**shown)}
                yield history, session_id
        except (InputError, LLMError) as exc:
            history[-1] = render.notice(str(exc), "Sorry.")
            yield history, session_id
        except Exception:  # an adapter never crashes the page: log it, tell the learner
            log.exception("chat handler failed")
            history[-1] = render.notice("Something went wrong while answering; please try again.", "Sorry.")
            yield history, session_id
        finally:  # done, failed or stopped: close the engine's stream (ends decoding) once its step returns
            if events is not None:
                close = events.close  # type: ignore[attr-defined]
                if step is None:
                    close()
                else:
                    step.add_done_callback(lambda _: close())

    async def submit(self, message: str, history: list[Message] | None, session_id: str | None,
                     learner: str | None = None) -> AsyncIterator[Update]:
        """`show` then `respond` in one call (the API's /chat); yields (textbox, chatbot, session)."""
        box, history, session_id, question = self.show(message, history, session_id)
        yield box, history, session_id
        if question:
            async for history, session_id in self.respond(question, history, session_id, learner):
                yield box, history, session_id

    def _drop_last_turn(self, history: list[Message], session_id: str) -> tuple[list[Message], str]:
        """Remove the last question and what followed it, from the screen and from the engine."""
        history = list(history or [])
        while history and history[-1].get("role") != "user":
            history.pop()
        if not history:
            return history, ""
        question = message_text(history.pop())
        turns = self.tutor.history(session_id) if session_id else []
        on_screen = 1 + sum(m.get("role") == "user" for m in history)
        # the engine's session is the truth: take back its last turn and hand back the question it held, unless
        # that turn is not on screen (a stopped or failed answer is never recorded, so the engine holds fewer)
        if turns and (turns[-1][0] == question or len(turns) >= on_screen):
            question = self.tutor.undo(session_id)[0]
        return history, question

    def undo(self, history: list[Message] | None, session_id: str | None, learner: str | None = None) -> Update:
        history, question = self._drop_last_turn(history or [], session_id or "")
        return question, history, self._forget_last(learner, session_id, question)

    def again(self, history: list[Message] | None, session_id: str | None, learner: str | None = None) -> tuple:
        """Retry: take the last question back and `show` it again; same return as `show`."""
        session_id = new_session(session_id)
        history, question = self._drop_last_turn(history or [], session_id)
        if not question:
            return "", history, session_id, ""
        return self.show(question, history, self._forget_last(learner, session_id, question))

    def _forget_last(self, learner: str | None, session_id: str | None, question: str) -> str:
        """The conversation id to go on with once the last turn is taken back. The store keeps turns (it has no
        way to delete one), so when it holds that turn the conversation goes on in a copy without it: a reload
        then shows what the screen shows."""
        session_id = new_session(session_id)
        if not learner or not question:
            return session_id
        stored = self.tutor.learners.turns(learner, session_id, limit=MAX_TURNS)
        if not stored or stored[-1]["question"] != question:  # a stopped answer: never stored
            return session_id
        copy = new_id()
        for t in stored[:-1]:
            self.tutor.learners.record_turn(learner, copy, t["question"], t["standalone"], t["answer"],
                                            t["sources"], t["coverage"], {})
        self.tutor.reset(session_id)  # the engine reads the copy from the store on the next question
        return copy

    def clear(self, session_id: str | None) -> Update:
        """A new conversation (a new id, so a reload does not bring the cleared one back)."""
        if session_id:
            self.tutor.reset(session_id)
        return "", [], new_id()

    # -- the learner store ----------------------------------------------------------------------------------------
    def restore(self, learner: str, session_id: str) -> list[Message]:
        """The stored conversation as chat messages (after a reload or a server restart)."""
        messages: list[Message] = []
        for turn in self.tutor.learners.turns(learner, session_id):
            sources = [Source(n=i, section=s.get("section", ""), source=s.get("source", ""), text=s.get("text", ""))
                       for i, s in enumerate(turn.get("sources") or [], start=1)]
            content = render.answer_content(sources=sources, grounded=bool(sources), text=turn["answer"], tool=None,
                                            done=True, offtopic=turn.get("coverage") in DECLINED)
            messages += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": content}]
        return messages

    def teach(self, action: str, history: list[Message] | None, session_id: str | None,
              learner: str | None) -> tuple:
        """"Explain more simply" / "Give me an example" about the last answer: a message built from its
        standalone question, answered by the engine from the same passages. Same return as `show`."""
        last = self._last_turn(learner, session_id)
        if last is None:
            return "", [*(history or []), render.notice("Ask a question first; then I can explain its answer "
                                                        "more simply or give an example.", "Nothing to explain.")], \
                new_session(session_id), ""
        return self.show(words.teaching_request(action, last["standalone"] or last["question"]), history, session_id)

    async def teach_submit(self, action: str, history: list[Message] | None, session_id: str | None,
                           learner: str | None) -> AsyncIterator[Update]:
        """`teach` then `respond` in one call, for API clients; yields (textbox, chatbot, session)."""
        box, history, session_id, question = self.teach(action, history, session_id, learner)
        yield box, history, session_id
        if question:
            async for history, session_id in self.respond(question, history, session_id, learner):
                yield box, history, session_id

    def _last_turn(self, learner: str | None, session_id: str | None) -> dict[str, Any] | None:
        if not learner or not session_id:
            return None
        turns = self.tutor.learners.turns(learner, session_id, limit=1)
        return turns[-1] if turns else None

    def last_sections(self, learner: str | None, session_id: str | None) -> list[str]:
        """The sections the last answer cited, best first (for "Quiz me on this")."""
        last = self._last_turn(learner, session_id)
        return [s["section"] for s in (last or {}).get("sources") or [] if s.get("section")]

    def stopped(self, history: list[Message] | None) -> list[Message]:
        """Mark the answer the learner stopped, so it does not look finished."""
        history = list(history or [])
        if not history or history[-1].get("role") != "assistant":
            return history
        content = history[-1]["content"]
        parts = list(content) if isinstance(content, list) else [content]
        last = parts[-1]["text"] if isinstance(parts[-1], dict) and "text" in parts[-1] else parts[-1]
        if isinstance(last, str) and (_STREAMING.search(last) or last == render.THINKING):
            parts[-1] = _STREAMING.sub("", last.replace(render.THINKING, "")) + "\n\n*(stopped)*"
            history[-1] = {"role": "assistant", "content": parts}
        return history
