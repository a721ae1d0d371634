"""The data tables discovery runs on: service types to browse and what Xiaomi models are.

Both live as TOML files in ``cockpit/discovery/data`` so that supporting a new model family or
service type is a data change. They are read and checked once; a broken table is a clear error
naming the file and the entry.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from cockpit.discovery.device import DeviceKind
from cockpit.errors import DiscoveryError


@dataclass(frozen=True)
class ServiceTypeEntry:
    """One row of the service-type table: a type to browse and the recogniser for it."""

    type: str
    recogniser: str
    description: str
    only_xiaomi: bool


@dataclass(frozen=True)
class MiioFamily:
    """What a miIO model prefix means: its kind and a display name."""

    prefix: str
    kind: DeviceKind
    name: str


@dataclass(frozen=True)
class ModelCatalog:
    """The model-to-kind knowledge: miIO prefixes, brand patterns, HomeKit categories."""

    miio: tuple[MiioFamily, ...]  # longest prefix first, so the first match is the best
    brand_patterns: tuple[re.Pattern[str], ...]
    brand_kinds: tuple[tuple[re.Pattern[str], DeviceKind], ...]
    homekit_categories: dict[str, DeviceKind]

    def miio_family(self, model: str) -> MiioFamily | None:
        """The most specific family for a miIO model (``zhimi.airpurifier.m1``), or None."""
        model = model.lower()
        for family in self.miio:
            if model == family.prefix or model.startswith(family.prefix + "."):
                return family
        return None

    def is_xiaomi_family(self, *texts: str) -> bool:
        """Whether any of ``texts`` (a TXT model or friendly name) names a Xiaomi-family product."""
        return any(p.search(t) for t in texts if t for p in self.brand_patterns)

    def kind_from_words(self, *texts: str) -> DeviceKind | None:
        """The kind a product name implies (``Mi TV Stick`` -> tv), or None."""
        for pattern, kind in self.brand_kinds:
            if any(pattern.search(t) for t in texts if t):
                return kind
        return None


def _data_path(name: str) -> Path:
    return Path(str(resources.files("cockpit.discovery") / "data" / name))


def _load_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DiscoveryError(f"cannot read discovery table {path}: {exc}; reinstall cockpit") from exc


def _kind(path: Path, where: str, value: object) -> DeviceKind:
    try:
        return DeviceKind(str(value))
    except ValueError:
        raise DiscoveryError(
            f"{path}: {where} has kind {value!r}; use one of {', '.join(k.value for k in DeviceKind)}"
        ) from None


def _pattern(path: Path, where: str, text: object) -> re.Pattern[str]:
    try:
        return re.compile(str(text), re.IGNORECASE)
    except re.error as exc:
        raise DiscoveryError(
            f"{path}: {where} pattern {text!r} is not a valid regular expression: {exc}"
        ) from None


def load_service_types(path: Path | None = None) -> tuple[ServiceTypeEntry, ...]:
    """Read the service-type table (``data/service_types.toml`` unless ``path`` is given)."""
    path = path or _data_path("service_types.toml")
    entries = []
    for index, row in enumerate(_load_toml(path).get("service", []), start=1):
        try:
            entries.append(
                ServiceTypeEntry(
                    type=str(row["type"]),
                    recogniser=str(row["recogniser"]),
                    description=str(row.get("description", "")),
                    only_xiaomi=bool(row.get("only_xiaomi", False)),
                )
            )
        except KeyError as exc:
            raise DiscoveryError(f"{path}: service entry {index} has no {exc.args[0]!r}") from None
    if not entries:
        raise DiscoveryError(f"{path}: no [[service]] entries; discovery would browse nothing")
    return tuple(entries)


def load_model_catalog(path: Path | None = None) -> ModelCatalog:
    """Read the model table (``data/models.toml`` unless ``path`` is given)."""
    path = path or _data_path("models.toml")
    data = _load_toml(path)
    families = []
    for prefix, row in data.get("miio", {}).items():
        if not isinstance(row, dict) or "kind" not in row:
            raise DiscoveryError(f"{path}: [miio] {prefix!r} needs a kind")
        families.append(
            MiioFamily(
                prefix=prefix.lower(),
                kind=_kind(path, f"[miio] {prefix!r}", row["kind"]),
                name=str(row.get("name", prefix)),
            )
        )
    families.sort(key=lambda family: len(family.prefix), reverse=True)
    brands = data.get("brands", {})
    return ModelCatalog(
        miio=tuple(families),
        brand_patterns=tuple(_pattern(path, "[brands]", p) for p in brands.get("patterns", [])),
        brand_kinds=tuple(
            (
                _pattern(path, "[[brands.kind]]", row.get("pattern")),
                _kind(path, "[[brands.kind]]", row.get("kind")),
            )
            for row in brands.get("kind", [])
        ),
        homekit_categories={
            str(ci): _kind(path, f"[homekit_categories] {ci!r}", kind)
            for ci, kind in data.get("homekit_categories", {}).items()
        },
    )


@cache
def default_service_types() -> tuple[ServiceTypeEntry, ...]:
    """The packaged service-type table, read once."""
    return load_service_types()


@cache
def default_model_catalog() -> ModelCatalog:
    """The packaged model table, read once."""
    return load_model_catalog()
