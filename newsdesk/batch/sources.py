"""Batch inputs: the files a job reads, listed on the driver, read record by record on the executors.

Local paths (files, folders, globs) are listed and read exactly as ``newsdesk
ingest`` reads them (:mod:`newsdesk.inputs`): same files, same order, same
skips. A URI with a scheme (``hdfs://``, ``s3a://``, ``gs://``, ...) is listed
through Spark's Hadoop file system on the driver and opened on the executors
as a stream (fsspec, else pyarrow), so a WARC file is never read whole into
memory. Every record gets its position: (file number, record number in the file).
"""
from __future__ import annotations

import builtins
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, BinaryIO

from ..errors import ConfigError
from ..inputs import ARTICLE_SUFFIXES, JSONL_SUFFIXES, expand_paths, read_inputs
from ..records import IngestOutcome, RawDoc
from .session import Spark

if TYPE_CHECKING:
    from ..pipeline import IngestOptions

__all__ = ["InputFile", "is_remote", "list_inputs", "read_file"]

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
_WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One input file of a job: where it is, its size, and its place in the job's file order."""

    uri: str
    size: int
    number: int


def is_remote(uri: str) -> bool:
    """A URI another file system serves (anything but a plain path or ``file://``)."""
    scheme = _scheme(uri)
    return scheme is not None and scheme != "file"


def _scheme(uri: str) -> str | None:
    match = _SCHEME.match(uri)
    return match.group(1).lower() if match else None


def _local(uri: str) -> str:
    return uri[len("file://"):] if uri.lower().startswith("file://") else uri


# -- listing (driver) --------------------------------------------------------------------------
def list_inputs(specs: list[str], hadoop: HadoopFiles | None = None) -> tuple[list[InputFile], list[IngestOutcome]]:
    """The files named (local paths and globs as ``newsdesk ingest`` expands them; remote URIs
    through ``hadoop``, a :class:`HadoopFiles`), numbered in order, and a skip per missing input."""
    found: dict[str, int] = {}
    missing: list[IngestOutcome] = []
    for spec in specs:
        if is_remote(spec):
            if hadoop is None:
                raise ConfigError(f"{spec}: remote inputs need a Spark session to list them")
            listed, absent = hadoop.list(spec), []
            if not listed:
                absent = [IngestOutcome(spec, "skipped", "no such file or folder")]
        else:
            paths, absent = expand_paths([_local(spec)])
            listed = [(str(p), p.stat().st_size) for p in paths]
        missing += absent
        for uri, size in listed:
            found.setdefault(uri, size)
    return [InputFile(uri, size, n) for n, (uri, size) in enumerate(found.items())], missing


def wanted_remote(name: str) -> bool:
    """In a remote folder, the files ``newsdesk ingest`` would read in a local one (no hidden
    files, no Hadoop markers such as ``_SUCCESS``)."""
    path = PurePosixPath(name)
    if path.name.startswith((".", "_")):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES or path.name.lower().endswith(_WARC_SUFFIXES)


# -- reading (executors) --------------------------------------------------------------------------
def read_file(item: InputFile, max_bytes: int) -> Iterator[tuple[int, int, RawDoc | IngestOutcome]]:
    """(file number, record number, document or skip) for every record of one file, in file order."""
    records = read_inputs([Path(_local(item.uri))], max_bytes=max_bytes) if not is_remote(item.uri) \
        else _read_remote(item.uri, max_bytes)
    for number, record in enumerate(records):
        yield item.number, number, record


def _read_remote(uri: str, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    try:
        stream = _open_remote(uri)
    except (OSError, ValueError, ImportError) as exc:
        yield IngestOutcome(uri, "skipped", f"cannot open: {' '.join(str(exc).split())[:160]}")
        return
    with stream:
        yield from _read_stream(uri, stream, max_bytes)


def _read_stream(uri: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDoc | IngestOutcome]:
    """A remote file's records, read by the same readers as a local one."""
    name = uri.lower()
    if name.endswith(_WARC_SUFFIXES):
        from ..warc import WarcOptions, iter_warc

        yield from iter_warc(uri, WarcOptions(max_bytes=max_bytes), stream=stream)
    elif name.endswith(JSONL_SUFFIXES):
        from ..inputs import _jsonl_items  # the JSONL reader works on any open binary stream

        yield from _jsonl_items(RawDoc(uri=uri, content="", path=uri), stream, max_bytes)
    else:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield IngestOutcome(uri, "skipped", f"too large: over {max_bytes:,} bytes; raise --max-bytes")
        else:
            yield RawDoc(uri=uri, content=data, path=uri)


def _open_remote(uri: str) -> BinaryIO:
    """A binary stream of a remote file: fsspec when installed (s3fs, gcsfs, adlfs ...), else pyarrow."""
    scheme = _scheme(uri)
    if scheme in ("s3a", "s3n"):  # Hadoop's names for S3; the Python file systems call it s3
        uri = "s3://" + uri.split("://", 1)[1]
    try:
        import fsspec
    except ImportError:
        fsspec = None
    if fsspec is not None:
        stream: BinaryIO = fsspec.open(uri, "rb").open()
        return stream
    try:
        from pyarrow import fs
    except ImportError as exc:
        raise ImportError(f"reading {scheme}:// inputs needs fsspec (with its {scheme} file system) or "
                          "pyarrow on every executor") from exc
    filesystem, path = fs.FileSystem.from_uri(uri)
    arrow_stream: BinaryIO = filesystem.open_input_stream(path)
    return arrow_stream


class HadoopFiles:
    """Listing and small files through Spark's Hadoop layer (any URI Spark reads, local paths too)."""

    def __init__(self, spark: Spark) -> None:
        self._jvm = spark.sparkContext._jvm
        self._conf = spark.sparkContext._jsc.hadoopConfiguration()

    def _fs(self, uri: str) -> tuple[Any, Any]:  # (Hadoop FileSystem, Path): JVM objects
        path = self._jvm.org.apache.hadoop.fs.Path(uri)
        return path.getFileSystem(self._conf), path

    def list(self, spec: str) -> list[tuple[str, int]]:
        """(uri, size) of the files a URI names: a file, every wanted file under a folder, or a glob."""
        fs, path = self._fs(spec)
        statuses = fs.globStatus(path) or []
        out = []
        for status in statuses:
            if status.isDirectory():
                files = fs.listFiles(status.getPath(), True)
                while files.hasNext():
                    entry = files.next()
                    if wanted_remote(entry.getPath().toString()):
                        out.append((entry.getPath().toString(), entry.getLen()))
            else:
                out.append((status.getPath().toString(), status.getLen()))
        return sorted(out)

    def exists(self, uri: str) -> bool:
        fs, path = self._fs(uri)
        return bool(fs.exists(path))

    def read_text(self, uri: str) -> str:
        fs, path = self._fs(uri)
        stream = fs.open(path)
        try:
            text: str = self._jvm.org.apache.commons.io.IOUtils.toString(stream, "UTF-8")
            return text
        finally:
            stream.close()

    def write_text(self, uri: str, text: str) -> None:
        """Write a small file whole: written beside it, then renamed over it."""
        fs, path = self._fs(uri)
        temp = self._jvm.org.apache.hadoop.fs.Path(uri + ".tmp")
        stream = fs.create(temp, True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()
        fs.delete(path, False)
        fs.rename(temp, path)

    def delete(self, uri: str) -> None:
        fs, path = self._fs(uri)
        fs.delete(path, True)

    def names(self, uri: str) -> builtins.list[str]:  # `list` here is the method above
        """Names of the entries of a folder (empty when it does not exist)."""
        fs, path = self._fs(uri)
        if not fs.exists(path):
            return []
        return sorted(status.getPath().getName() for status in fs.listStatus(path))


def in_job_order(specs: list[str], max_bytes: int,
                 options: IngestOptions | None = None) -> list[RawDoc | IngestOutcome]:
    """Local inputs' records in the order a batch job sees them (time, then input order), to feed
    ``newsdesk ingest``'s :class:`~newsdesk.pipeline.Ingestor` the same order: the desk side of a
    batch-versus-desk comparison. Unreadable records come first, as they are."""
    from ..pipeline import IngestOptions, prepare
    from .signals import order_key

    options = options or IngestOptions()
    files, missing = list_inputs(specs)
    keyed: list[tuple[str, RawDoc]] = []
    skipped: list[IngestOutcome] = list(missing)
    for item in files:
        for file_no, rec_no, record in read_file(item, max_bytes):
            if isinstance(record, IngestOutcome):
                skipped.append(record)
                continue
            try:
                key = order_key(prepare(record, options), file_no, rec_no)
            except Exception:  # the desk skips it too, with its reason
                key = f"~|{file_no:09d}|{rec_no:012d}"
            keyed.append((key, record))
    return skipped + [record for _, record in sorted(keyed, key=lambda kr: kr[0])]
