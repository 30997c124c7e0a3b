"""Sub-command ``batch``: the pipeline over a whole archive on Spark (see :mod:`newsdesk.batch`)."""
from __future__ import annotations

import argparse
import sys

from ..errors import ConfigError
from ..extract import DEFAULT_MAX_BYTES

EPILOG = """\
examples:
  newsdesk batch archive/*.warc.gz --out month/            # local[*]: every core of this machine
  newsdesk batch hdfs:///cc-news/2026/11/ --out hdfs:///newsdesk/2026-11 --desk nov.db
  spark-submit --master yarn ... $(python -m newsdesk.batch.submit --path) INPUTS --out DIR
  (docs/scale.md: shipping the environment and its models with the job)

Run it again with the same --out to resume a job that failed or was killed."""


def register(sub) -> None:
    p = sub.add_parser("batch", help="run the pipeline over an archive on Apache Spark (needs newsdesk[spark])",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="WARC/WARC.gz, JSONL, HTML or text files, folders, globs; or URIs Spark reads (hdfs://, s3a://)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (Parquet tables, the desk, checkpoints)")
    p.add_argument("--master", help="Spark master (default local[*], or the one spark-submit was given)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.add_argument("--desk", metavar="FILE", help="write the desk here (default: DIR/newsdesk.db for a local DIR)")
    p.add_argument("--no-desk", action="store_true", help="write only the Parquet tables")
    p.add_argument("--reports", type=int, default=2, metavar="N",
                   help="write a report per story with N+ independent origins (default 2; 0: none)")
    p.add_argument("--wave-files", type=int, metavar="N",
                   help="input files per wave of stage 1, the unit a resumed job redoes (default 4 per core)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="skip records larger than this")
    p.add_argument("--fresh", action="store_true", help="discard what an earlier run of a job left in DIR")
    p.set_defaults(handler=cmd_batch, writes=True)  # writes no --db desk: --out, --desk


def _conf(pairs: list[str]) -> dict[str, str]:
    conf = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--conf {pair!r}: expected KEY=VALUE, e.g. spark.executor.memory=4g")
        conf[key.strip()] = value.strip()
    return conf


def cmd_batch(args) -> int:
    from ..batch import BatchOptions, run_batch

    if args.reports < 0 or (args.wave_files is not None and args.wave_files < 1):
        raise ConfigError("--reports must be 0 or more and --wave-files 1 or more")
    options = BatchOptions(master=args.master, conf=_conf(args.conf), desk=args.desk, write_desk=not args.no_desk,
                           reports_min_origins=args.reports, wave_files=args.wave_files, max_bytes=args.max_bytes,
                           fresh=args.fresh)
    summary = run_batch(args.inputs, args.out, options, log=lambda line: print(line, file=sys.stderr))
    return 0 if summary.articles else 1
