"""A library on a read-only mount, and one on a full disk: real mounts (a read-only bind mount,
a 3 MB tmpfs), where the machine lets the tests make them (root); skipped elsewhere."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.helpers import SEEDS, run_cli


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def read_only_library(tmp_path):
    src, mnt = tmp_path / "src", tmp_path / "mnt"
    mnt.mkdir()
    inbox = tmp_path / "inbox"
    shutil.copytree(SEEDS, inbox, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    assert run_cli("import", str(inbox), library=src / "lib").returncode == 0
    if not (_mount("--bind", str(src), str(mnt))
            and _mount("-o", "remount,bind,ro", str(mnt))):
        subprocess.run(["umount", str(mnt)], capture_output=True)
        pytest.skip("cannot make a read-only mount here (needs root)")
    try:
        yield mnt / "lib", inbox
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_reading_commands_work_on_a_read_only_library(read_only_library):
    lib, _ = read_only_library
    docs = json.loads(run_cli("list", "--json", library=lib).stdout)
    assert len(docs) == 3
    for args in (("list",), ("search", "troops", "--json"), ("show", docs[0]["id"]),
                 ("xref", "--json"), ("match", "North Korean troops", "--json"),
                 ("export", "--format", "md"), ("highlight", "list", "--json")):
        r = run_cli(*args, library=lib)
        assert r.returncode == 0 and r.stdout and b"Traceback" not in r.stderr, (args, r.stderr)
    assert json.loads(run_cli("xref", "--json", library=lib).stdout)["links"]


def test_writing_commands_on_a_read_only_library_say_so_in_one_line(read_only_library):
    lib, inbox = read_only_library
    ids = [d["id"] for d in json.loads(run_cli("list", "--json", library=lib).stdout)]
    for args in (("import", str(inbox)), ("remove", ids[0]),
                 ("highlight", "add", ids[0], "0", "10")):
        r = run_cli(*args, library=lib)
        lines = r.stderr.decode().strip().splitlines()
        assert r.returncode == 3 and len(lines) == 1 and "read-only" in lines[0], (args, lines)
    assert len(json.loads(run_cli("list", "--json", library=lib).stdout)) == 3


def test_a_full_disk_stops_an_import_in_one_line_and_the_library_still_opens(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        lib = disk / "lib"
        inbox = tmp_path / "inbox"
        shutil.copytree(SEEDS, inbox, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        assert run_cli("import", str(inbox), library=lib).returncode == 0
        records = [{"id": f"r{n}", "title": f"Report {n}", "text": f"Report {n}. " + " ".join(
            f"word{n}x{k} troops" for k in range(400))} for n in range(600)]
        path = tmp_path / "big.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
        r = run_cli("import", str(path), library=lib)
        lines = r.stderr.decode().strip().splitlines()
        assert r.returncode == 3 and b"Traceback" not in r.stderr, lines
        assert len(lines) == 1 and ("disk is full" in lines[0] or "No space" in lines[0]), lines
        listed = run_cli("list", "--json", library=lib)
        assert listed.returncode == 0
        ids = {d["id"] for d in json.loads(listed.stdout)}
        assert len(ids) >= 3                                # the seeds are all still there
    finally:
        subprocess.run(["umount", str(disk)], check=True)
