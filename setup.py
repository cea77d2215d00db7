"""Only what pyproject.toml cannot say: the top-level `prompts/` folder ships inside the package.

pyproject's `packages.find` cannot be combined with a package that lives outside `tutor/`, so the package list
is found here: every package under `tutor/`, plus `tutor.prompt_templates`, whose files are `prompts/`.
Everything else (metadata, dependencies, package data) is in pyproject.toml.
"""
from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages(include=["tutor", "tutor.*"]), "tutor.prompt_templates"],
      package_dir={"tutor.prompt_templates": "prompts"})
