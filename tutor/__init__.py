"""A local-first AI tutor for machine learning vs deep learning.

The offline guards are set here, before anything imports huggingface, transformers,
chromadb or gradio: weights come only from pip packages, and nothing phones home.
"""
import os

for _name, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "TOKENIZERS_PARALLELISM": "false",
    # idle OpenMP threads sleep instead of spinning: on 2 cores shared with llama.cpp, spinning costs seconds
    "OMP_WAIT_POLICY": "PASSIVE",
}.items():
    os.environ.setdefault(_name, _value)

__version__ = "0.1.0"
