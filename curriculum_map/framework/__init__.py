"""Competence frameworks: the model, loading and checking a framework file, CASE and Moodle, crosswalks.

The JSON Schema (schema.py, data/framework.schema.json) says what keys and shapes a framework file has;
the loader (model.py) takes its key table from it and adds the rules between parts.

May import core only. The model is the vocabulary every other package speaks.
"""

from curriculum_map.framework.model import (
    Cluster,
    Competence,
    Component,
    Focus,
    Framework,
    FrameworkError,
    Level,
    Position,
    Programme,
    load_framework,
)

__all__ = [
    "Cluster",
    "Competence",
    "Component",
    "Focus",
    "Framework",
    "FrameworkError",
    "Level",
    "Position",
    "Programme",
    "load_framework",
]
