"""Slide decks (pptx, python-pptx): each slide one full-slide 16:9 picture, its title as alternative text,
and speaker notes. Generic: what the pictures show is up to the workflow that draws them."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from curriculum_map.render.output import atomic_path

# 13.333 x 7.5 inches, PowerPoint's "Widescreen" (16:9), in EMU (914,400 per inch)
SLIDE_WIDTH, SLIDE_HEIGHT = 12_192_000, 6_858_000
SLIDE_INCHES = (SLIDE_WIDTH / 914_400, SLIDE_HEIGHT / 914_400)
LANGUAGE_TAGS = {"nl": "nl-BE", "en": "en-GB"}


@dataclass(frozen=True)
class Slide:
    """One slide: a 16:9 PNG that fills it, what it shows (title, alternative text) and the speaker notes."""

    title: str
    png: bytes
    notes: str = ""


def write_deck(path: Path, slides: Sequence[Slide], title: str, lang: str) -> Path:
    """Write the deck to `path` atomically (a deck open in PowerPoint is never half replaced)."""
    from pptx import Presentation
    from pptx.util import Emu

    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    blank = deck.slide_layouts[6]  # the default template's "Blank" layout
    for number, content in enumerate(slides, start=1):
        slide = deck.slides.add_slide(blank)
        picture = slide.shapes.add_picture(io.BytesIO(content.png), 0, 0, SLIDE_WIDTH, SLIDE_HEIGHT)
        picture.name = f"{number}. {content.title}"[:250]
        picture._element.nvPicPr.cNvPr.set("descr", content.title)  # alternative text for screen readers
        if content.notes:
            slide.notes_slide.notes_text_frame.text = content.notes
    properties = deck.core_properties
    properties.title = title
    properties.language = LANGUAGE_TAGS.get(lang, lang)
    properties.author = properties.last_modified_by = "curriculum-map"
    with atomic_path(path) as temporary:
        deck.save(str(temporary))
    return path
