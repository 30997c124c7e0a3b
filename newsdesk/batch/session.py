"""The Spark session a batch job runs in: local[*] by default, or what spark-submit set up."""
from __future__ import annotations

import os
import shutil
import sys
from typing import Any

from ..errors import ConfigError

__all__ = ["Frame", "INSTALL_HINT", "Spark", "spark_session"]

# pyspark is optional (the spark extra) and its objects cross this package untyped: one place says so.
Spark = Any  # a pyspark.sql.SparkSession
Frame = Any  # a pyspark.sql.DataFrame (or one of its rows' RDDs)

INSTALL_HINT = ("newsdesk batch needs the spark extra and Java 17: pip install 'newsdesk[spark]' and "
                "apt-get install openjdk-17-jre-headless (or set JAVA_HOME)")

# Each task uses one core: the models must not start a thread per core each on top of that.
_ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# In local mode one JVM does the driver's and the executors' work next to the Python workers that do
# the real work; measured on ECB+ dev (2 cores), these settings halve the JVM's CPU (71 -> 34 s):
# no optimising JIT compiler and no generated code for queries over a few thousand rows, one GC thread.
_LOCAL = {"spark.sql.shuffle.partitions": "8",  # small local jobs: not 200 near-empty tasks
          "spark.driver.extraJavaOptions": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
          "spark.sql.codegen.wholeStage": "false"}


def spark_session(master: str | None = None, conf: dict[str, str] | None = None, *, progress: bool = True) -> Spark:
    """A SparkSession. Under ``spark-submit`` the master and resources come from it (``master``
    overrides); otherwise ``master`` (default ``local[*]``) with this interpreter as the Python of
    the workers."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(INSTALL_HINT) from exc
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # started by spark-submit: the JVM is up
    if not submitted:
        if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
            raise ConfigError(INSTALL_HINT)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("newsdesk batch")
    if master or not submitted:
        builder = builder.master(master or "local[*]")
    settings = {"spark.sql.sources.partitionOverwriteMode": "dynamic",
                "spark.ui.showConsoleProgress": "true" if progress and sys.stderr.isatty() else "false",
                **{f"spark.executorEnv.{k}": v for k, v in _ONE_THREAD.items()}}
    if (master or "local").startswith("local") and not submitted:
        settings.update(_LOCAL)
    for key, value in {**settings, **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start
        raise ConfigError(f"Spark did not start ({' '.join(str(exc).split())[:200]}); {INSTALL_HINT}") from exc
    spark.sparkContext.setLogLevel("WARN")
    return spark
