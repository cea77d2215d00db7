"""Runnable demos: a registry of typed demo functions, a router that picks one from a message, and a
sandbox that runs it in a separate, limited process.

Heavy libraries (scikit-learn, PyTorch, matplotlib) are imported only inside the sandboxed child.
"""
from tutor.tools.registry import DemoError, all_demos
from tutor.tools.router import Route, catalog_text, route
from tutor.tools.sandbox import run_demo


def list_demos() -> list[dict]:
    """Every demo: name, description, cited section and JSON schema of its arguments."""
    return [demo.to_json() for demo in all_demos()]


__all__ = ["DemoError", "Route", "catalog_text", "list_demos", "route", "run_demo"]
