"""The prompt templates, shipped inside the package as `tutor.prompt_templates` (see tutor/prompts.py)."""
