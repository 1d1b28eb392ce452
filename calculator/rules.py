"""Rule data for both cities, read from the dated TOML files in ``calculator/data/``.

The numbers live in the data files, never here: this module defines the typed, frozen records,
the loader that builds them (``load``) and the checks it runs once on the data, and
``lookup(city, indicator, on_date)``. Loading is a pure function of a data folder; the package's
own data is loaded once (``default``, cached) at import, so the browser's memory snapshot already
holds it. The module-level names (``ALL_RULES``, ``VERSIONS``, ...) are views of that default set.

Layout of the data folder (each file explains its fields in its header comment):
``cities.toml`` the cities, their order and each city's family rule (how parents' points serve
a child); ``sources.toml`` confidence levels, documents and the pages we read;
``<city>/<version>.toml`` one file per policy version with its rules and events;
``materials.toml``; ``cutoffs.toml``; ``deadlines.toml``.
"""

from __future__ import annotations

import functools
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .hosts import host_kind

Confidence = Literal["official", "official-reprint", "third-party", "unconfirmed", "inference"]
# Levels no source states outright: the checklist marks such an item 要求未证实.
NOT_CONFIRMED: tuple[Confidence, ...] = ("unconfirmed", "inference")
GROUPS = ("gate", "basic", "bonus", "deduction", "veto", "threshold")
# How a family's points serve a child: the higher parent's points, or either parent at the line.
FamilyUse = Literal["higher", "either"]
FAMILY_USES: tuple[FamilyUse, ...] = ("higher", "either")


class RuleDataError(ValueError):
    """The rule data is malformed; the message names the file and the entry (for developers)."""


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A page we read (the evidence). ``kind`` is what the page carries, in our words."""

    id: str
    title: str
    url: str
    date: str
    kind: str


@dataclass(frozen=True)
class Document:
    """A policy document a rule implements; empty strings where the sources do not say."""

    id: str
    title: str
    number: str
    issuer: str
    date: str
    in_force: str


@dataclass(frozen=True)
class Citation:
    source: str  # id of a page in sources.toml
    article: str  # article, clause or section, as the page shows it
    document: str = ""  # id of a document in sources.toml


@dataclass(frozen=True)
class Alternative:
    value: str
    sources: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PolicyVersion:
    id: str
    city: str
    label: str
    document: str
    effective_from: date
    effective_to: date | None
    scored: bool  # False: values unknown or historical only; the calculator does not score with it
    summary: str
    citation: Citation
    confidence: Confidence
    uncovered_indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str  # the rule's key in its version files: the same in every version ("age")
    indicator: str
    city: str
    group: str  # gate | basic | bonus | deduction | veto | threshold
    label: str
    condition: str
    points: str
    cap: float | None
    exclusions: tuple[str, ...]
    prerequisites: tuple[str, ...]
    effective_from: date
    effective_to: date | None
    citation: Citation
    confidence: Confidence
    params: Mapping[str, float] = field(default_factory=dict)
    versions: tuple[str, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    also_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CutoffLine:
    round_id: str
    label: str
    year: int
    points: int | None
    version: str
    citation: Citation
    confidence: Confidence
    alternatives: tuple[Alternative, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class PolicyEvent:
    city: str
    on: date
    title: str
    detail: str
    citation: Citation
    confidence: Confidence


@dataclass(frozen=True)
class MaterialAlternative:
    """What another reading of the rules says about a material (e.g. that it is not needed)."""

    text: str  # in plain Chinese, e.g. 修订后的实施细则（未证实）不再要求这项承诺
    source: str  # the page that says so (an id under [pages])


@dataclass(frozen=True)
class Material:
    id: str
    city: str
    indicator: str  # "basic" for materials everyone needs
    name: str
    why: str
    original: str
    where: str
    citation: Citation
    confidence: Confidence
    when: str = ""
    note: str = ""
    also_sources: tuple[str, ...] = ()  # other pages that say the same (or what the note cites)
    alternative: MaterialAlternative | None = None


@dataclass(frozen=True)
class Period:
    """A time limit of a city's process (deadlines.toml)."""

    id: str
    city: str
    value: tuple[int, ...]
    unit: str
    meaning: str
    sources: tuple[str, ...]
    article: str = ""  # where the sources state it
    confidence: Confidence = "unconfirmed"
    document: str = ""  # the document it implements, when there is one (sources.toml)


@dataclass(frozen=True)
class FamilyRule:
    """How a family's points serve a child in a city (``[family.<city>]`` in cities.toml)."""

    city: str
    use: FamilyUse  # higher: the child uses the higher parent's points; either: one is enough
    sentence: str  # the rule in one plain Chinese sentence
    citation: Citation  # the document, the article and the page we read first
    confidence: Confidence
    also_sources: tuple[str, ...] = ()  # other pages that say the same


@dataclass(frozen=True)
class RuleSet:
    cities: tuple[tuple[str, str], ...]  # (city id, Chinese name), in display order
    confidence_labels: tuple[tuple[str, str], ...]
    confidence_explained: tuple[tuple[str, str], ...]
    documents: tuple[Document, ...]
    sources: tuple[Source, ...]
    versions: tuple[PolicyVersion, ...]
    rules: tuple[Rule, ...]
    events: tuple[PolicyEvent, ...]
    cutoffs: tuple[CutoffLine, ...]
    materials: tuple[Material, ...]
    periods: tuple[Period, ...]
    families: tuple[FamilyRule, ...]  # one per city, in city order

    def family(self, city: str) -> FamilyRule:
        """How parents' points serve a child in ``city``."""
        for f in self.families:
            if f.city == city:
                return f
        raise KeyError(city)

    def rule(self, city: str, rule_id: str, version_id: str) -> Rule:
        """The rule with this id in a policy version of a city."""
        for r in self.rules:
            if r.city == city and r.id == rule_id and version_id in r.versions:
                return r
        raise KeyError(f"{city}:{rule_id}@{version_id}")

    def version(self, version_id: str) -> PolicyVersion:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise KeyError(version_id)

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]  # KeyError(source_id) if unknown

    @functools.cached_property
    def _sources_by_id(self) -> Mapping[str, Source]:
        """The sources by id (the first of a repeated id, as a scan would find), built once."""
        index: dict[str, Source] = {}
        for s in self.sources:
            index.setdefault(s.id, s)
        return MappingProxyType(index)

    def lookup(self, city: str, indicator: str, on_date: date) -> Rule:
        """The rule for an indicator in force on a date (the latest start wins).

        For an indicator with several rules in force on one date (Hangzhou's two tax rules),
        the first in data order is returned; pick among them with ``rules_on``.
        """
        found = self.rules_on(city, indicator, on_date)
        if not found:
            raise KeyError(f"{city}:{indicator}@{on_date}")
        latest = max(r.effective_from for r in found)
        return next(r for r in found if r.effective_from == latest)

    def rules_on(self, city: str, indicator: str, on_date: date) -> tuple[Rule, ...]:
        return tuple(
            r
            for r in self.rules
            if r.city == city
            and r.indicator == indicator
            and r.effective_from <= on_date
            and (r.effective_to is None or on_date <= r.effective_to)
        )


# --------------------------------------------------------------------------------------------
# Reading TOML strictly
# --------------------------------------------------------------------------------------------


class _Table:
    """One TOML table with the name of its file and entry, for error messages."""

    def __init__(self, data: Mapping[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def fail(self, message: str) -> RuleDataError:
        return RuleDataError(f"{self.where}: {message}")

    def only(self, required: Iterable[str], optional: Iterable[str] = ()) -> _Table:
        required, allowed = set(required), set(required) | set(optional)
        missing = sorted(required - set(self.data))
        if missing:
            raise self.fail(f"missing {', '.join(missing)}")
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}")
        return self

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise self.fail(f"{key} must be a non-empty string")
        return sys.intern(value)  # one object per distinct text: the data repeats many

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{key} must be a list of non-empty strings")
        return tuple(sys.intern(v) for v in value)

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, date):
            raise self.fail(f"{key} must be a date written as YYYY-MM-DD (no quotes)")
        return value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{key} must be a number")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key)
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false")
        return value

    def table(self, key: str) -> dict[str, Any]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a table")
        return value

    def tables(self, key: str) -> list[_Table]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{key} must be a list of tables ([[{key}]])")
        return [_Table(v, f"{self.where} {key}[{i}]") for i, v in enumerate(value)]

    def sub(self, key: str) -> list[tuple[str, _Table]]:
        return [(k, _Table(v, f"{self.where} [{key}.{k}]")) for k, v in self.table(key).items()]


def _read(folder: Path, *parts: str) -> _Table:
    path = folder.joinpath(*parts)
    name = "/".join(parts)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise RuleDataError(f"{name}: file not found in the data folder") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RuleDataError(f"{name}: not valid UTF-8 TOML ({exc})") from None
    return _Table(data, name)


def _confidence(t: _Table, known: Iterable[str]) -> Confidence:
    value = t.text("confidence")
    if value not in known:
        raise t.fail(f"confidence {value!r} is not one of {', '.join(known)}")
    return value  # type: ignore[return-value]


def _alternatives(t: _Table) -> tuple[Alternative, ...]:
    out = []
    for a in t.tables("alternatives"):
        a.only(("value", "sources", "note"))
        out.append(Alternative(a.text("value"), a.texts("sources"), a.text("note")))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Does the wording state the numbers? (checked once, at load)
# --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(万?)")


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _stated(text: str) -> set[float]:
    """Every number written in the text, with "N万" read as N×10000 and also as N."""
    found: set[float] = set()
    for digits, wan in _NUMBER.findall(text):
        found.add(float(digits))
        if wan:
            found.add(float(digits) * 10000)
    return found


def _years_stated(text: str) -> set[float]:
    return {float(d) for d in re.findall(r"(?<![\d.])(\d+)年", text)}


def check_wording(t: _Table, params: Mapping[str, float], cap: float | None) -> None:
    """The rule's words and its numbers agree.

    - Every value in ``params`` is written in the rule's text (condition, points, prerequisites,
      exclusions, the values of its alternatives), as its absolute value (a deduction of -150 is
      written "减150分" or "−150"); an amount of money may be written in 万 (50000 as "5万"),
      and a ``*_months`` value that is whole years may be written in years (48 as "4年"). A value
      the text states in words ("减半", "当年计入") is listed in the rule's ``params_in_words``
      with those words, which must appear.
    - Every number in the ``points`` text, and every number directly followed by "分" in the
      condition, is a value of ``params``, the ``cap``, a value listed in the rule's ``mentions``
      (a number the text repeats from another rule), or 1 (the counting unit of "每满1年3分").
    """
    words = t.table("params_in_words")
    mentions = t.table("mentions")
    parts = [t.text("condition"), t.text("points"), *t.texts("prerequisites")]
    parts += [*t.texts("exclusions"), *(a.value for a in _alternatives(t))]
    text = "\n".join(parts)  # separated, so that "−50" and "3年" never read as "−503"
    stated = _stated(text)
    for name, value in params.items():
        if name in words:
            if not isinstance(words[name], str) or words[name] not in text:
                raise t.fail(f"params_in_words.{name}: {words[name]!r} is not in the text")
            continue
        v = abs(float(value))
        months_as_years = name.endswith("_months") and v % 12 == 0 and v / 12 in _years_stated(text)
        if v not in stated and not months_as_years:
            raise t.fail(f"params.{name} = {_fmt(value)} is not written in the condition or points")
    for name in words:
        if name not in params:
            raise t.fail(f"params_in_words.{name} names no parameter")
    allowed = {abs(float(v)) for v in params.values()} | {1.0}
    allowed |= {float(v) for v in mentions.values() if isinstance(v, int | float)}
    if cap is not None:
        allowed.add(float(cap))
    claimed = _stated(t.text("points"))
    claimed |= {float(d) for d in re.findall(r"(?<![\d.])(\d+(?:\.\d+)?)分", t.text("condition"))}
    for number in sorted(claimed):
        if (
            number not in allowed
            and number * 10000 not in allowed
            and number / 10000 not in allowed
        ):
            raise t.fail(
                f"the text states {_fmt(number)} but no parameter, cap or mention has that value"
            )


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

_RULE_FIELDS = ("group", "label", "condition", "points", "document", "article", "source")
_RULE_OPTIONAL = (
    "indicator",
    "cap",
    "params",
    "params_in_words",
    "mentions",
    "effective_from",
    "effective_to",
    "also_sources",
    "confidence",
    "exclusions",
    "prerequisites",
    "alternatives",
)


@dataclass(frozen=True)
class _Loaded:
    version: PolicyVersion
    events: tuple[PolicyEvent, ...]
    rules: tuple[tuple[str, _Table], ...]  # (key, raw rule table) in file order


def _load_version(folder: Path, city: str, name: str, conf: tuple[str, ...]) -> _Loaded:
    f = _read(folder, city, name)
    f.only(("version",), ("events", "rules"))
    v = _Table(f.table("version"), f"{f.where} [version]")
    v.only(
        ("id", "label", "document", "effective_from", "scored", "summary", "article", "source"),
        ("effective_to", "confidence", "uncovered_indicators"),
    )
    start = v.day("effective_from")
    assert start is not None
    version = PolicyVersion(
        id=v.text("id"),
        city=city,
        label=v.text("label"),
        document=v.text("document"),  # an id for now; replaced by its display title below
        effective_from=start,
        effective_to=v.day("effective_to"),
        scored=v.flag("scored"),
        summary=v.text("summary"),
        citation=Citation(v.text("source"), v.text("article"), v.text("document")),
        confidence=_confidence(v, conf),
        uncovered_indicators=v.texts("uncovered_indicators"),
    )
    events = []
    for e in f.tables("events"):
        e.only(("on", "title", "detail", "article", "source", "confidence"))
        on = e.day("on")
        assert on is not None
        events.append(
            PolicyEvent(
                city,
                on,
                e.text("title"),
                e.text("detail"),
                Citation(e.text("source"), e.text("article")),
                _confidence(e, conf),
            )
        )
    rules = tuple((k, t.only(_RULE_FIELDS, _RULE_OPTIONAL)) for k, t in f.sub("rules"))
    return _Loaded(version, tuple(events), rules)


def _params(t: _Table) -> dict[str, float]:
    params = t.table("params")
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise t.fail(f"params.{name} must be a number")
    return {sys.intern(k): v for k, v in params.items()}


def _merge_city(city: str, loaded: list[_Loaded], conf: tuple[str, ...]) -> list[Rule]:
    """One ``Rule`` per run of consecutive versions whose files state the rule identically."""
    order: list[str] = []
    runs: dict[str, list[tuple[list[PolicyVersion], _Table]]] = {}
    for item in loaded:
        for key, t in item.rules:
            if key not in runs:
                order.append(key)
                runs[key] = []
            last = runs[key][-1] if runs[key] else None
            if last and last[1].data == t.data and _consecutive(loaded, last[0][-1], item.version):
                last[0].append(item.version)
            else:
                runs[key].append(([item.version], t))
    out = []
    for key in order:
        for versions, t in runs[key]:
            ids = tuple(v.id for v in versions)
            params = _params(t)
            cap = t.number("cap")
            check_wording(t, params, cap)
            group = t.text("group")
            if group not in GROUPS:
                raise t.fail(f"group {group!r} is not one of {', '.join(GROUPS)}")
            out.append(
                Rule(
                    id=key,
                    indicator=t.text("indicator", key) or key,
                    city=city,
                    group=group,
                    label=t.text("label"),
                    condition=t.text("condition"),
                    points=t.text("points"),
                    cap=cap,
                    exclusions=t.texts("exclusions"),
                    prerequisites=t.texts("prerequisites"),
                    effective_from=t.day("effective_from") or versions[0].effective_from,
                    effective_to=t.day("effective_to") or versions[-1].effective_to,
                    citation=Citation(t.text("source"), t.text("article"), t.text("document")),
                    confidence=_confidence(t, conf),
                    params=_frozen(params),
                    versions=ids,
                    alternatives=_alternatives(t),
                    also_sources=t.texts("also_sources"),
                )
            )
    # thresholds (the line a total is compared with) come after the scored indicators
    return [r for r in out if r.group != "threshold"] + [r for r in out if r.group == "threshold"]


def _consecutive(loaded: list[_Loaded], a: PolicyVersion, b: PolicyVersion) -> bool:
    ids = [i.version.id for i in loaded]
    return ids.index(b.id) == ids.index(a.id) + 1


class _FrozenParams(dict[str, float]):
    """A read-only dict: the rule's numbers cannot be changed after loading."""

    def _readonly(self, *args: object, **kwargs: object) -> None:
        raise TypeError("rule parameters are read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _readonly  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))


def _frozen(params: dict[str, float]) -> Mapping[str, float]:
    return _FrozenParams(params)


def _sources(
    f: _Table,
) -> tuple[tuple[Document, ...], tuple[Source, ...], dict[str, str], dict[str, str]]:
    f.only(("confidence", "documents", "pages"))
    labels, explained = {}, {}
    for key, c in f.sub("confidence"):
        c.only(("label", "explained"))
        labels[key], explained[key] = c.text("label"), c.text("explained")
    docs = []
    for key, d in f.sub("documents"):
        d.only(("title",), ("number", "issuer", "date", "in_force"))
        docs.append(
            Document(
                key,
                d.text("title"),
                d.text("number", ""),
                d.text("issuer", ""),
                d.text("date", ""),
                d.text("in_force", ""),
            )
        )
    pages = []
    for key, p in f.sub("pages"):
        p.only(("title", "url", "date", "content"))
        pages.append(
            Source(key, p.text("title"), p.text("url", ""), p.text("date"), p.text("content"))
        )
    return tuple(docs), tuple(pages), labels, explained


def _materials(f: _Table, cities: Iterable[str], conf: tuple[str, ...]) -> tuple[Material, ...]:
    out = []
    for city in cities:
        for m in f.tables(city):
            m.only(
                ("id", "indicator", "name", "why", "original", "where", "source", "article"),
                ("confidence", "when", "note", "also_sources", "alternative"),
            )
            alt = None
            if "alternative" in m.data:
                a = _Table(m.table("alternative"), f"{m.where} alternative").only(
                    ("text", "source")
                )
                alt = MaterialAlternative(a.text("text"), a.text("source"))
            out.append(
                Material(
                    m.text("id"),
                    city,
                    m.text("indicator"),
                    m.text("name"),
                    m.text("why"),
                    m.text("original"),
                    m.text("where"),
                    Citation(m.text("source"), m.text("article")),
                    _confidence(m, conf),
                    m.text("when", ""),
                    m.text("note", ""),
                    m.texts("also_sources"),
                    alt,
                )
            )
    return tuple(out)


def _cutoffs(f: _Table, conf: tuple[str, ...]) -> tuple[CutoffLine, ...]:
    out = []
    for c in f.tables("hangzhou"):
        c.only(
            ("round", "label", "year", "version", "article", "source"),
            ("points", "confidence", "note", "alternatives"),
        )
        year, points = c.number("year"), c.number("points")
        out.append(
            CutoffLine(
                c.text("round"),
                c.text("label"),
                int(year or 0),
                None if points is None else int(points),
                c.text("version"),
                Citation(c.text("source"), c.text("article")),
                _confidence(c, conf),
                _alternatives(c),
                c.text("note", ""),
            )
        )
    return tuple(out)


def _periods(f: _Table, cities: Iterable[str], conf: tuple[str, ...]) -> tuple[Period, ...]:
    out = []
    for city in cities:
        for key, p in f.sub(city):
            p.only(("value", "unit", "meaning", "sources", "article", "confidence"), ("document",))
            raw = p.data["value"]
            value = tuple(raw) if isinstance(raw, list) else (raw,)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
                raise p.fail("value must be a whole number or a list of whole numbers")
            out.append(
                Period(
                    key,
                    city,
                    value,
                    p.text("unit"),
                    p.text("meaning"),
                    p.texts("sources"),
                    p.text("article"),
                    _confidence(p, conf),
                    p.text("document", ""),
                )
            )
    return tuple(out)


def _families(f: _Table, cities: Iterable[str], conf: tuple[str, ...]) -> tuple[FamilyRule, ...]:
    """Each city's family rule, in city order; its pages and document are checked with the
    other citations (``_check_references``)."""
    known = tuple(cities)
    found = {}
    for city, t in f.sub("family"):
        t.only(
            ("use", "sentence", "document", "article", "source", "confidence"), ("also_sources",)
        )
        if city not in known:
            raise t.fail(f"unknown city {city!r}")
        use = next((u for u in FAMILY_USES if u == t.text("use")), None)
        if use is None:
            raise t.fail(f"use must be one of {', '.join(FAMILY_USES)}")
        found[city] = FamilyRule(
            city=city,
            use=use,
            sentence=t.text("sentence"),
            citation=Citation(t.text("source"), t.text("article"), t.text("document")),
            confidence=_confidence(t, conf),
            also_sources=t.texts("also_sources"),
        )
    missing = [c for c in known if c not in found]
    if missing:
        raise f.fail(f"no [family.<city>] for {', '.join(missing)}")
    return tuple(found[c] for c in known)


def load(folder: Path) -> RuleSet:
    """Read and check every data file of ``folder``; raise ``RuleDataError`` on any defect."""
    cities_file = _read(folder, "cities.toml")
    cities = []
    for key, c in cities_file.sub("cities"):
        c.only(("label", "versions"))
        cities.append((key, c.text("label"), c.texts("versions")))
    docs, pages, labels, explained = _sources(_read(folder, "sources.toml"))
    conf = tuple(labels)
    doc_titles = {d.id: d.title + (f"（{d.number}）" if d.number else "") for d in docs}
    versions: list[PolicyVersion] = []
    events: list[PolicyEvent] = []
    rules: list[Rule] = []
    for city, _label, files in cities:
        loaded = [_load_version(folder, city, name, conf) for name in files]
        starts = [i.version.effective_from for i in loaded]
        if starts != sorted(starts):
            raise RuleDataError(f"cities.toml: {city} versions must be listed oldest first")
        for item in loaded:
            v = item.version
            if v.document not in doc_titles:
                raise RuleDataError(f"{city}/{v.id}: unknown document {v.document!r}")
            versions.append(_replace_document(v, doc_titles[v.document]))
            events.extend(item.events)
        rules.extend(_merge_city(city, loaded, conf))
    materials = _materials(_read(folder, "materials.toml"), [c[0] for c in cities], conf)
    periods = _periods(_read(folder, "deadlines.toml"), [c[0] for c in cities], conf)
    ruleset = RuleSet(
        cities=tuple((c[0], c[1]) for c in cities),
        confidence_labels=tuple(labels.items()),
        confidence_explained=tuple(explained.items()),
        documents=docs,
        sources=pages,
        versions=tuple(versions),
        rules=tuple(rules),
        events=tuple(events),
        cutoffs=_cutoffs(_read(folder, "cutoffs.toml"), conf),
        materials=materials,
        periods=periods,
        families=_families(cities_file, [c[0] for c in cities], conf),
    )
    _check_references(ruleset)
    return ruleset


def _replace_document(v: PolicyVersion, title: str) -> PolicyVersion:
    from dataclasses import replace

    return replace(v, document=title)


def _check_references(rs: RuleSet) -> None:
    """Every id a record names exists; ids are unique; every rule is dated and cited."""
    pages = {s.id for s in rs.sources}
    docs = {d.id for d in rs.documents}
    version_ids = {v.id for v in rs.versions}
    for kind, ids in (
        ("page", [s.id for s in rs.sources]),
        ("document", [d.id for d in rs.documents]),
        ("version", [v.id for v in rs.versions]),
        ("rule", [f"{r.city}:{r.id}@{v}" for r in rs.rules for v in r.versions]),
        ("material", [m.id for m in rs.materials]),
    ):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise RuleDataError(f"duplicate {kind} id(s): {', '.join(dupes)}")

    urls = {s.id: s.url for s in rs.sources}

    def cited(where: str, c: Citation, more: Iterable[str] = (), confidence: str = "") -> None:
        more = tuple(more)
        for page in (c.source, *more):
            if page not in pages:
                raise RuleDataError(f"{where}: unknown source page {page!r} (sources.toml)")
        if c.document and c.document not in docs:
            raise RuleDataError(f"{where}: unknown document {c.document!r} (sources.toml)")
        # "official" (官方原文) is claimed only when a page we read is on a government site
        if confidence == "official" and all(
            host_kind(urls[page]) != "government" for page in (c.source, *more)
        ):
            raise RuleDataError(f"{where}: confidence official needs a page on a government site")

    for r in rs.rules:
        where = f"{r.city} rule {r.id} ({', '.join(r.versions)})"
        if not (r.citation.document and r.citation.article and r.effective_from and r.confidence):
            raise RuleDataError(f"{where}: needs document, article, effective dates, confidence")
        if r.effective_to is not None and r.effective_to < r.effective_from:
            raise RuleDataError(f"{where}: effective_to is before effective_from")
        cited(
            where,
            r.citation,
            (*r.also_sources, *(s for a in r.alternatives for s in a.sources)),
            r.confidence,
        )
    for v in rs.versions:
        cited(f"{v.city} version {v.id}", v.citation, (), v.confidence)
    for e in rs.events:
        cited(f"{e.city} event {e.on}", e.citation, (), e.confidence)
    for c in rs.cutoffs:
        cited(
            f"cutoffs {c.round_id}",
            c.citation,
            (s for a in c.alternatives for s in a.sources),
            c.confidence,
        )
        if c.version not in version_ids:
            raise RuleDataError(f"cutoffs {c.round_id}: unknown version {c.version!r}")
    for m in rs.materials:
        alt_pages = (m.alternative.source,) if m.alternative else ()
        cited(f"materials {m.id}", m.citation, (*m.also_sources, *alt_pages), m.confidence)
    for f in rs.families:
        cited(f"cities.toml [family.{f.city}]", f.citation, f.also_sources, f.confidence)
    for p in rs.periods:
        for page in p.sources:
            if page not in pages:
                raise RuleDataError(f"deadlines {p.city}.{p.id}: unknown source page {page!r}")
        if p.document and p.document not in docs:
            raise RuleDataError(f"deadlines {p.city}.{p.id}: unknown document {p.document!r}")


# A plain path: the package is a folder on disk in CPython and, unpacked from its zip, in Pyodide.
DATA_FOLDER = Path(__file__).parent / "data"


@functools.cache
def default() -> RuleSet:
    """The package's own data, loaded once."""
    return load(DATA_FOLDER)


def load_path(path: str | Path) -> RuleSet:
    """``load`` for a folder on disk (tests, scripts)."""
    return load(Path(path))


def lookup(city: str, indicator: str, on_date: date) -> Rule:
    return default().lookup(city, indicator, on_date)


def period(city: str, period_id: str) -> tuple[int, ...]:
    """A time limit of a city's process from deadlines.toml (one number, or month and day)."""
    return period_record(city, period_id).value


def period_record(city: str, period_id: str) -> Period:
    """The whole deadlines.toml entry: value, meaning, article, confidence and sources."""
    for p in default().periods:
        if p.city == city and p.id == period_id:
            return p
    raise KeyError(f"{city}:{period_id}")


# --------------------------------------------------------------------------------------------
# Views kept for the rest of the package (the names it used before the data moved to TOML)
# --------------------------------------------------------------------------------------------

_DATA = default()

SHANGHAI = "shanghai"
HANGZHOU = "hangzhou"
CITY_LABELS: dict[str, str] = dict(_DATA.cities)
VERSIONS: tuple[PolicyVersion, ...] = _DATA.versions
EVENTS: tuple[PolicyEvent, ...] = _DATA.events
CUTOFF_LINES: tuple[CutoffLine, ...] = _DATA.cutoffs
ALL_RULES: tuple[Rule, ...] = _DATA.rules
HANGZHOU_SCORED_VERSIONS: tuple[str, ...] = tuple(
    v.id for v in VERSIONS if v.city == HANGZHOU and v.scored
)
SHANGHAI_RULES: tuple[Rule, ...] = tuple(
    r for r in ALL_RULES if r.city == SHANGHAI and r.group != "threshold"
)
HANGZHOU_RULES: tuple[Rule, ...] = tuple(
    r for r in ALL_RULES if r.city == HANGZHOU and r.group != "threshold"
)
SHANGHAI_STANDARD_SCORE: Rule = next(
    r for r in ALL_RULES if r.city == SHANGHAI and r.group == "threshold"
)
HANGZHOU_SETTLE_MINIMUM: Rule = next(
    r for r in ALL_RULES if r.city == HANGZHOU and r.group == "threshold"
)


def version(version_id: str) -> PolicyVersion:
    return _DATA.version(version_id)


def rule_in(city: str, rule_id: str, version_id: str) -> Rule:
    return _DATA.rule(city, rule_id, version_id)


def shanghai_rule(indicator: str, on: date) -> Rule:
    """The Shanghai rule for an indicator in force on a date (latest start wins)."""
    return _DATA.lookup(SHANGHAI, indicator, on)


def hangzhou_rule(indicator: str, version_id: str, *, rule_id: str = "") -> Rule:
    """The Hangzhou rule for an indicator under a scored version (``rule_id`` picks a variant)."""
    for r in HANGZHOU_RULES:
        if r.indicator == indicator and version_id in r.versions:
            if not rule_id or r.id == rule_id:
                return r
    raise KeyError(f"{indicator}@{version_id}")


def hangzhou_version_for(on: date) -> PolicyVersion:
    """The Hangzhou version in force for a round opening on ``on`` (V5 included)."""
    found = [v for v in VERSIONS if v.city == HANGZHOU and v.effective_from <= on]
    if not found:
        raise KeyError(str(on))
    return max(found, key=lambda v: v.effective_from)
