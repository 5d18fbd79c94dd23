"""The `reader` command-line contract, end to end, in a temporary library (separate processes)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.helpers import ARTICLE, SEEDS, run_cli, write, write_jsonl, synthetic_records

META_KEYS = {"id", "title", "source", "author", "date", "url", "path"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    lib = tmp / "lib"
    inbox = tmp / "inbox"
    shutil.copytree(SEEDS, inbox, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    r = run_cli("import", str(inbox), "--json", library=lib)
    assert r.returncode == 0, r.stderr.decode()
    return lib, json.loads(r.stdout)


def test_import_json_shape(seeded):
    _, out = seeded
    assert set(out) == {"imported", "unchanged", "duplicates", "failed"}
    assert len(out["imported"]) == 3
    for d in out["imported"]:
        assert set(d) == {"id", "title", "path"}


def test_reimport_reports_unchanged(seeded, tmp_path):
    lib, first = seeded
    paths = [d["path"] for d in first["imported"]]
    r = run_cli("import", *paths, "--json", library=lib)
    out = json.loads(r.stdout)
    assert r.returncode == 0
    assert sorted(d["id"] for d in out["unchanged"]) == sorted(d["id"] for d in first["imported"])
    copy = tmp_path / "copy.txt"
    shutil.copy(paths[0], copy)
    out = json.loads(run_cli("import", str(copy), "--json", library=lib).stdout)
    assert len(out["duplicates"]) == 1 and out["imported"] == []


def test_list_and_show(seeded):
    lib, first = seeded
    r = run_cli("list", "--json", library=lib)
    docs = json.loads(r.stdout)
    assert len(docs) == 3
    for d in docs:
        assert set(d) == META_KEYS | {"words", "copies"} and d["words"] > 100
        assert d["copies"] == []            # three different articles
    doc = json.loads(run_cli("show", docs[0]["id"], "--json", library=lib).stdout)
    assert set(doc) == META_KEYS | {"copies", "text"}
    assert "\n\n" in doc["text"]
    human = run_cli("list", library=lib).stdout.decode()
    assert "EuropeNews" in human and "3 documents" in human


def test_show_unknown_id_fails_clearly(seeded):
    lib, _ = seeded
    r = run_cli("show", "no-such-id", library=lib)
    assert r.returncode == 1 and r.stdout == b""
    assert b"no-such-id" in r.stderr


def test_search_json_offsets_index_the_normalised_text(seeded):
    lib, _ = seeded
    r = run_cli("search", "troops", "--json", library=lib)
    hits = json.loads(r.stdout.decode("utf-8"))
    assert len(hits) == 3
    for h in hits:
        assert set(h) == {"id", "title", "source", "date", "score", "snippets"}
        text = json.loads(run_cli("show", h["id"], "--json", library=lib).stdout)["text"]
        for s in h["snippets"]:
            assert set(s) == {"start", "end", "text"}
            assert text[s["start"]:s["end"]] == s["text"]
    r = run_cli("search", '"special forces"', "--limit", "1", "--json", library=lib)
    assert len(json.loads(r.stdout)) == 1


def test_search_human_output_marks_the_words(seeded):
    lib, _ = seeded
    out = run_cli("search", "Pyongyang", library=lib).stdout.decode()
    assert "[Pyongyang" in out


def test_search_suggestion_and_bad_query(seeded):
    lib, _ = seeded
    r = run_cli("search", "tropps", library=lib)
    assert r.returncode == 0 and b"did you mean" in r.stderr
    r = run_cli("search", '"unclosed (', "--json", library=lib)
    assert r.returncode == 0 and b"Traceback" not in r.stderr


def test_sort_by_date(tmp_path):
    lib = tmp_path / "lib"
    recs = synthetic_records(5)
    run_cli("import", str(write_jsonl(tmp_path / "r.jsonl", recs)), library=lib)
    hits = json.loads(run_cli("search", "report", "--sort", "date", "--json",
                              library=lib).stdout)
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5


def test_import_failures_exit_1_with_one_line_each(tmp_path):
    lib = tmp_path / "lib"
    good = write(tmp_path / "good.txt", ARTICLE)
    empty = write(tmp_path / "empty.txt", "")
    missing = tmp_path / "missing.txt"
    r = run_cli("import", str(good), str(empty), str(missing), "--json", library=lib)
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert len(out["imported"]) == 1
    assert {f["path"] for f in out["failed"]} == {str(empty), str(missing)}
    lines = r.stderr.decode().strip().splitlines()
    assert len(lines) == 2
    assert any(line.startswith(f"{empty}: ") for line in lines)
    assert any(line.startswith(f"{missing}: ") for line in lines)


def test_remove(tmp_path):
    lib = tmp_path / "lib"
    run_cli("import", str(write_jsonl(tmp_path / "r.jsonl", synthetic_records(2))), library=lib)
    r = run_cli("remove", "rec-00000", library=lib)
    assert r.returncode == 0
    ids = [d["id"] for d in json.loads(run_cli("list", "--json", library=lib).stdout)]
    assert ids == ["rec-00001"]
    assert run_cli("remove", "rec-00000", library=lib).returncode == 1


def test_default_library_is_seeded_on_first_start(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    r = run_cli("search", "troops", "--json", env=env)
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 3
    assert (tmp_path / "xdg" / "reader" / "library" / "library.sqlite3").exists()


def test_env_var_selects_the_library(tmp_path):
    lib = tmp_path / "envlib"
    run_cli("import", str(write(tmp_path / "a.txt", ARTICLE)), env={"READER_LIBRARY": str(lib)})
    docs = json.loads(run_cli("list", "--json", env={"READER_LIBRARY": str(lib)}).stdout)
    assert len(docs) == 1


def test_json_output_is_utf8(tmp_path):
    lib = tmp_path / "lib"
    write(tmp_path / "u.txt", "Zürich – café “quoted” 東京.\n\nSecond paragraph here.")
    run_cli("import", str(tmp_path / "u.txt"), library=lib)
    out = run_cli("list", "--json", library=lib).stdout
    assert "Zürich – café “quoted” 東京".encode("utf-8") in out    # raw UTF-8, not \u escapes
    assert json.loads(out)[0]["title"].startswith("Zürich – café")


def test_no_command_opens_the_window(tmp_path):
    """`reader` alone opens the desktop window (here offscreen; it quits once painted)."""
    r = run_cli(library=tmp_path / "lib", env={"QT_QPA_PLATFORM": "offscreen",
                                              "READER_BENCH_SHOWN": "1",
                                              "XDG_CONFIG_HOME": str(tmp_path / "cfg")})
    assert r.returncode == 0, r.stderr.decode()
    assert r.stdout.startswith(b"shown ")


def test_no_display_is_one_line_and_exit_2(tmp_path):
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": "",
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    r = run_cli(library=tmp_path / "lib", env=env)
    lines = r.stderr.decode().strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and "needs a display" in lines[0], lines
    assert "reader --help" in lines[0] and r.stdout == b""


def test_compare_one_pair_and_a_file_of_pairs(tmp_path):
    r = run_cli("compare", "North Korea has sent 1,500 troops to Russia.",
                "Pyongyang has deployed about 14,000 soldiers to Russia.", "--json",
                library=tmp_path / "unused")
    assert r.returncode == 0, r.stderr.decode()
    out = json.loads(r.stdout)
    assert set(out) == {"score", "relation"} and 0.0 <= out["score"] <= 1.0
    assert out["relation"] == "conflicts"
    pairs = write(tmp_path / "pairs.tsv",
                  "The House voted on Tuesday.\tThe House voted on Wednesday.\n"
                  "Officials said 28.9% voted.\tOfficials said 29% voted.\n")
    r = run_cli("compare", "--pairs", str(pairs), "--json", library=tmp_path / "unused")
    assert r.returncode == 0, r.stderr.decode()
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert len(lines) == 2 and lines[1]["relation"] != "conflicts"


def test_import_web_addresses_mixed_with_files(tmp_path):
    """`reader import URL` in the same shape as files: a page imported, a failed address
    reported like a failed file (one stderr line "ADDRESS: reason", exit 1), again unchanged."""
    from tests.webserver import WebServer, closed_port_url
    lib = tmp_path / "lib"
    good = write(tmp_path / "good.txt", ARTICLE)
    refused = closed_port_url()
    with WebServer() as web:
        page, missing, image = (web.url(p) for p in ("/story", "/missing", "/image.png"))
        r = run_cli("import", page, str(good), missing, image, refused, "--json", library=lib)
        assert r.returncode == 1
        out = json.loads(r.stdout)
        assert set(out) == {"imported", "unchanged", "duplicates", "failed"}
        assert [d["path"] for d in out["imported"]] == [page, str(good)]
        assert out["imported"][0]["title"] == "Troops Reach the Border"
        errors = {f["path"]: f["error"] for f in out["failed"]}
        assert errors == {
            missing: "HTTP 404 Not Found: the server has no page at this address",
            image: "not an article: the address gives a PNG image",
            refused: f"connection refused by {refused.split('/')[2]} "
                     "(no server is listening there)"}
        assert sorted(r.stderr.decode().strip().splitlines()) == sorted(
            f"{path}: {error}" for path, error in errors.items())
        doc = json.loads(run_cli("show", out["imported"][0]["id"], "--json",
                                 library=lib).stdout)
        assert (doc["url"], doc["path"], doc["date"]) == (web.url("/article.html"), page,
                                                          "2024-11-05")
        again = run_cli("import", web.url("/article.html"), library=lib)
        assert again.returncode == 0
        assert again.stdout.decode().strip() == (
            "0 imported, 1 unchanged, 0 duplicates, 0 failed")
    bad = run_cli("import", "https://news.example.invalid/x", library=lib)
    assert bad.returncode == 1
    assert bad.stderr.decode().strip() == (
        "https://news.example.invalid/x: cannot resolve host news.example.invalid: no such host")


def test_xref_lists_updates_links_as_a_relation_of_their_own(tmp_path):
    """Issue 16: ``updates`` is a relation of the CLI contract: ``--relation updates`` lists
    the links where a later figure replaces an earlier one."""
    lib = tmp_path / "lib"
    rows = [{"id": "early", "title": "Flood in the valley", "date": "2024-05-06",
             "source": "Valley News",
             "text": "The death toll from the flood in the valley stood at 12 on Monday, the "
                     "regional authorities said."},
            {"id": "late", "title": "Valley flood toll climbs", "date": "2024-05-08",
             "source": "River Times",
             "text": "The death toll from the flood in the valley has risen to 31, the regional "
                     "authorities said on Wednesday."}]
    r = run_cli("import", str(write_jsonl(tmp_path / "f.jsonl", rows)), library=lib)
    assert r.returncode == 0, r.stderr.decode()
    r = run_cli("xref", "--json", "--relation", "updates", library=lib)
    assert r.returncode == 0, r.stderr.decode()
    links = json.loads(r.stdout)["links"]
    assert len(links) == 1 and links[0]["relation"] == "updates", links
    assert "12 → 31" in links[0]["why"]
