"""Bad input: a located message and exit 2, never a traceback; the other files still judged."""

from __future__ import annotations

import random

import pytest

VALID = "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n"

BAD_INPUTS = {
    "syntax": ("title: x\nkind: [membership\n", 2),  # where the unclosed [ began
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
    "utf-16": ("title: x\nkind: membership\n".encode("utf-16-le"), 1),
    "random-bytes": (random.Random(7).randbytes(4096), None),
    "huge": (b"title: x\nkind: membership\ndescription: " + b"x" * 30_000_000 + b"\n", None),
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


SYNTAX_ERRORS = {
    # text, line and column of the problem, and words of the message (in English)
    "unclosed-list": ("title: x\nkind: [membership\n", 2, 7, "never closed"),
    "unclosed-quote": ('title: "x\nkind: m\n', 1, 8, "quotation mark"),
    "colon-in-text": ("title: a: b\nkind: m\n", 1, 9, "put it in quotes"),
    "indented-too-far": ("title: x\n  kind: m\n", 2, 7, "indented too far"),
    "at-sign": ("title: x\nkind: m\ndescription: @hej\n", 3, 14, "cannot start a value"),
    "tab-indent": ("a:\n\t- x\n", 2, 1, "indent with spaces"),
    "no-colon": ("title: x\nkind\n", 2, 1, "colon (:) is missing"),
    "list-item": ("items:\n  - a\n  b: c\n", 3, 3, "does not start with '-'"),
}


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_errors_say_what_to_do_and_show_the_line(cli, write, name):
    text, line, column, words = SYNTAX_ERRORS[name]
    bad = write("bad.yaml", text)
    error = cli("check", bad, "-c", "stockholm", "-f", "json", "--lang", "en").json()
    problem = error["results"][0]["error"]
    assert (problem["line"], problem["column"]) == (line, column)
    assert words in problem["message"]
    assert problem["excerpt"] == text.splitlines()[line - 1]
    swedish = cli("check", bad, "-c", "stockholm").stdout
    assert "did not find" not in swedish and "while parsing" not in swedish
    excerpt, caret = swedish.splitlines()[2:4]
    assert excerpt == "    " + text.splitlines()[line - 1].replace("\t", "\\t")  # shown, not raw
    assert caret.endswith("^") and len(caret.expandtabs(1)) == 4 + column


def test_the_size_limit_can_be_set(cli, write):
    big = write("big.yaml", "title: x\nkind: membership\ndescription: " + "y" * 3000 + "\n")
    assert cli("check", big, "-c", "stockholm", "--max-size", "2k").exit_code == 2
    assert cli("check", big, "-c", "stockholm", "--max-size", "4k").exit_code == 0
    run = cli("check", big, "-c", "stockholm", "--max-size", "lots")
    assert run.exit_code == 2
    assert "500k" in run.stderr


def test_a_symlink_loop_and_a_pipe_in_a_directory(cli, tmp_path):
    import os

    (tmp_path / "p.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to(tmp_path / "sub")
    os.mkfifo(tmp_path / "pipe.yaml")
    run = cli("check", tmp_path, "-f", "json")
    assert run.exit_code == 2
    results = run.json()["results"]
    assert [r["file"].rsplit("/", 1)[-1] for r in results] == ["p.yaml", "pipe.yaml"]
    assert results[0]["verdict"] == "fail"
    assert results[1]["verdict"] == "error"


def test_no_run_changes_an_input_file(cli, tmp_path):
    """Every format, with and without --output, in parallel and not: the inputs stay as they
    were, byte for byte, and so does their modification time."""
    for index, (name, (content, _)) in enumerate(sorted(BAD_INPUTS.items())):
        if name != "huge":
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (tmp_path / f"{index:02d}-{name}.yaml").write_bytes(data)
    for index in range(70):
        (tmp_path / f"ok-{index:02d}.yaml").write_text(VALID, encoding="utf-8")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    out = tmp_path.parent / "report.out"
    for output_format in ("text", "json", "sarif", "junit", "github", "markdown"):
        for jobs in ("1", "2"):
            cli("check", tmp_path, "-f", output_format, "-j", jobs)
            cli("check", tmp_path, "-f", output_format, "-j", jobs, "-o", out, "--force")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    assert after == before


def test_an_unknown_city_is_told_with_the_other_problems(cli, write):
    bad = write("bad.yaml", "title: x\nkind: membership\ncity: stokholm\ndecision: {body: KSS}\n")
    errors = cli("check", bad, "-f", "json", "--lang", "en").json()["results"][0]["errors"]
    assert [(e["line"], e.get("field")) for e in errors] == [(3, "city"), (4, "decision.body")]
    assert "did you mean 'stockholm'?" in errors[0]["message"]


def test_a_broken_strategy_file_is_told_with_its_lines(cli, write):
    own = write(
        "own.yaml",
        'city: own\nversion: "1"\nname: {sv: E, en: O}\nsource: 002_3c3bf3c3f787e2e1.txt\n'
        "principles:\n  - id: own.x\n    kind: [membership]\n",
    )
    run = cli("check", write("p.yaml", VALID), "--strategy", own)
    assert run.exit_code == 2
    assert f"{own}:7:5: principles.0.kind:" in run.stderr
    assert "        kind: [membership]\n        ^" in run.stderr
    assert "Traceback" not in run.stderr
