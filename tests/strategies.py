"""Hypothesis strategies for valid profiles (as JSON-ready dicts), shared by the test modules."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from calculator.cities.hangzhou import HZ_EDUCATION, HZ_OFFENCES, HZ_TITLE
from calculator.cities.shanghai import SH_EDUCATION, SH_OFFENCES, SH_REMOTE_AREAS, SH_TITLE
from calculator.core.dates import add_years, months_between
from calculator.core.jsonin import INVISIBLE_RE

ASSESS = st.dates(date(2018, 1, 1), date(2031, 12, 31))


def _offences(draw: Any, kinds: dict[str, str], birth: date, on: date) -> list[dict[str, Any]]:
    adult = add_years(birth, 16)
    if adult >= on:
        return []
    n = draw(st.integers(0, 2))
    out = []
    for _ in range(n):
        when = draw(st.dates(max(adult, on - timedelta(days=3650)), on))
        chosen = draw(st.lists(st.sampled_from(sorted(kinds)), min_size=1, max_size=2, unique=True))
        out.append({"date": when.isoformat(), "kinds": chosen})
    return out


def _opening(draw: Any, youngest: int) -> tuple[date, date, int]:
    """Assessment date, a birth date 64 to ``youngest`` years before it, and working months."""
    on = draw(ASSESS)
    birth = draw(st.dates(on - timedelta(days=365 * 64), on - timedelta(days=365 * youngest)))
    return on, birth, working_months(birth, on)


def working_months(birth: date, on: date) -> int:
    """Months since the 16th birthday (none before it): the most insurance one could have."""
    return max(0, months_between(add_years(birth, 16), on))


@st.composite
def shanghai_profiles(draw: Any) -> dict[str, Any]:
    on, birth, working = _opening(draw, youngest=18)
    total = draw(st.integers(0, working))
    last12 = draw(st.integers(0, min(12, total)))
    b080 = draw(st.integers(0, min(48, total)))
    b100 = draw(st.integers(0, b080))
    b200 = draw(st.integers(0, b100))
    b300 = draw(st.integers(0, min(36, b200)))
    married = draw(st.sampled_from(["single", "married", "other"]))
    p: dict[str, Any] = {
        "city": "shanghai",
        "assessment_date": on.isoformat(),
        "birth_date": birth.isoformat(),
        "has_residence_permit": draw(st.booleans()),
        "paying_now": draw(st.booleans()),
        "si_months_last_12": last12,
        "si_months_total": total,
        "education": draw(st.sampled_from(sorted(SH_EDUCATION))),
        "education_full_time": draw(st.booleans()),
        "education_foreign": draw(st.booleans()),
        "title_skill": draw(st.sampled_from(sorted(SH_TITLE))),
        "title_matches_post": draw(st.booleans()),
        "base_1x_months_last_12": draw(st.integers(0, last12)),
        "base_months_48_080": b080,
        "base_months_48_100": b100,
        "base_months_48_200": b200,
        "base_months_36_300": b300,
        "shortage_major": draw(st.booleans()),
        "fresh_graduate": draw(st.booleans()),
        "invest_avg_tax_yuan": draw(st.sampled_from([0, 99999, 100000, 250000, 1300000])),
        "invest_avg_hukou_hires": draw(st.sampled_from([0, 9, 10, 35, 200])),
        "public_service_years": draw(st.integers(0, min(12, working // 12))),
        "remote_area": draw(st.sampled_from(sorted(SH_REMOTE_AREAS))),
        "remote_area_years": draw(st.integers(0, min(15, working // 12))),
        "award": draw(
            st.sampled_from(["none", "city_special", "city_comprehensive", "provincial"])
        ),
        "marital_status": married,
        "startup_talent": draw(st.booleans()),
        "intermediary_talent": draw(st.booleans()),
        "offences": _offences(draw, SH_OFFENCES, birth, on),
        "veto_family_planning": draw(st.booleans()),
        "veto_serious_crime": draw(st.booleans()),
        "dispatched_worker": draw(st.booleans()),
        "collective_hukou": draw(st.booleans()),
    }
    if married == "married":
        p["spouse_shanghai_hukou"] = draw(st.booleans())
        p["marriage_date"] = draw(st.dates(birth + timedelta(days=1), on)).isoformat()
    return p


@st.composite
def hangzhou_profiles(draw: Any) -> dict[str, Any]:
    on, birth, working = _opening(draw, youngest=17)
    life = months_between(birth, on)
    return {
        "city": "hangzhou",
        "assessment_date": on.isoformat(),
        "birth_date": birth.isoformat(),
        "purpose": draw(st.sampled_from(["settle", "school", "both"])),
        "policy_version": draw(st.sampled_from(["auto", "auto", "V1", "V2", "V3", "V4"])),
        "has_urban_permit": draw(st.booleans()),
        "hangzhou_urban_hukou": draw(st.booleans()),
        "education": draw(st.sampled_from(sorted(HZ_EDUCATION))),
        "degree_status": draw(st.sampled_from(["both", "diploma_only", "degree_only"])),
        "education_completed": draw(st.booleans()),
        "education_origin": draw(st.sampled_from(["domestic", "hmt", "foreign"])),
        "title_skill": draw(st.sampled_from(sorted(HZ_TITLE))),
        "si_months": draw(st.integers(0, working)),
        "employed": draw(st.booleans()),
        "residence_months": draw(st.integers(0, life)),
        "home_owned": draw(st.booleans()),
        "home_co_owned": draw(st.booleans()),
        "co_owner_hangzhou_hukou": draw(st.booleans()),
        "rent_months": draw(st.integers(0, min(life, 200))),
        "honours_national": draw(st.integers(0, 2)),
        "honours_provincial": draw(st.integers(0, 2)),
        "honours_municipal": draw(st.integers(0, 3)),
        "honours_district": draw(st.integers(0, 3)),
        "bone_marrow": draw(st.booleans()),
        "blood_ml": draw(st.integers(0, 6000)),
        "volunteer_hours": draw(st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 1))),
        "donation_yuan": draw(st.integers(0, 20000)),
        "tax_role": draw(st.sampled_from(["none", "investor", "employee", "both"])),
        "tax_yuan": draw(st.integers(0, 3_000_000)),
        "tax_wage_yuan": draw(st.integers(0, 3_000_000)),
        "credit_role": draw(
            st.sampled_from(["none", "legal_rep", "director", "supervisor", "senior_manager"])
        ),
        "credit_titles": draw(st.sampled_from(["one", "both"])),
        "patents_sole": draw(st.integers(0, 5)),
        "patents_first_coowner": draw(st.integers(0, 3)),
        "patents_other_coowner": draw(st.integers(0, 3)),
        "offences": _offences(draw, HZ_OFFENCES, birth, on),
        "veto_serious_crime": draw(st.booleans()),
        "veto_banned_org": draw(st.booleans()),
    }


def profiles() -> st.SearchStrategy[dict[str, Any]]:
    """Valid profiles of either city, as JSON-ready dicts."""
    return st.one_of(shanghai_profiles(), hangzhou_profiles())


def visible_text(min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text a person can type: no control, surrogate or bidi characters (jsonin rejects them)."""
    return st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cs")),
        min_size=min_size,
        max_size=max_size,
    ).filter(lambda t: INVISIBLE_RE.search(t) is None)
