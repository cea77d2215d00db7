"""The Gradio app: four tabs wired to the handlers, one queue in front of the model."""
from __future__ import annotations

import sys
import time
from typing import Any

import gradio as gr

from tutor.config import Settings
from tutor.engine import Tutor
from tutor.ui.chat import ChatHandlers
from tutor.ui.knowledge import HEADERS, KnowledgeHandlers
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
    chat, knowledge, quiz = ChatHandlers(tutor), KnowledgeHandlers(tutor), QuizHandlers(tutor)
    mb = tutor.settings.max_upload_bytes / 1_000_000

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        session = gr.State("")  # a uuid per browser tab: the engine's and the quiz's session id
        gr.Markdown(INTRO, elem_id="intro")
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
                options = gr.Radio(choices=[], label="Your answer", visible=False)
                check = gr.Button("Check answer", variant="primary", visible=False)
                feedback = gr.Markdown()
                next_question = gr.Button("Next question", visible=False)
                retry_wrong = gr.Button("Retry the ones I missed", visible=False)
                score = gr.Markdown()

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
        answer = dict(fn=chat.respond, inputs=[pending, chatbot, session], outputs=[chatbot, session],
                      api_visibility="private", **LLM_QUEUE)
        unlock = dict(fn=lambda: (gr.Textbox(interactive=True), *[gr.Button(interactive=True)] * len(controls)),
                      outputs=[textbox, *controls], queue=False, api_visibility="private")
        asked = textbox.submit(lambda m, h, s: locked(*chat.show(m, h, s)), [textbox, chatbot, session],
                               **first).then(**answer)
        retried = retry.click(lambda h, s: locked(*chat.again(h, s)), [chatbot, session], **first).then(**answer)
        picked = chatbot.example_select(example, [chatbot, session], **{**first, "outputs": first["outputs"] + [tabs]}
                                        ).then(**answer)
        for done in (asked, retried, picked):
            done.then(**unlock)
        # both steps as one streaming endpoint for API clients (gradio_client: api_name="/chat")
        called = gr.Button(visible=False).click(chat.submit, [textbox, chatbot, session], [textbox, chatbot, session],
                                                api_name="chat", **LLM_QUEUE)
        # cancel first (closing the handler closes the engine's stream), then mark the answer as stopped
        stop.click(None, cancels=[asked, retried, picked, called]).then(
            chat.stopped, chatbot, chatbot, api_name="stop", concurrency_limit=None).then(**unlock)
        undo.click(chat.undo, [chatbot, session], [textbox, chatbot, session], api_name="undo",
                   concurrency_limit=None)
        clear.click(chat.clear, session, [textbox, chatbot, session], api_name="clear", concurrency_limit=None)
        chatbot.clear(chat.clear, session, [textbox, chatbot, session], api_visibility="private",
                      concurrency_limit=None)

        # quizzes: scoring is instant; reading a free-text profile uses the model
        recommend.click(quiz.recommend, radios, advice, api_name="recommend", concurrency_limit=None)
        from_text.click(quiz.recommend_from_text, about, advice, api_name="recommend_text", **LLM_QUEUE)
        shown = [question, options, feedback, score, check, next_question, retry_wrong, session]
        start.click(quiz.start, [topic, session], shown, api_name="practice_start", concurrency_limit=None)
        check.click(quiz.check, [options, session], [feedback, score, options, check, next_question],
                    api_name="practice_answer", concurrency_limit=None)
        next_question.click(quiz.next, session, shown, api_name="practice_next", concurrency_limit=None)
        retry_wrong.click(quiz.retry_wrong, session, shown, api_name="practice_retry", concurrency_limit=None)

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
