"""Check a framework file against the JSON Schema and the rules the loader applies, listing every problem."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from curriculum_map.core.yamlfile import parse_yaml
from curriculum_map.framework.model import FrameworkError, FrameworkProblem, build_framework, yaml_problem
from curriculum_map.framework.schema import framework_schema

NEW_FRAMEWORK = "framework-new.yaml"


def _path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _unknown_keys(error: Any) -> list[FrameworkProblem]:
    """Keys the schema does not know, each at its own path and worded as the loader words them."""
    import difflib

    allowed = list(error.schema.get("properties", {}))
    where = _path(error.absolute_path)
    problems = []
    for key in error.instance:
        if key in allowed:
            continue
        path = f"{where}.{key}" if where else str(key)
        close = difflib.get_close_matches(str(key).lower(), allowed, n=1, cutoff=0.6)
        if close:
            problems.append(
                FrameworkProblem(path, "framework-unknown-key-suggestion", {"key": key, "suggestion": close[0]})
            )
        else:
            problems.append(
                FrameworkProblem(path, "framework-unknown-key", {"key": key, "allowed": ", ".join(allowed)})
            )
    return problems


def _problems(error: Any) -> list[FrameworkProblem]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error)
    return [_problem(error)]


def _problem(error: Any) -> FrameworkProblem:
    """A schema violation as a problem of the catalogue (jsonschema's own English for the rare rest)."""
    path, validator = _path(error.absolute_path), error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return FrameworkProblem(path, "framework-schema-required", {"key": missing})
    if validator == "type":
        found = type(error.instance).__name__
        return FrameworkProblem(path, "framework-schema-type", {"expected": error.validator_value, "found": found})
    if validator in ("minItems", "minProperties", "minLength"):
        return FrameworkProblem(path, "framework-schema-too-few", {"minimum": error.validator_value})
    if validator == "maxItems":
        return FrameworkProblem(path, "framework-schema-too-many", {"maximum": error.validator_value})
    if validator == "pattern":
        return FrameworkProblem(path, "framework-invalid-id", {"id": error.instance})
    if validator == "oneOf":
        return FrameworkProblem(path, "framework-schema-text")
    return FrameworkProblem(path, "framework-schema-other", {"message": error.message})


def _same(problem: FrameworkProblem) -> tuple[str, str]:
    """What makes two problems one: the path and the message (an unknown key once, however its list is worded)."""
    unknown = problem.code.startswith("framework-unknown-key")
    return problem.path, problem.code if unknown else problem.message


def check_framework_file(path: Path) -> list[FrameworkProblem]:
    """Every problem in a framework file: schema violations first, then the loader's own rules."""
    from jsonschema import Draft202012Validator

    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [FrameworkProblem("", "framework-not-found")]
    except (OSError, UnicodeDecodeError) as exc:
        return [FrameworkProblem("", "framework-unreadable", {"reason": str(exc)})]
    except yaml.YAMLError as exc:
        return [yaml_problem(exc, getattr(exc, "problem", None) or str(exc))]
    validator = Draft202012Validator(framework_schema())
    problems = [
        problem
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for problem in _problems(error)
    ]
    _, rule_problems = build_framework(document, source=str(path))
    seen = {_same(p) for p in problems}
    problems += [p for p in rule_problems if _same(p) not in seen]
    return problems


def write_new_framework(target: Path, overwrite: bool = False) -> Path:
    """Write a small, valid, commented framework file to start from."""
    if target.exists() and not overwrite:
        raise FrameworkError(str(target), [FrameworkProblem("", "framework-exists")])
    text = (resources.files("curriculum_map") / "data" / NEW_FRAMEWORK).read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    return target
