"""Competence frameworks: the model, loading and checking a framework file, CASE and Moodle, crosswalks.

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
