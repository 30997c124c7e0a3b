"""A batch job: its options, its output folder and the checkpoints that make it restartable.

Every unit of work (a wave of stage 1, stage 2, stage 3, each output of stage 4)
writes its results first and then a small marker in ``OUT/_batch/done/`` with
its counts and seconds. A job run again with the same ``--out`` skips every
unit whose marker is there; a unit killed half-way is redone (its outputs are
overwritten). ``OUT/_batch/job.json`` records what the job reads (inputs, sizes,
options, code version): another job is refused in the same folder.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..extract import DEFAULT_MAX_BYTES
from ..pipeline import IngestOptions
from ..versioning import code_version
from .session import Frame, Spark
from .sources import HadoopFiles, InputFile

__all__ = ["BatchOptions", "Checkpoints", "Job", "identity", "process_tree_cpu", "schema"]


def _code() -> str:
    """Version of the code a job's results depend on: the whole package but its web desk and commands."""
    package = Path(__file__).resolve().parent.parent
    parts = sorted(p.name for p in package.iterdir() if p.name not in ("web", "cli")
                   and (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())))
    return code_version(*parts)


@dataclass(frozen=True)
class BatchOptions:
    master: str | None = None  # None: local[*], or what spark-submit set
    conf: dict[str, str] = field(default_factory=dict)  # extra Spark settings
    desk: str | None = None  # the desk file to write; None: OUT/newsdesk.db when OUT is a local folder
    write_desk: bool = True
    reports_min_origins: int = 2  # reports for stories with this many independent origins (0: none)
    wave_files: int | None = None  # input files per wave of stage 1 (None: 4 per core)
    max_bytes: int = DEFAULT_MAX_BYTES
    fresh: bool = False  # discard what an earlier run of this job left in OUT
    ingest: IngestOptions = field(default_factory=IngestOptions)


class Checkpoints:
    """Markers of finished units of work under ``OUT/_batch``."""

    def __init__(self, files: HadoopFiles, out: str) -> None:
        self.files = files
        self.out = out
        self.root = f"{out.rstrip('/')}/_batch"

    def open(self, identity: dict[str, Any], fresh: bool) -> bool:
        """Start or resume the job in the output folder; True when it resumes."""
        out, job_file = self.out, f"{self.root}/job.json"
        if fresh and self.files.exists(job_file):  # only a folder a batch job made is emptied
            self.files.delete(out)
        if self.files.exists(job_file):
            if json.loads(self.files.read_text(job_file)) != identity:
                raise ConfigError(f"{out} holds another batch job (other inputs, options or code): "
                                  "pass --fresh to start over there, or choose another --out")
            return bool(self.finished())
        if self.files.names(out):
            raise ConfigError(f"{out} is not empty and holds no batch job: choose an empty or new --out folder")
        self.files.write_text(job_file, json.dumps(identity, sort_keys=True))
        return False

    def finished(self) -> dict[str, dict[str, Any]]:
        """{unit: its marker} of every finished unit."""
        names = self.files.names(f"{self.root}/done")
        return {n[:-5]: json.loads(self.files.read_text(f"{self.root}/done/{n}")) for n in names if n.endswith(".json")}

    def done(self, unit: str) -> dict[str, Any] | None:
        path = f"{self.root}/done/{unit}.json"
        if not self.files.exists(path):
            return None
        marker: dict[str, Any] = json.loads(self.files.read_text(path))
        return marker

    def mark(self, unit: str, record: dict[str, Any]) -> None:
        self.files.write_text(f"{self.root}/done/{unit}.json", json.dumps(record, sort_keys=True))


@dataclass
class Job:
    """What every stage needs: the session, the output folder, the inputs and the checkpoints."""

    spark: Spark
    out: str
    options: BatchOptions
    files: list[InputFile]
    checkpoints: Checkpoints
    hadoop: HadoopFiles
    log: Callable[[str], None] = print
    resumed: list[str] = field(default_factory=list)

    def path(self, name: str) -> str:
        return f"{self.out.rstrip('/')}/{name}"

    def read(self, name: str) -> Frame:
        """A table of the job (the partitioned ones with their schema: a wave may have written no rows)."""
        from .signals import SIGNAL_FIELDS, SKIP_FIELDS

        fields = {"signals": SIGNAL_FIELDS, "skipped": SKIP_FIELDS}.get(name)
        reader = self.spark.read.schema(schema(fields)) if fields else self.spark.read
        return reader.parquet(self.path(name))

    @property
    def parallelism(self) -> int:
        cores: int = self.spark.sparkContext.defaultParallelism
        return cores

    def waves(self) -> list[list[InputFile]]:
        size = self.options.wave_files or max(1, 4 * self.parallelism)
        return [self.files[i:i + size] for i in range(0, len(self.files), size)] or [[]]

    def unit(self, name: str, description: str, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """Run a unit of work unless an earlier run finished it; its counts and seconds (the marker)."""
        marker = self.checkpoints.done(name)
        if marker is not None:
            self.resumed.append(name)
            self.log(f"{description}: done in an earlier run")
            return marker
        self.spark.sparkContext.setJobDescription(description)
        self.log(f"{description} ...")
        start, cpu = time.perf_counter(), self._local_cpu()
        record = dict(work())
        record["seconds"] = round(time.perf_counter() - start, 2)
        end_cpu = self._local_cpu()
        if cpu is not None and end_cpu is not None:  # local mode: the driver, its JVM and the Python workers
            record["cpu_seconds"] = round(end_cpu - cpu, 2)  # are this process tree
        self.checkpoints.mark(name, record)
        self.log(f"{description}: {_counts(record)}")
        return record


    def _local_cpu(self) -> float | None:
        local = self.spark.sparkContext.master.startswith("local")
        return process_tree_cpu(os.getpid()) if local else None


def process_tree_cpu(root: int) -> float | None:
    """CPU seconds used so far by a process and its live descendants (Linux /proc; None elsewhere)."""
    proc = Path("/proc")
    if not (proc / str(root) / "stat").exists():
        return None
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split() if entry.name.isdigit() else None
        except OSError:
            continue
        if fields:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


def _counts(record: dict[str, Any]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in record.items() if not isinstance(v, dict))


def identity(inputs: list[str], files: list[InputFile], options: BatchOptions) -> dict[str, Any]:
    """What makes two runs the same job: inputs, what results depend on, and the code."""
    return {"inputs": inputs, "files": [[f.uri, f.size] for f in files], "ingest": repr(options.ingest),
            "max_bytes": options.max_bytes, "wave_files": options.wave_files,
            "reports_min_origins": options.reports_min_origins, "code": _code()}


def schema(fields: Iterable[tuple[str, str]]) -> Any:
    """A Spark schema from (name, type name) pairs; every column nullable."""
    from pyspark.sql.types import StructField, StructType, _parse_datatype_string

    return StructType([StructField(name, _parse_datatype_string(kind), True) for name, kind in fields])
