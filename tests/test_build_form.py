"""scripts/build_form.py: the generated form is current, complete and escaped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import load_script

from calculator.surfaces import api

ROOT = Path(__file__).resolve().parent.parent


build_form = load_script("build_form")
SPEC = json.loads(api.form_spec())
HTML = build_form.FormWriter(SPEC, build_form.labels()).render()


def test_page_is_current() -> None:
    # `make build` regenerates it; CI runs --check so a stale committed page fails.
    assert build_form.main(["--check"]) == 0


@pytest.mark.parametrize("city", sorted(SPEC["cities"]))
def test_every_field_has_control_label_and_hint(city: str) -> None:
    for field in SPEC["cities"][city]:
        if field["id"] == "city":
            continue
        dom_id = f"calc-{city}-{field['id']}"
        assert f'id="{dom_id}"' in HTML, dom_id
        assert f'id="{dom_id}-hint"' in HTML, dom_id
        assert f'data-error-for="{field["id"]}"' in HTML
        assert build_form.text(field["label"]) in HTML
        if field.get("rule"):
            page = build_form.RULE_PAGES[city]
            assert f'href="{page}#{field["rule"]}"' in HTML, field["id"]


def test_city_comes_first_and_sections_start_hidden_in_their_templates() -> None:
    assert HTML.index('name="city"') < HTML.index('class="calc-fields"')
    for city in SPEC["cities"]:
        # form.js mounts a city's template when that city is chosen; it starts hidden even then.
        opening = (
            f'<template class="calc-city-fields" data-city="{city}">\n'
            f'<div class="calc-fields" data-city="{city}" hidden>'
        )
        assert opening in HTML
        start = HTML.index(opening)
        section = HTML[start : HTML.index("</div>\n</template>", start)]
        assert 'name="city"' not in section
        assert f'id="calc-{city}-assessment_date"' in section
    # Nothing outside the city picker and the actions is live before a city is chosen.
    assert HTML.count('<template class="calc-city-fields"') == len(SPEC["cities"])


def test_show_if_fields_start_hidden_when_defaults_do_not_match() -> None:
    # Shanghai spouse questions depend on marital_status, whose default is "single".
    start = HTML.index('data-field="marriage_date"')
    tag = HTML[HTML.rindex("<", 0, start) : HTML.index(">", start)]
    assert "hidden" in tag
    assert 'data-show-field="marital_status"' in tag
    assert "&quot;married&quot;" in tag


def test_no_inline_handlers_or_scripts() -> None:
    for needle in ("onclick=", "onerror=", "onload=", "oninput=", "javascript:"):
        assert needle not in HTML
    # The only script element is a JSON data block, which browsers never execute.
    assert HTML.count("<script") == 1
    assert '<script type="application/json" id="calc-labels">' in HTML


EVIL = '<script>alert("x")</script>&"\''


def _evil_spec() -> dict[str, Any]:
    field = {
        "id": "education",
        "label": EVIL,
        "hint": EVIL,
        "type": "choice",
        "choices": [{"value": EVIL, "label": EVIL}],
        "default": None,
        "rule": EVIL,
        "show_if": {"field": EVIL, "in": [EVIL]},
        "unit": EVIL,
    }
    number = {**field, "id": "n", "type": "int", "choices": [], "default": 0, "min": 0, "max": 9}
    offences = {**field, "id": "o", "type": "offences", "choices": [], "default": []}
    offences["offence_kinds"] = [{"value": EVIL, "label": EVIL}]
    return {"cities": {"shanghai": [field, number, offences]}}


def test_spec_text_is_escaped() -> None:
    html = build_form.FormWriter(_evil_spec(), {"x": EVIL}).render()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "</script>&" not in html  # the data block escapes < > & as \\u003c etc.


def test_unknown_field_type_is_an_error() -> None:
    spec = {"cities": {"shanghai": [{"id": "x", "label": "x", "hint": "", "type": "colour"}]}}
    with pytest.raises(ValueError, match="colour"):
        build_form.FormWriter(spec, {}).render()


def test_splice_needs_both_markers() -> None:
    page = f"before\n{build_form.BEGIN}\nold\n{build_form.END}\nafter\n"
    assert (
        build_form.splice(page, "new")
        == f"before\n{build_form.BEGIN}\nnew\n{build_form.END}\nafter\n"
    )
    with pytest.raises(SystemExit):
        build_form.splice("no markers here", "new")


def test_check_mode_reports_stale_page(tmp_path: Path) -> None:
    page = tmp_path / "calculator.md"
    page.write_text(f"# x\n{build_form.BEGIN}\nstale\n{build_form.END}\n", encoding="utf-8")
    assert build_form.main(["--check", "--page", str(page)]) == 1
    assert build_form.main(["--page", str(page)]) == 0
    assert build_form.main(["--check", "--page", str(page)]) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (1e10, "10000000000"),
        (2.5, "2.5"),
        ("benke", "benke"),
    ],
)
def test_form_value(value: object, expected: str) -> None:
    assert build_form.form_value(value) == expected
