"""Bad input: a located message and exit 2, never a traceback; the other files still judged."""

from __future__ import annotations

import pytest

VALID = "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n"

BAD_INPUTS = {
    "syntax": ("title: x\nkind: [membership\n", 3),
    "duplicate-key": ("title: x\nkind: membership\ntitle: y\n", 3),
    "python-tag": ("title: !!python/object:os.system x\nkind: membership\n", 1),
    "custom-tag": ("title: !secret x\nkind: membership\n", 1),
    "unknown-field": ("title: x\nkind: membership\nbudgett: 3\n", 3),
    "hyphenated-field": ("title: x\nkind: membership\nend-date: 2025-01-01\n", 3),
    "nested-unknown-field": ("title: x\nkind: membership\ncounterpart:\n  coun-try: SE\n", 4),
    "block-nesting": ("title: x\nkind: membership\ndescription: " + "- " * 100_000 + "x\n", 3),
    "flow-nesting": ("title: x\nkind: membership\ndescription: " + "[" * 5000 + "]" * 5000, 3),
    "undefined-alias": ("title: *nowhere\nkind: membership\n", 1),
    "yes-as-boolean": ("title: x\nkind: membership\nconcrete_exchange: yes\n", 3),
    "number-as-date": ("title: x\nkind: membership\nstart_date: 0\n", 3),
    "unknown-kind": ("title: x\nkind: vänort\n", 2),
    "impossible-date": ("title: x\nkind: membership\nstart_date: 2025-02-30\n", 3),
    "end-before-start": (
        "title: x\nkind: membership\nstart_date: 2025-05-01\nend_date: 2025-01-01\n",
        4,
    ),
    "negative-amount": (
        "title: x\nkind: membership\nfunding:\n  sources:\n    - {name: a, amount_sek: -5}\n",
        5,
    ),
    "top-level-list": ("- title: x\n- kind: membership\n", 1),
    "empty": ("", 1),
    "alias-bomb": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
            for p, c in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "title: x\nkind: membership\n",
        None,
    ),
    "latin-1": ("title: Samarbete med Malmö\nkind: membership\n".encode("latin-1"), 1),
    "binary": (bytes(range(256)), 1),
    "two-documents": ("title: x\nkind: membership\n---\ntitle: y\n", 3),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_beside_a_valid_file(cli, write, name):
    content, line = BAD_INPUTS[name]
    good = write("a-good.yaml", VALID)
    bad = write(f"b-{name}.yaml", content)
    before = bad.read_bytes()
    run = cli("check", good, bad, "--format", "json")
    assert run.exit_code == 2
    assert "Traceback" not in run.stdout + run.stderr
    good_result, bad_result = run.json()["results"]
    assert good_result["verdict"] == "fail"  # judged: the twin-town ban
    assert bad_result["verdict"] == "error"
    assert bad_result["file"] == str(bad)
    assert bad_result["error"]["message"]
    if line is not None:
        assert bad_result["error"]["line"] == line
    assert bad.read_bytes() == before


def test_text_output_of_an_error_names_file_line_and_column(cli, write):
    bad = write("bad.yaml", "title: x\nkind: membership\ntitle: y\n")
    run = cli("check", bad, "--city", "stockholm")
    assert f"{bad}:3:1: " in run.stdout
    assert "title" in run.stdout and "rad 1" in run.stdout


def test_every_problem_in_a_file_is_reported_at_once(cli, write):
    bad = write("bad.yaml", "title: x\nkind: membershp\nstart_date: 2025-13-01\nbudgett: 3\n")
    run = cli("check", bad, "--city", "stockholm", "--format", "json")
    errors = run.json()["results"][0]["errors"]
    assert [e["line"] for e in errors] == [2, 3, 4]


def test_did_you_mean_for_unknown_fields_and_values(cli, write):
    bad = write("bad.yaml", "title: x\nkind: membershp\nend_dat: 2025-01-01\n")
    run = cli("check", bad, "--city", "stockholm", "--format", "json", "--lang", "en")
    messages = " ".join(e["message"] for e in run.json()["results"][0]["errors"])
    assert "did you mean 'membership'?" in messages
    assert "did you mean 'end_date'?" in messages


def test_country_no_means_norway(cli, write):
    ok = write(
        "no.yaml", "title: x\nkind: membership\ncity: stockholm\ncounterpart: {country: NO}\n"
    )
    assert cli("check", ok, "--format", "json").json()["results"][0]["verdict"] != "error"


def test_yaml_11_booleans_stay_text_where_text_is_wanted(cli, write):
    text = "title: yes\nkind: membership\ncity: stockholm\ncounterpart: {name: on, country: no}\n"
    run = cli("check", write("p.yaml", text), "--format", "json")
    assert run.json()["results"][0]["verdict"] != "error"


def test_utf8_bom_and_crlf_are_accepted(cli, write):
    content = ("\ufeff" + VALID.replace("\n", "\r\n")).encode("utf-8")
    run = cli("check", write("bom.yaml", content), "--format", "json")
    assert run.json()["results"][0]["verdict"] == "fail"


def test_wrong_type_for_a_mapping_field(cli, write):
    run = cli(
        "check",
        write("p.yaml", "title: x\nkind: membership\ndecision: KS\n"),
        "--city",
        "stockholm",
        "--format",
        "json",
    )
    error = run.json()["results"][0]["error"]
    assert (error["line"], error["field"]) == (3, "decision")


def test_the_c_loader_is_used():
    from strategikoll.loader import HAS_C_LOADER

    assert HAS_C_LOADER


def test_nested_unknown_field_suggests_the_right_name(cli, write):
    bad = write("bad.yaml", "title: x\nkind: membership\ncounterpart:\n  coun-try: SE\n")
    run = cli("check", bad, "--city", "stockholm", "--format", "json", "--lang", "en")
    error = run.json()["results"][0]["error"]
    assert (error["line"], error["column"]) == (4, 3)
    assert "unknown field 'coun-try' (did you mean 'country'?)" in error["message"]
