"""The VSS mapping: KUKSA ``dbc2vss`` annotations on a VSS tree.

Two file shapes are read, as kuksa-can-provider reads them:

* a VSS JSON tree (``vss-tools`` export): ``{"Vehicle": {"type": "branch", "children": {...}}}`` whose
  leaves may carry ``"dbc2vss": {...}`` (or the older ``"dbc": {...}``);
* a ``.vspec`` overlay (YAML) with flat dotted keys: ``Vehicle.Speed: {datatype: float, dbc2vss: {...}}``.

A ``dbc2vss`` block has ``signal`` (the DBC signal name; a name several messages carry feeds the VSS
signal from each of them, as KUKSA's provider does, and ``Message.Signal`` picks one), optional
``interval_ms``, ``on_change`` and
``transform`` with either ``math`` (an expression in x) or ``mapping`` (a list of ``from``/``to``).
Only the CAN-to-VSS direction is used; ``vss2dbc`` blocks are read past.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cockpit.decode.transform import MathTransform, compile_math
from cockpit.errors import MappingError, TransformError

_ANNOTATION_KEYS = ("dbc2vss", "dbc")


@dataclass(frozen=True)
class MappingEntry:
    """One VSS signal fed from one DBC signal."""

    path: str
    signal: str
    datatype: str | None
    unit: str | None
    description: str
    allowed: tuple[Any, ...] | None
    interval_ms: int
    on_change: bool
    math: MathTransform | None
    math_source: str | None
    value_map: tuple[tuple[Any, Any], ...] | None  # (from, to) pairs of transform.mapping
    file: Path
    line: int | None

    @property
    def where(self) -> str:
        """``file:line`` of this entry, for error messages."""
        return f"{self.file}:{self.line}" if self.line else str(self.file)


def load_mapping(path: str | Path) -> list[MappingEntry]:
    """Read a KUKSA-format mapping (VSS JSON or vspec YAML); raise MappingError naming file and line."""
    path = Path(path)
    if not path.is_file():
        raise MappingError(f"{path}: no such mapping file; pass an existing file with --mapping")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: cannot read the mapping ({exc})") from None
    if path.suffix.lower() == ".json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingError(
                f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
            ) from None
        nodes = _walk_json_tree(document, path)
    else:
        # Imported here: PyYAML costs a head unit 2 MB resident, and its car's mapping is usually
        # data in a car profile or JSON; only a .vspec overlay needs it.
        import yaml

        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise MappingError(f"{path}{line}: not valid YAML: {problem}") from None
        nodes = _walk_flat_vspec(document, path)
    return _entries(nodes, path, _LineIndex(text))


def mapping_from_document(document: dict[str, Any], source: str | Path) -> list[MappingEntry]:
    """Read a mapping given as a parsed ``.vspec`` overlay (dotted VSS paths to KUKSA nodes).

    Car profiles keep their mapping as data in this shape; ``source`` names it in errors.
    """
    path = Path(str(source))
    return _entries(_walk_flat_vspec(document, path), path, _LineIndex(""))


def _entries(nodes: Any, path: Path, lines: _LineIndex) -> list[MappingEntry]:
    entries = [
        entry for vss_path, node in nodes if (entry := _entry(vss_path, node, path, lines)) is not None
    ]
    if not entries:
        raise MappingError(
            f"{path}: no VSS signal carries a 'dbc2vss' (or 'dbc') block with a 'signal'; "
            "is this a KUKSA dbc2vss mapping?"
        )
    return entries


def _walk_json_tree(document: Any, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(document, dict):
        raise MappingError(
            f'{path}: a VSS JSON mapping is an object whose top key is the root branch (e.g. "Vehicle")'
        )
    stack: list[tuple[str, Any]] = [(name, node) for name, node in document.items()]
    while stack:
        vss_path, node = stack.pop(0)
        if not isinstance(node, dict):
            continue
        if any(key in node for key in _ANNOTATION_KEYS):
            yield vss_path, node
        children = node.get("children")
        if isinstance(children, dict):
            stack.extend((f"{vss_path}.{name}", child) for name, child in children.items())


def _walk_flat_vspec(document: Any, path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if document is None:
        return
    if not isinstance(document, dict):
        raise MappingError(
            f"{path}: a vspec overlay is a YAML mapping of dotted VSS paths to their "
            "definitions (e.g. 'Vehicle.Speed:')"
        )
    for vss_path, node in document.items():
        if isinstance(node, dict) and any(key in node for key in _ANNOTATION_KEYS):
            yield str(vss_path), node


class _LineIndex:
    """Line numbers of keys and ``signal:`` values in a mapping file, found in one pass each.

    Used to name the line in error messages (JSON and YAML parsers keep no positions for values).
    A name that occurs several times points at its first occurrence.
    """

    _KEY = re.compile(r'^\s*"?([\w.\-]+)"?\s*:', re.MULTILINE)
    _SIGNAL = re.compile(r'signal"?\s*:\s*"?([\w.\-]+)')

    def __init__(self, text: str) -> None:
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.keys: dict[str, int] = {}
        self.signals: dict[str, int] = {}
        for pattern, found in ((self._KEY, self.keys), (self._SIGNAL, self.signals)):
            for match in pattern.finditer(text):
                found.setdefault(match.group(1), bisect.bisect_right(self._line_starts, match.start(1)))


def _entry(vss_path: str, node: dict[str, Any], file: Path, lines: _LineIndex) -> MappingEntry | None:
    annotation = next(node[key] for key in _ANNOTATION_KEYS if key in node)
    leaf = vss_path.rsplit(".", 1)[-1]
    line = lines.keys.get(vss_path) or lines.keys.get(leaf)
    where = f"{file}:{line}" if line else str(file)
    if not isinstance(annotation, dict):
        raise MappingError(f"{where}: {vss_path}: the dbc2vss block must be a mapping with a 'signal'")
    signal = annotation.get("signal")
    if not isinstance(signal, str) or not signal:
        raise MappingError(f"{where}: {vss_path}: dbc2vss needs 'signal', the name of a DBC signal")
    line = lines.signals.get(signal) or line
    where = f"{file}:{line}" if line else str(file)

    interval = annotation.get("interval_ms", 0) or 0
    if not isinstance(interval, int) or isinstance(interval, bool) or interval < 0:
        raise MappingError(
            f"{where}: {vss_path}: interval_ms must be a whole number of milliseconds, got {interval!r}"
        )
    on_change = annotation.get("on_change", False)
    if not isinstance(on_change, bool):
        raise MappingError(f"{where}: {vss_path}: on_change must be true or false, got {on_change!r}")

    math_source = None
    math = None
    value_map = None
    transform = annotation.get("transform")
    if transform is not None:
        if not isinstance(transform, dict) or not ({"math", "mapping"} & transform.keys()):
            raise MappingError(f"{where}: {vss_path}: transform must have 'math' or 'mapping'")
        if "math" in transform and "mapping" in transform:
            raise MappingError(f"{where}: {vss_path}: transform has both 'math' and 'mapping'; use one")
        if "math" in transform:
            math_source = transform["math"]
            try:
                math = compile_math(math_source)
            except TransformError as exc:
                raise TransformError(f"{where}: {vss_path}: {exc}") from None
        else:
            pairs = transform["mapping"]
            if not isinstance(pairs, list) or not pairs:
                raise MappingError(
                    f"{where}: {vss_path}: transform.mapping must be a list of {{from: ..., to: ...}} pairs"
                )
            checked = []
            for pair in pairs:
                if not isinstance(pair, dict) or "from" not in pair or "to" not in pair:
                    raise MappingError(
                        f"{where}: {vss_path}: each transform.mapping item needs 'from' "
                        f"and 'to', got {pair!r}"
                    )
                checked.append((pair["from"], pair["to"]))
            value_map = tuple(checked)

    allowed = node.get("allowed")
    return MappingEntry(
        path=vss_path,
        signal=signal,
        datatype=node.get("datatype"),
        unit=node.get("unit"),
        description=str(node.get("description", "")),
        allowed=tuple(allowed) if isinstance(allowed, list) else None,
        interval_ms=interval,
        on_change=on_change,
        math=math,
        math_source=math_source,
        value_map=value_map,
        file=file,
        line=line,
    )
