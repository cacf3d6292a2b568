#!/usr/bin/python3
"""Throughput of claim extraction on a Dask cluster of 2 workers against one process, on the same
corpus in the same run (issue 16: per worker within 20% of the single process).

The corpus (default 10,011 documents) is made in a temporary folder from the 40 articles of
../shared/data/news/articles and the examples' 7 documents, each copied in N variants that differ
only by trailing blanks (an HTML comment for HTML), so every file has its own SHA-256 and the
claims of its source. Timed, one after the other:
  1. `reckon ingest CORPUS --db single.db` (SQLite): the single process;
  2. reckon.dask.extract_corpus(out=...) on a scheduler with 1 worker process (1 thread);
  3. the same on a scheduler with 2 worker processes (1 thread each),
the cluster's start and each worker's first import of reckon not counted (the time of
extract_corpus: walking the corpus, the tasks, writing the CSV parts). Checks that the claims
of 2. and 3. are those of 1. (`reckon claims --format csv`, sorted) and prints
  RESULT single_docs_per_second <docs/s of 1.> docs/s
  RESULT dask1_docs_per_second <docs/s of 2.> docs/s
  RESULT dask_docs_per_worker_second <docs/s of 3. / 2> docs/s
  RESULT dask_per_worker_ratio <3. per worker / 1.> x          (target >= 0.8)
  RESULT dask_per_worker_ratio_vs_1worker <3. per worker / 2.> x
and the same per CPU second (the workers' user + system time from /proc, the single process's
from getrusage), which a machine shared with other work leaves fair:
  RESULT single_docs_per_cpu_second, dask_docs_per_worker_cpu_second, dask_cpu_per_worker_ratio
The machine's load average is printed before and after: with other work on the cores the
2-worker figure is what two cores shared with it give.

    RECKON_BINARY=build/reckon PYTHONPATH=build/python nice bench/dask_extract.py [--variants N] [--batch N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import pathlib
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import reckon.dask
from distributed import Client

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = pathlib.Path(os.environ.get("RECKON_SHARED_DIR", ROOT.parent / "shared"))
RECKON = os.environ.get("RECKON_BINARY", str(ROOT / "build" / "reckon"))


def make_corpus(folder: pathlib.Path, variants: int) -> int:
    sources = sorted((SHARED / "data" / "news" / "articles").glob("*.txt"))
    sources += sorted((ROOT / "examples" / "us155" / "documents").iterdir())
    sources += sorted((ROOT / "examples" / "alabuga" / "documents").iterdir())
    n = 0
    for v in range(1, variants + 1):
        (folder / f"v{v:04d}").mkdir(parents=True)
        for src in sources:
            data = src.read_bytes()
            data += f"\n<!-- variant {v} -->\n".encode() if src.suffix == ".html" else b" " * v + b"\n"
            (folder / f"v{v:04d}" / src.name).write_bytes(data)
            n += 1
    return n


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rows(text: str) -> list:
    return sorted(tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:])


def load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__()


def warm() -> int:
    import importlib

    importlib.import_module("reckon.dask")
    from reckon import _reckon
    return len(_reckon.extract_text("The plant made 10 drones a month in 2024.").csv)


class Cluster:
    """A scheduler and `n` worker processes (1 thread each) on loopback TCP, stopped on exit."""

    def __init__(self, n: int, tmp: pathlib.Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        self.procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                        "--port", str(port), "--no-dashboard", "--no-show"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
        for w in range(n):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1", "--no-nanny",
                 "--no-dashboard", "--host", "127.0.0.1", "--local-directory", str(tmp / f"w{n}-{w}")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.client = Client(self.address, timeout="60s")
        self.client.wait_for_workers(n, timeout=120)
        # Each worker imports reckon (and pandas) and parses the gazetteer before the clock starts.
        self.client.run(warm)
        self.workers = self.procs[1:]

    def worker_cpu(self) -> float:
        return sum(cpu_seconds(p.pid) for p in self.workers)

    def close(self) -> None:
        self.client.close()
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variants", type=int, default=213, help="copies of each of the 47 documents (default 213)")
    ap.add_argument("--batch", type=int, default=200, help="documents per Dask task (default 200)")
    args = ap.parse_args()
    if not (SHARED / "data" / "news" / "articles").is_dir():
        print(f"dask_extract: skipped: no {SHARED}/data/news/articles", file=sys.stderr)
        return 0
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="reckon-bench-dask-"))
    try:
        corpus = tmp / "corpus"
        n = make_corpus(corpus, args.variants)
        print(f"corpus: {n} documents in {tmp}; load average before {load()}; {os.cpu_count()} cores")

        t = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([RECKON, "ingest", str(corpus), "--db", str(tmp / "single.db")], check=True,
                       stderr=subprocess.DEVNULL)
        single = n / (time.monotonic() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        single_cpu = n / (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        expected = rows(subprocess.run([RECKON, "claims", "--db", str(tmp / "single.db"), "--format", "csv"],
                                       check=True, capture_output=True, text=True).stdout)
        print(f"reckon ingest (1 process, SQLite): {single:.1f} docs/s, {len(expected)} claims")

        rates = {}
        cpu_rates = {}
        for workers in (1, 2):
            cluster = Cluster(workers, tmp)
            try:
                out = tmp / f"out{workers}"
                cpu = cluster.worker_cpu()
                totals = reckon.dask.extract_corpus(cluster.client, [corpus], out=out, batch=args.batch,
                                                    progress=False)
                cpu_rates[workers] = n / (cluster.worker_cpu() - cpu)
            finally:
                cluster.close()
            if totals["failed"] or totals["stored"] != n:
                print(f"FAIL: {workers} worker(s): {totals['failed'][:3]}, {totals['stored']} of {n} read")
                return 1
            rates[workers] = n / totals["seconds"]
            got = sorted(r for p in sorted(out.glob("claims-*.csv")) for r in rows(p.read_text(encoding="utf-8")))
            same = got == expected
            print(f"Dask, {workers} worker(s): {rates[workers]:.1f} docs/s in {totals['seconds']:.1f} s, "
                  f"{totals['tasks']} tasks, claims {'the same as' if same else 'DIFFERENT from'} reckon ingest's")
            if not same:
                return 1
        per_worker = rates[2] / 2
        print(f"load average after {load()}")
        print(f"RESULT single_docs_per_second {single:.1f} docs/s")
        print(f"RESULT dask1_docs_per_second {rates[1]:.1f} docs/s")
        print(f"RESULT dask_docs_per_worker_second {per_worker:.1f} docs/s")
        print(f"RESULT dask_per_worker_ratio {per_worker / single:.3f} x")
        print(f"RESULT dask_per_worker_ratio_vs_1worker {per_worker / rates[1]:.3f} x")
        print(f"RESULT single_docs_per_cpu_second {single_cpu:.1f} docs/s")
        print(f"RESULT dask_docs_per_worker_cpu_second {cpu_rates[2]:.1f} docs/s")
        print(f"RESULT dask_cpu_per_worker_ratio {cpu_rates[2] / single_cpu:.3f} x")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
