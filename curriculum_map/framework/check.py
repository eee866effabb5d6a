"""Check a framework file against the JSON Schema and the rules the loader applies, listing every problem."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.framework.model import FrameworkError, FrameworkProblem, build_framework

NEW_FRAMEWORK = "framework-new.yaml"


def framework_schema() -> dict[str, Any]:
    """The JSON Schema of the framework format, as shipped in the package."""
    return json.loads(
        (resources.files("curriculum_map") / "data" / "framework.schema.json").read_text(encoding="utf-8")
    )


def _path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _message(error: Any) -> str:
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"'{missing}' ontbreekt"
    if validator == "type":
        return f"verwacht {error.validator_value}, gevonden {type(error.instance).__name__}"
    if validator in ("minItems", "minProperties", "minLength"):
        return f"te weinig (minstens {error.validator_value})"
    if validator == "maxItems":
        return f"te veel (hoogstens {error.validator_value})"
    if validator == "pattern":
        return f"'{error.instance}' is geen geldige id (letters, cijfers, punten)"
    if validator == "oneOf":
        return "verwacht een tekst, of een mapping taal: tekst"
    return error.message


def check_framework_file(path: Path) -> list[FrameworkProblem]:
    """Every problem in a framework file: schema violations first, then the loader's own rules."""
    from jsonschema import Draft202012Validator

    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [FrameworkProblem("", "bestand niet gevonden")]
    except (OSError, UnicodeDecodeError) as exc:
        return [FrameworkProblem("", f"kan niet gelezen worden ({exc})")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark is not None else ""
        return [FrameworkProblem(where, f"geen geldige YAML of JSON: {getattr(exc, 'problem', None) or exc}")]
    validator = Draft202012Validator(framework_schema())
    problems = [
        FrameworkProblem(_path(error.absolute_path), _message(error))
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    _, rule_problems = build_framework(document, source=str(path))
    seen = {(p.path, p.message) for p in problems}
    problems += [p for p in rule_problems if (p.path, p.message) not in seen]
    return problems


def write_new_framework(target: Path, overwrite: bool = False) -> Path:
    """Write a small, valid, commented framework file to start from."""
    if target.exists() and not overwrite:
        raise FrameworkError(str(target), [FrameworkProblem("", "bestaat al; kies een andere naam of gebruik --force")])
    text = (resources.files("curriculum_map") / "data" / NEW_FRAMEWORK).read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    return target
