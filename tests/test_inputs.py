"""Inputs: files, folders, globs, and reading them into RawDocs or skips with reasons."""
from __future__ import annotations

import json
import os
from pathlib import Path

from newsdesk.inputs import MAX_BAD_JSONL_START, count_documents, expand_paths, read_inputs
from newsdesk.records import IngestOutcome, RawDoc


def tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def names(paths: list[Path], root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in paths]


def test_folders_are_walked_recursively_skipping_hidden_and_project_files(tmp_path):
    tree(tmp_path, {"a.txt": "x", "b.html": "x", "deep/er/c.md": "x", "deep/d.jsonl": "{}", "noext": "x",
                    ".hidden.txt": "x", ".git/e.txt": "x", "README.md": "x", "LICENSE": "x", "photo.jpg": b"\xff",
                    "notes.pdf": b"%PDF"})
    files, missing = expand_paths([str(tmp_path)])
    assert names(files, tmp_path) == ["a.txt", "b.html", "noext", "deep/d.jsonl", "deep/er/c.md"]
    assert missing == []


def test_globs_named_files_and_missing_paths(tmp_path):
    tree(tmp_path, {"one.txt": "x", "two.txt": "x", "sub/three.txt": "x", "sub/skip.html": "x", "odd.bin": "x"})
    files, missing = expand_paths([str(tmp_path / "**" / "*.txt"), str(tmp_path / "odd.bin"),
                                   str(tmp_path / "one.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.xml")])
    assert names(files, tmp_path) == ["one.txt", "sub/three.txt", "two.txt", "odd.bin"]  # each once
    assert [(m.uri.rsplit("/", 1)[-1], m.status, m.reason) for m in missing] == [
        ("nope.txt", "skipped", "no such file or folder"), ("*.xml", "skipped", "no such file or folder")]


def test_empty_oversized_and_readable_files(tmp_path):
    tree(tmp_path, {"empty.txt": "", "big.txt": "y" * 5000, "ok.txt": "A fine article."})
    items = list(read_inputs(sorted(tmp_path.iterdir()), max_bytes=1000))
    skipped = {Path(i.uri).name: i.reason for i in items if isinstance(i, IngestOutcome)}
    assert skipped == {"empty.txt": "empty file",
                       "big.txt": "too large: 5,000 bytes > 1,000; raise --max-bytes to ingest it"}
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert [(Path(d.uri).name, d.content) for d in docs] == [("ok.txt", b"A fine article.")]


def _record(i: int) -> str:
    return json.dumps({"id": f"r{i}", "title": f"Record {i}", "text": f"Text of record number {i}."})


def test_jsonl_is_streamed_and_bad_lines_are_skipped_with_their_line_number(tmp_path):
    lines = [("\ufeff" + _record(1)).encode("utf-8"), b"", b"{oops", _record(4).encode("utf-8"),
             b'"just a string"', b'{"id": "x"}', '{"id": "lat", "text": "Café prices rose."}'.encode("cp1252")]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = list(read_inputs([path], max_bytes=10_000))
    good = [i for i in items if isinstance(i, RawDoc)]
    bad = [(i.uri.rsplit(":", 1)[-1], i.reason) for i in items if isinstance(i, IngestOutcome)]
    assert [g.meta["external_id"] for g in good] == ["r1", "r4", "lat"]
    assert good[0].uri == f"{path}#r1" and good[0].meta["title"] == "Record 1"
    assert good[2].content == "Café prices rose."  # a line in another encoding is decoded on its own
    assert bad[0][0] == "3" and bad[0][1].startswith("not JSON:")
    assert bad[1:] == [("5", "not a JSON object"), ("6", "no 'text' field")]
    assert count_documents([path]) == 6


def test_a_jsonl_line_over_the_size_cap_is_skipped_alone(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(_record(1) + "\n" + json.dumps({"id": "big", "text": "z" * 3000}) + "\n" + _record(3) + "\n")
    items = list(read_inputs([path], max_bytes=1000))
    assert [type(i).__name__ for i in items] == ["RawDoc", "IngestOutcome", "RawDoc"]
    assert items[1].reason.startswith("too large:")


def test_a_file_that_is_not_jsonl_is_skipped_whole(tmp_path):
    array = tmp_path / "array.jsonl"
    array.write_text("[\n" + ",\n".join(json.dumps({"n": i}) for i in range(50)) + "\n]\n")
    binary = tmp_path / "zip.jsonl"
    binary.write_bytes(b"PK\x03\x04" + os.urandom(200))
    empty = tmp_path / "blank.jsonl"
    empty.write_text("\n\n")
    items = list(read_inputs([array, binary, empty], max_bytes=10_000))
    assert [(Path(i.uri).name, i.reason.split(":")[0]) for i in items] == [
        ("array.jsonl", "not JSON Lines"), ("zip.jsonl", "binary file"), ("blank.jsonl", "empty file")]
    assert f"first {MAX_BAD_JSONL_START} lines" in items[0].reason


def test_bad_lines_before_good_ones_are_reported_once_the_file_proves_to_be_jsonl(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("# exported 2024-05-01\n" + _record(2) + "\n")
    items = list(read_inputs([path], max_bytes=10_000))
    assert isinstance(items[0], IngestOutcome) and items[0].uri.endswith(":1")
    assert isinstance(items[1], RawDoc)
