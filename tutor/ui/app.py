"""The Gradio app: five tabs wired to the handlers, one queue in front of the model.

Who the learner is comes from the browser (identity.py): on load, the saved ids restore the conversation
and the progress from the learner store. Per-learner values live in the browser and in Gradio's per-tab
state, never in this module.
"""
from __future__ import annotations

import functools
import sys
import time
from typing import Any

import gradio as gr

from tutor import render as words
from tutor.config import Settings
from tutor.engine import Tutor
from tutor.learners import LearnerService
from tutor.ui import identity
from tutor.ui.chat import ChatHandlers
from tutor.ui.knowledge import HEADERS, KnowledgeHandlers
from tutor.ui.progress import ProgressHandlers
from tutor.ui.quiz import QuizHandlers

TITLE = "ML vs DL Tutor"
QUIZ_EXAMPLE = "Which should I learn first? Take the quiz"
EXAMPLES = [
    {"text": "What is the difference between machine learning and deep learning?",
     "display_text": "❓ What is the difference between machine learning and deep learning?"},
    {"text": "Show me a decision tree on iris", "display_text": "🔬 Show me a decision tree on iris"},
    {"text": QUIZ_EXAMPLE, "display_text": "🧭 Which should I learn first? Take the quiz"},
]
INTRO = (f"# 🎓 {TITLE}\n"
         "Learn **machine learning vs deep learning** from one document. Every answer shows the passages it "
         "comes from; ask for a **demo** to watch an algorithm run, or take a **quiz**. Everything runs on this "
         "computer.")
WELCOME = ("### 👋 Ask me about machine learning and deep learning\n"
           "I answer from the document and show you where each answer comes from. Try one of these:")
THEME = gr.themes.Soft(primary_hue="indigo", secondary_hue="sky", neutral_hue="slate",
                       font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],  # no web fonts:
                       font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])  # works offline
CSS = """
.gradio-container { max-width: 1120px !important; margin: 0 auto !important; }
#intro h1 { margin-bottom: 0.2em; }
#chat details { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 2px 10px;
                margin: 6px 0; background: var(--background-fill-secondary); }
#chat details[open] { padding-bottom: 8px; }
#chat summary { cursor: pointer; font-size: 0.92em; }
#chat blockquote { border-left: 3px solid var(--color-accent); margin: 0 0 10px 0; padding: 4px 10px; }
#chat img { max-width: 520px; border-radius: 6px; }
"""
LLM_QUEUE: dict[str, Any] = {"concurrency_id": "llm", "concurrency_limit": "default"}  # one queue for the model


def build(tutor: Tutor) -> gr.Blocks:
    """The app's layout and events; `serve` queues and launches it."""
    if tutor.learners is None:  # the web UI always remembers its learners
        tutor.learners = LearnerService(tutor.settings)
    chat, knowledge, quiz = ChatHandlers(tutor), KnowledgeHandlers(tutor), QuizHandlers(tutor)
    progress = ProgressHandlers(tutor)
    mb = tutor.settings.max_upload_bytes / 1_000_000

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        saved = gr.BrowserState(None, storage_key=identity.STORAGE_KEY,
                                secret=identity.browser_secret(tutor.settings.data_dir))
        learner = gr.State("")  # the learner store's id, from the browser on load
        session = gr.State("")  # the conversation id: the engine's session and the stored conversation
        practice_round = gr.State(None)  # the practice round on screen (tutor.practice.Round)
        gr.Markdown(INTRO, elem_id="intro")
        greeting = gr.Markdown(elem_id="greeting")  # filled once the browser's ids are read (on load)
        with gr.Tabs() as tabs:
            with gr.Tab("💬 Chat", id="chat"):
                chatbot = gr.Chatbot(elem_id="chat", label="Tutor", show_label=False, height="64vh", min_height=420,
                                     placeholder=WELCOME, examples=EXAMPLES, buttons=["copy"],
                                     feedback_options=None, autoscroll=True)
                textbox = gr.Textbox(placeholder="Ask about machine learning vs deep learning, or ask for a demo…",
                                     show_label=False, submit_btn="Ask", autofocus=True, max_lines=6)
                with gr.Row(elem_id="chat-actions"):
                    stop = gr.Button("■ Stop", variant="stop", size="sm", scale=0, min_width=90)
                    retry = gr.Button("↻ Retry", size="sm", scale=0, min_width=90)
                    undo = gr.Button("↶ Undo", size="sm", scale=0, min_width=90)
                    clear = gr.Button("🗑 Clear", size="sm", scale=0, min_width=90)
                    simpler = gr.Button("🪶 Explain more simply", size="sm", scale=0, min_width=170)
                    example_btn = gr.Button("💡 Give me an example", size="sm", scale=0, min_width=170)
                    quiz_me = gr.Button("🎯 Quiz me on this", size="sm", scale=0, min_width=150)

            with gr.Tab("🧭 Which should I learn?", id="recommend"):
                with gr.Row():
                    with gr.Column(scale=5):
                        gr.Markdown("Answer what you can (skip the rest): the advice follows the document, and "
                                    "every reason cites it.")
                        radios = [gr.Radio(choices=[(o["text"], o["id"]) for o in q.options], label=q.text)
                                  for q in quiz.questions()]
                        recommend = gr.Button("Get my recommendation", variant="primary")
                        gr.Markdown("#### …or describe yourself")
                        about = gr.Textbox(show_label=False, lines=3, max_length=2000,
                                           placeholder="e.g. I know Python and some statistics, I have no GPU, "
                                                       "and I want to predict sales from spreadsheets.")
                        from_text = gr.Button("Recommend from my description")
                    with gr.Column(scale=6):
                        advice = gr.Markdown("Your recommendation will appear here.", elem_id="advice")

            with gr.Tab("✅ Practice", id="practice"):
                gr.Markdown("Check what you have learned: five questions, instant feedback, and where the "
                            "document explains each answer.")
                with gr.Row():
                    topic = gr.Dropdown(choices=quiz.topic_choices(), value="all", label="Topic", scale=3)
                    start = gr.Button("Start", variant="primary", scale=1)
                question = gr.Markdown("Choose a topic and press **Start**.")
                options = gr.Radio(choices=[], label="Your answer", visible=False, elem_id="answer-options")
                check = gr.Button("Check answer", variant="primary", visible=False)
                feedback = gr.Markdown(elem_id="feedback")
                with gr.Row():
                    why = gr.Button("🤔 Why? Ask the tutor", visible=False, scale=0, min_width=180)
                    next_question = gr.Button("Next question", visible=False, scale=0, min_width=160)
                    retry_wrong = gr.Button("Retry the ones I missed", visible=False, scale=0, min_width=200)
                score = gr.Markdown()

            with gr.Tab("📈 My progress", id="progress") as progress_tab:
                with gr.Row():
                    name = gr.Textbox(label="Your name (optional)", max_lines=1, max_length=200, scale=3,
                                      placeholder="Shown on your progress; nothing else is needed")
                    save_name = gr.Button("Save name", size="sm", scale=0, min_width=120)
                    refresh_progress = gr.Button("↻ Refresh", size="sm", scale=0, min_width=110)
                name_status = gr.Markdown()
                with gr.Row():
                    with gr.Column(scale=6):
                        chart = gr.Image(label="Mastery per topic", type="filepath", interactive=False,
                                         show_label=False, elem_id="mastery-chart")
                    with gr.Column(scale=5):
                        summary = gr.Markdown(elem_id="progress-summary")
                steps = gr.CheckboxGroup(choices=[], label="Your learning path", visible=False, elem_id="learning-path")
                steps_status = gr.Markdown(elem_id="steps-status")
                forget = gr.Button("Forget me", variant="stop", size="sm", scale=0, min_width=120)
                with gr.Row(visible=False) as confirm_row:
                    gr.Markdown("**Delete everything stored about you** (conversations, quiz answers, progress, "
                                "learning path)? This cannot be undone.")
                    confirm_forget = gr.Button("Yes, delete everything", variant="stop", size="sm", scale=0,
                                               min_width=200)
                    cancel_forget = gr.Button("Cancel", size="sm", scale=0, min_width=90)
                forget_status = gr.Markdown()

            with gr.Tab("📚 Knowledge", id="knowledge"):
                gr.Markdown("The tutor answers only from these documents. Add a Markdown or text file to "
                            "teach it more; unchanged files are skipped when you re-ingest.")
                documents = gr.Dataframe(value=knowledge.documents, headers=HEADERS, interactive=False,
                                         show_label=False)
                with gr.Row():
                    refresh = gr.Button("↻ Refresh", size="sm", scale=0, min_width=110)
                    reingest = gr.Button("Re-ingest the knowledge folder", size="sm", scale=0, min_width=240)
                upload = gr.File(label=f"Add a document (.md, .txt or .pdf, up to {mb:g} MB)", type="filepath",
                                 file_types=[".md", ".markdown", ".txt", ".pdf"])
                status = gr.Markdown()

        # chat: a question shows at once (no queue), then waits its turn in the model's one queue; while its
        # answer streams, the box and the buttons that would change the conversation are locked (not Stop)
        pending = gr.State("")  # the question the first step accepted, for `respond`
        controls = [retry, undo, clear]

        def locked(box: str, history: list, session_id: str, question: str) -> tuple:
            free = not question  # refused: nothing will stream
            return (gr.Textbox(value=box, interactive=free), history, session_id, question,
                    *[gr.Button(interactive=free)] * len(controls))

        def example(history: list, session_id: str, evt: gr.SelectData) -> tuple:
            if evt.value.get("text") == QUIZ_EXAMPLE:
                return (gr.skip(),) * 3 + ("",) + (gr.skip(),) * len(controls) + (gr.Tabs(selected="recommend"),)
            return (*locked(*chat.show(evt.value.get("text", ""), history, session_id)), gr.skip())

        first = dict(outputs=[textbox, chatbot, session, pending, *controls], queue=False, api_visibility="private")
        answer = dict(fn=chat.respond, inputs=[pending, chatbot, session, learner], outputs=[chatbot, session],
                      api_visibility="private", **LLM_QUEUE)
        unlock = dict(fn=lambda: (gr.Textbox(interactive=True), *[gr.Button(interactive=True)] * len(controls)),
                      outputs=[textbox, *controls], queue=False, api_visibility="private")
        asked = textbox.submit(lambda m, h, s: locked(*chat.show(m, h, s)), [textbox, chatbot, session],
                               **first).then(**answer)
        retried = retry.click(lambda h, s, l: locked(*chat.again(h, s, l)), [chatbot, session, learner], **first
                              ).then(**answer)
        picked = chatbot.example_select(example, [chatbot, session], **{**first, "outputs": first["outputs"] + [tabs]}
                                        ).then(**answer)
        # teaching actions on the last answer: a message built from its question, answered from the same passages
        simplified = simpler.click(lambda h, s, l: locked(*chat.teach("simpler", h, s, l)), [chatbot, session, learner],
                                   **first).then(**answer)
        exemplified = example_btn.click(lambda h, s, l: locked(*chat.teach("example", h, s, l)),
                                        [chatbot, session, learner], **first).then(**answer)
        # "Why?" after a practice answer: the chat explains it from the cited passage (verified and cited)
        explained = why.click(lambda r, h, s: (*locked(*chat.show(quiz.why(r), h, s)), gr.Tabs(selected="chat")),
                              [practice_round, chatbot, session], **{**first, "outputs": first["outputs"] + [tabs]}
                              ).then(**answer)
        for done in (asked, retried, picked, simplified, exemplified, explained):
            done.then(**unlock)
        # both steps as one streaming endpoint for API clients (gradio_client: api_name="/chat")
        called = gr.Button(visible=False).click(chat.submit, [textbox, chatbot, session, learner],
                                                [textbox, chatbot, session], api_name="chat", **LLM_QUEUE)
        taught = [gr.Button(visible=False).click(functools.partial(chat.teach_submit, action),
                                                 [chatbot, session, learner], [textbox, chatbot, session],
                                                 api_name=f"teach_{action}", **LLM_QUEUE) for action in words.TEACHING]
        # cancel first (closing the handler closes the engine's stream), then mark the answer as stopped
        stop.click(None, cancels=[asked, retried, picked, called, simplified, exemplified, explained, *taught]).then(
            chat.stopped, chatbot, chatbot, api_name="stop", concurrency_limit=None).then(**unlock)
        remember = dict(fn=identity.saved, inputs=[learner, session, name], outputs=saved, queue=False,
                        api_visibility="private")  # a new conversation or learner id goes back to the browser
        undo.click(chat.undo, [chatbot, session, learner], [textbox, chatbot, session], api_name="undo",
                   concurrency_limit=None).then(**remember)
        retried.then(**remember)
        clear.click(chat.clear, session, [textbox, chatbot, session], api_name="clear", concurrency_limit=None
                    ).then(**remember)
        chatbot.clear(chat.clear, session, [textbox, chatbot, session], api_visibility="private",
                      concurrency_limit=None).then(**remember)

        # quizzes: scoring is instant; reading a free-text profile uses the model
        recommend.click(quiz.recommend, [learner, *radios], advice, api_name="recommend", concurrency_limit=None)
        from_text.click(quiz.recommend_from_text, [learner, about], advice, api_name="recommend_text", **LLM_QUEUE)
        shown = [question, options, feedback, score, check, next_question, retry_wrong, why, practice_round]
        start.click(quiz.start, [topic, learner], shown + [learner], api_name="practice_start", concurrency_limit=None)
        check.click(quiz.check, [options, practice_round], [feedback, score, options, check, next_question, why,
                                                             practice_round],
                    api_name="practice_answer", concurrency_limit=None)
        next_question.click(quiz.next, practice_round, shown, api_name="practice_next", concurrency_limit=None)
        retry_wrong.click(quiz.retry_wrong, practice_round, shown, api_name="practice_retry", concurrency_limit=None)
        quiz_me.click(lambda l, s: (*quiz.about(l, chat.last_sections(l, s)), gr.Tabs(selected="practice")),
                      [learner, session], shown + [tabs], api_name="quiz_me", concurrency_limit=None)

        # my progress, and the learner's data is theirs
        shown_progress = dict(fn=progress.show, inputs=learner, outputs=[chart, summary, steps], concurrency_limit=None)
        progress_tab.select(**shown_progress, api_visibility="private")
        refresh_progress.click(**shown_progress, api_name="progress")
        steps.input(progress.tick, [learner, steps], steps_status, api_name="tick_steps", concurrency_limit=None)
        save_name.click(progress.rename, [learner, name], name_status, api_name="set_name", concurrency_limit=None
                        ).then(**remember)
        forget.click(lambda: gr.Row(visible=True), None, confirm_row, queue=False, api_visibility="private")
        cancel_forget.click(lambda: gr.Row(visible=False), None, confirm_row, queue=False, api_visibility="private")
        confirm_forget.click(progress.forget, [learner, session], [forget_status, learner, session], api_name="forget",
                             concurrency_limit=None).then(
            lambda: ([], "", "", gr.Row(visible=False), None), None, [chatbot, name, name_status, confirm_row,
                                                                      practice_round], queue=False,
            api_visibility="private").then(**remember).then(**shown_progress, api_visibility="private")

        # a reload or a restart: the browser's ids bring back the conversation and the progress
        def restore(stored: Any) -> tuple:
            who, conversation, display = identity.identity(stored)
            back = isinstance(stored, dict) and stored.get("learner") == who
            hello = (f"👋 Welcome back{', ' + display if display else ''}: your conversation and progress are "
                     "restored." if back else "👋 Your conversation and progress are kept in this browser; "
                     "no sign-up needed.")
            return (identity.saved(who, conversation, display), who, conversation, chat.restore(who, conversation),
                    display, *progress.show(who), hello)

        demo.load(restore, saved, [saved, learner, session, chatbot, name, chart, summary, steps, greeting],
                  api_name="restore", concurrency_limit=None)

        # knowledge base: one writer at a time
        refresh.click(knowledge.documents, None, documents, api_name="documents", concurrency_limit=None)
        upload.upload(knowledge.add, upload, [status, documents], api_name="add_document",
                      concurrency_id="ingest", concurrency_limit=1)
        reingest.click(knowledge.reingest, None, [status, documents], api_name="reingest",
                       concurrency_id="ingest", concurrency_limit=1)
    return demo


def serve(demo: gr.Blocks, tutor: Tutor, host: str, port: int, share: bool = False) -> str:
    """Queue and start the app in a background thread; returns the URL to open."""
    demo.queue(default_concurrency_limit=tutor.llm.concurrency, max_size=64)
    demo.launch(server_name=host, server_port=port, share=share, prevent_thread_lock=True, quiet=True,
                theme=THEME, css=CSS, allowed_paths=[str(tutor.settings.outputs_dir)],
                max_file_size=tutor.settings.max_upload_bytes, footer_links=["api", "settings"])
    return demo.share_url or demo.local_url


def launch(settings: Settings, host: str | None = None, port: int | None = None, share: bool | None = None) -> None:
    """`tutor ui`: warm the models up, serve, print where to open it, block until Ctrl-C."""
    host = host or settings.ui_host
    port = port or settings.ui_port
    started = time.perf_counter()
    print("Loading the models…", file=sys.stderr, flush=True)
    tutor = Tutor(settings)
    tutor.warm_up()
    demo = build(tutor)
    try:
        url = serve(demo, tutor, host, port, settings.ui_share if share is None else share)
    except OSError:  # Gradio's "Cannot find empty port"
        raise SystemExit(f"error: cannot listen on {host}:{port} (in use, or not an address of this machine); "
                         "choose another with --host / --port.") from None
    print(f"\nTutor ready in {time.perf_counter() - started:.0f} s: open {url} in your browser (Ctrl-C to stop).\n",
          flush=True)
    demo.block_thread()  # until Ctrl-C, then closes the server
