"""Turn untrusted input (JSON or form strings) into a typed profile, or report every problem.

``parse_profile`` never raises anything but ``ProfileError``; each problem names the field, the
value it got and what is allowed, in Chinese.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..rules import CITY_LABELS
from .dates import add_years, months_between
from .fields import Offence, kind_of
from .profile import (
    PROFILE_TYPES,
    SCHEMA_VERSION,
    HangzhouProfile,
    Profile,
    ShanghaiProfile,
)

EARLIEST = date(2018, 1, 1)
LATEST = date(2100, 12, 31)
WORKING_AGE = 16
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_MAX_SHOWN = 40


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


class ProfileError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.message for p in problems))
        self.problems = problems


# How a message shows a value that is not text: as a person reads it, never a Python name.
_TYPE_WORDS = {
    list: "列表",
    str: "文本",
    int: "数字",
    float: "数字",
    bool: "是/否",
    type(None): "空值",
}


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = f"“{value}”"
    elif isinstance(value, bool):
        text = "“是”" if value else "“否”"
    elif value is None:
        text = "空值"
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError):
            text = "无法显示的值"
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _name(f: dataclasses.Field[Any]) -> str:
    return f"「{f.metadata['label']}」"


def _choice_words(choices: dict[str, str]) -> str:
    """The choices as a person reads them: 上海、杭州 (the labels; either spelling is accepted)."""
    return "、".join(f"“{v}”" for v in choices.values())


def _choice(choices: dict[str, str], value: Any) -> str | None:
    """The key of a choice given by its key or by its Chinese label; None if neither."""
    if not isinstance(value, str):
        return None
    if value in choices:
        return value
    return next((k for k, v in choices.items() if v == value.strip()), None)


def field_names() -> dict[str, str]:
    """How messages name each profile field of every city: 「出生日期」."""
    names = {"city": "「城市」"}
    for cls in PROFILE_TYPES.values():
        names.update((f.name, _name(f)) for f in dataclasses.fields(cls))
    return names


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message))


def parse_profile(raw: object) -> Profile:
    """Validate ``raw`` (a dict from JSON or a form) and return a typed profile."""
    out = _Collector()
    if not isinstance(raw, dict):
        raise ProfileError(
            [
                Problem(
                    "",
                    "档案必须是一个 JSON 对象（键值对），"
                    f"收到的是{_TYPE_WORDS.get(type(raw), '其他类型的值')}。",
                )
            ]
        )
    city = _choice(CITY_LABELS, raw.get("city"))
    if city is None or city not in PROFILE_TYPES:
        got = (
            "没有填写" if raw.get("city") is None else f"值 {_show(raw.get('city'))} 不是支持的城市"
        )
        raise ProfileError(
            [Problem("city", f"字段「城市」：{got}；允许：{_choice_words(CITY_LABELS)}。")]
        )
    cls = PROFILE_TYPES[city]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in raw:
        if key == "schema_version":
            if raw[key] not in (SCHEMA_VERSION, str(SCHEMA_VERSION)):
                out.add(
                    key,
                    f"字段「档案格式版本」：值 {_show(raw[key])} 不受支持；"
                    f"允许：{SCHEMA_VERSION}。",
                )
        elif key not in fields:
            shown = key if isinstance(key, str) else repr(key)
            out.add(
                str(key),
                f"未知字段 “{shown[:_MAX_SHOWN]}”：{CITY_LABELS[city]}的自测档案没有这一项；"
                f"允许的字段见档案格式说明（python -m calculator schema）。",
            )
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in raw or (raw[name] == "" and not f.metadata["required"]):
            if f.metadata["required"]:
                out.add(name, f"缺少必填字段{_name(f)}。")
            continue
        ok, value = _coerce(f, raw[name], city, out)
        if ok:
            values[name] = value
    if out.problems:
        raise ProfileError(out.problems)
    profile = cls(**values)
    _cross_checks(profile, out)
    if out.problems:
        raise ProfileError(out.problems)
    return profile


def _coerce(f: dataclasses.Field[Any], value: Any, city: str, out: _Collector) -> tuple[bool, Any]:
    kind = kind_of(f)
    if kind.form == "choice":
        return _coerce_choice(f, value, out)
    if kind.form == "date":
        if value is None and kind.nullable:
            return True, None
        return _coerce_date(f, value, out)
    if kind.form == "bool":
        return _coerce_bool(f, value, out)
    if kind.form in ("int", "number"):
        return _coerce_number(f, value, kind.form == "int", out)
    return _coerce_offences(f, value, out)


def _coerce_choice(f: dataclasses.Field[Any], value: Any, out: _Collector) -> tuple[bool, Any]:
    choices = f.metadata["choices"]
    key = _choice(choices, value)
    if key is not None:
        return True, key
    allowed = _choice_words(choices)
    out.add(f.name, f"字段{_name(f)}：值 {_show(value)} 不在可选范围内；允许：{allowed}。")
    return False, None


def _parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not _DATE_RE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _coerce_date(f: dataclasses.Field[Any], value: Any, out: _Collector) -> tuple[bool, Any]:
    parsed = _parse_date(value)
    if parsed is None:
        out.add(
            f.name,
            f"字段{_name(f)}：值 {_show(value)} 不是有效日期；允许：“年-月-日”写法的真实日期，"
            "例如 2024-03-01。",
        )
        return False, None
    return True, parsed


_TRUE = {"true", "1", "yes", "on", "是"}
_FALSE = {"false", "0", "no", "off", "否"}


def _coerce_bool(f: dataclasses.Field[Any], value: Any, out: _Collector) -> tuple[bool, Any]:
    if isinstance(value, bool):
        return True, value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return True, value.strip().lower() in _TRUE
    out.add(f.name, f"字段{_name(f)}：值 {_show(value)} 不是是/否；允许：是或否。")
    return False, None


def _coerce_number(
    f: dataclasses.Field[Any], value: Any, integer: bool, out: _Collector
) -> tuple[bool, Any]:
    lo, hi, unit = f.metadata["min"], f.metadata["max"], f.metadata["unit"]
    allowed = f"{'整数' if integer else '数字'}，{_fmt(lo)} 到 {_fmt(hi)}{unit}"
    number: float | int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value):
        number = int(value) if integer and value.is_integer() else (None if integer else value)
    elif isinstance(value, str) and len(value) <= 40:
        text = value.strip()
        if _INT_RE.match(text):
            number = int(text)
        elif not integer:
            try:
                parsed = float(text)
            except ValueError:
                parsed = math.nan
            number = parsed if math.isfinite(parsed) else None
    if number is None:
        out.add(
            f.name,
            f"字段{_name(f)}：值 {_show(value)} 不是{'整数' if integer else '数字'}；"
            f"允许：{allowed}。",
        )
        return False, None
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        word = "负数" if number < 0 else "超出范围"
        out.add(f.name, f"字段{_name(f)}：值 {_show(value)} 是{word}；允许：{allowed}。")
        return False, None
    return True, int(number) if integer else float(number)


def _fmt(x: float | None) -> str:
    if x is None:
        return "不限"
    return str(int(x)) if float(x).is_integer() else str(x)


def _coerce_offences(f: dataclasses.Field[Any], value: Any, out: _Collector) -> tuple[bool, Any]:
    kinds_allowed: dict[str, str] = f.metadata["offence_kinds"]
    allowed_kinds = _choice_words(kinds_allowed)
    shape = f"允许：列表，每项写明日期（年-月-日）和类型（至少一项），类型可选 {allowed_kinds}"
    if not isinstance(value, list) or len(value) > 50:
        out.add(f.name, f"字段{_name(f)}：值 {_show(value)} 格式不对；{shape}，最多50项。")
        return False, None
    items: list[Offence] = []
    ok = True
    for i, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) != {"date", "kinds"}:
            out.add(f.name, f"字段{_name(f)} 第{i}项：{_show(item)} 格式不对；{shape}。")
            ok = False
            continue
        when = _parse_date(item["date"])
        kinds = (
            [_choice(kinds_allowed, k) or k for k in item["kinds"]]
            if isinstance(item["kinds"], list)
            else item["kinds"]
        )
        if when is None:
            out.add(
                f.name,
                f"字段{_name(f)} 第{i}项：日期 {_show(item['date'])} 无效；允许：年-月-日，"
                "例如 2024-03-01。",
            )
            ok = False
        if (
            not isinstance(kinds, list)
            or not kinds
            or any(not isinstance(k, str) or k not in kinds_allowed for k in kinds)
        ):
            out.add(
                f.name,
                f"字段{_name(f)} 第{i}项：类型 {_show(kinds)} 无效；允许：{allowed_kinds}"
                "（至少选一项）。",
            )
            ok = False
        if ok and when is not None:
            items.append(Offence(when, tuple(dict.fromkeys(kinds))))
    return (True, tuple(items)) if ok else (False, None)


def _field(cls: type, name: str) -> dataclasses.Field[Any]:
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def _cross_checks(p: Profile, out: _Collector) -> None:
    cls = type(p)
    if not EARLIEST <= p.assessment_date <= LATEST:
        label = "评估日期" if isinstance(p, ShanghaiProfile) else "本轮受理开始日期"
        out.add(
            "assessment_date",
            f"字段「{label}」：值 {p.assessment_date.isoformat()} 超出支持范围；"
            f"允许：{EARLIEST.isoformat()} 至 {LATEST.isoformat()}"
            "（两市现行积分办法均自2018-01-01起施行，"
            "更早的版本本工具不计分）。",
        )
        return
    if not p.birth_date < p.assessment_date:
        out.add(
            "birth_date",
            f"字段「出生日期」：值 {p.birth_date.isoformat()} 不早于评估日期"
            f" {p.assessment_date.isoformat()}；允许：评估日期之前的日期。",
        )
        return
    if add_years(p.birth_date, 100) < p.assessment_date:
        out.add(
            "birth_date",
            f"字段「出生日期」：值 {p.birth_date.isoformat()} 意味着年龄超过"
            "100岁；允许：评估日期前100年以内。",
        )
        return
    working = max(0, months_between(add_years(p.birth_date, WORKING_AGE), p.assessment_date))
    lifetime = months_between(p.birth_date, p.assessment_date)

    def at_most(name: str, limit: int, why: str, scale: int = 1) -> None:
        value = getattr(p, name)
        if value * scale > limit:
            f = _field(cls, name)
            out.add(
                name,
                f"字段{_name(f)}：值 {value} 超过了{why}（{limit // scale}）；"
                f"允许：0 到 {limit // scale}。",
            )

    for off in p.offences:
        if not p.birth_date <= off.date <= p.assessment_date:
            out.add(
                "offences",
                f"字段「不良记录」：日期 {off.date.isoformat()} "
                "不在出生日期与评估日期之间；"
                "允许：这两个日期之间的日期。",
            )
    if isinstance(p, ShanghaiProfile):
        at_most("si_months_total", working, "16周岁以来的月数")
        at_most("si_months_last_12", p.si_months_total, "累计缴纳社保的月数")
        at_most("base_1x_months_last_12", p.si_months_last_12, "近12个月缴纳社保的月数")
        at_most("base_months_48_080", min(48, p.si_months_total), "累计社保月数与48个月中的较小者")
        at_most("base_months_48_100", p.base_months_48_080, "基数≥80%的月数")
        at_most("base_months_48_200", p.base_months_48_100, "基数≥1倍的月数")
        at_most(
            "base_months_36_300", min(36, p.base_months_48_200), "基数≥2倍的月数与36个月中的较小者"
        )
        at_most("public_service_years", working, "16周岁以来的整年数", scale=12)
        at_most("remote_area_years", working, "16周岁以来的整年数", scale=12)
        if p.marital_status == "married" and p.spouse_shanghai_hukou:
            if p.marriage_date is None:
                out.add(
                    "marriage_date",
                    "字段「结婚登记日期」：配偶为本市户籍时必须填写；"
                    "允许：出生日期与评估日期之间的日期。",
                )
            elif not p.birth_date < p.marriage_date <= p.assessment_date:
                out.add(
                    "marriage_date",
                    f"字段「结婚登记日期」：值 {p.marriage_date.isoformat()}"
                    " 不在出生日期与评估日期之间；允许：这两个日期之间的日期。",
                )
    elif isinstance(p, HangzhouProfile):
        at_most("si_months", working, "16周岁以来的月数")
        at_most("residence_months", lifetime, "出生以来的月数")
        at_most("rent_months", lifetime, "出生以来的月数")
