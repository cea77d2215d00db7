"""llama-cpp-python's OpenAI-compatible server, with the weight buffers chosen as the tutor chooses them.

`python -m tutor.llm.serve --model … [any llama_cpp.server option]` is `python -m llama_cpp.server` after
`weight_buffers.apply` (TUTOR_WEIGHT_BUFFERS, default auto): on a CPU with AMX the plain server crashes at its
first prompt (tutor/llm/weight_buffers.py).
"""
from __future__ import annotations

from tutor.config import Settings
from tutor.llm import weight_buffers


def main() -> None:
    weight_buffers.apply(Settings().weight_buffers)
    from llama_cpp.server.__main__ import main as serve

    serve()


if __name__ == "__main__":
    main()
