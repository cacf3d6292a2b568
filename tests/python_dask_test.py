"""reckon.dask on a real Dask cluster this test starts and stops: a scheduler and two worker
processes (one thread each) on loopback TCP, and a PostgreSQL server (initdb in a temporary
folder, postgres on a Unix socket there, as the postgres user when run as root, as
tests/app/pg_ingest_test.sh does).

The corpus is made at run time from ../shared/data/news/articles and the examples' documents:
each document in six variants that differ only by trailing blanks (so each has its own SHA-256
and the same claims), a few hundred in all, plus a PDF that cannot be read. Checked:
  - extract_corpus into the PostgreSQL store gives the claims `reckon ingest` gives in one
    process into SQLite (`reckon claims --format csv`, sorted), every document stored once;
  - the same corpus again stores nothing (every document already present);
  - a worker killed with SIGKILL half-way: the other finishes, nothing half-stored, every
    document once, the same claims; a rerun stores nothing more;
  - into partitioned CSV and JSON lines: one file per batch, the same claims; a rerun
    replaces the files, never adds rows;
  - adsb_flights_archive gives per file what reckon.adsb.flights gives;
  - the unreadable file is reported, not fatal; the command's --help and errors.
Every process started here is stopped at the end, on failure too; should the test itself be
killed, the scheduler stops after 10 idle minutes and the workers a minute after it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import pandas
import pandas.testing
import reckon
import reckon.dask
from distributed import Client

RECKON = os.environ.get("RECKON_BINARY", "reckon")
SOURCE = pathlib.Path(os.environ.get("RECKON_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[1]))
SHARED = pathlib.Path(os.environ.get("RECKON_SHARED_DIR", SOURCE.parent / "shared"))
PG_BIN = pathlib.Path(os.environ.get("RECKON_PG_BINDIR", "/usr/lib/postgresql/15/bin"))
VARIANTS = 6


def make_corpus(folder: pathlib.Path, variants: int) -> int:
    """Each source document in `variants` copies that differ only in trailing blanks (HTML: a
    comment), in folders v1..vN; returns how many files were made."""
    sources = sorted((SHARED / "data" / "news" / "articles").glob("*.txt"))
    sources += sorted((SOURCE / "examples" / "us155" / "documents").iterdir())
    sources += sorted((SOURCE / "examples" / "alabuga" / "documents").iterdir())
    n = 0
    for v in range(1, variants + 1):
        (folder / f"v{v}").mkdir(parents=True)
        for src in sources:
            data = src.read_bytes()
            data += f"\n<!-- variant {v} -->\n".encode() if src.suffix == ".html" else b" " * v + b"\n"
            (folder / f"v{v}" / src.name).write_bytes(data)
            n += 1
    return n


def sorted_claims_csv(text: str) -> list:
    """The rows of claims CSV text (header dropped), sorted: the same claims in any order."""
    rows = list(csv.reader(io.StringIO(text)))
    return sorted(tuple(r) for r in rows[1:])


class Processes:
    """Processes started by the test, each stopped (SIGTERM, then SIGKILL) at the end."""

    def __init__(self) -> None:
        self.procs: list = []

    def start(self, args: list, log: pathlib.Path, env: dict) -> subprocess.Popen:
        with open(log, "wb") as err:
            p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=err, env=env)
        self.procs.append(p)
        return p

    def stop(self) -> None:
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        deadline = time.monotonic() + 10
        for p in self.procs:
            try:
                p.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


class DaskCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        if not (PG_BIN / "initdb").exists():
            raise unittest.SkipTest(f"PostgreSQL is not installed (no {PG_BIN}/initdb; apt-get install postgresql-15)")
        if not (SHARED / "data" / "news" / "articles").is_dir():
            raise unittest.SkipTest(f"no {SHARED}/data/news/articles to make the corpus from")
        cls.tmp = pathlib.Path(tempfile.mkdtemp(prefix="reckon-dask-test-"))
        cls.procs = Processes()
        cls.pg_started = False
        cls.pgdir = None
        try:
            cls._start()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def _start(cls) -> None:
        tmp = cls.tmp
        cls.corpus = tmp / "corpus"
        cls.documents = make_corpus(cls.corpus, VARIANTS)
        # A file no reader can read: reported by every run, fatal to none.
        (cls.corpus / "v1" / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a PDF\n")

        # PostgreSQL, as tests/app/pg_ingest_test.sh starts it.
        # Its own folder, which the postgres user can enter (the test's folder is mode 0700).
        cls.pgdir = pathlib.Path(tempfile.mkdtemp(prefix="reckon-dask-pg-"))
        cls.as_pg = []
        if os.geteuid() == 0:
            shutil.chown(cls.pgdir, "postgres", "postgres")
            cls.as_pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run(cls.as_pg + [str(PG_BIN / "initdb"), "-D", str(cls.pgdir / "data"), "-U", "reckon", "-A",
                                    "trust", "-E", "UTF8", "--no-locale", "--no-sync"],
                       check=True, capture_output=True)
        subprocess.run(cls.as_pg + [str(PG_BIN / "pg_ctl"), "-D", str(cls.pgdir / "data"), "-l",
                                    str(cls.pgdir / "server.log"), "-w", "-t", "60", "-o",
                                    f"-k {cls.pgdir} -c listen_addresses= -F", "start"],
                       check=True, capture_output=True)
        cls.pg_started = True
        for db in ("store", "killed"):
            subprocess.run([str(PG_BIN / "createdb"), "-h", str(cls.pgdir), "-U", "reckon", db], check=True)

        # The Dask scheduler on a free loopback port, and two workers of one thread each, which
        # import reckon from the build tree (PYTHONPATH comes from ctest).
        env = dict(os.environ)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cls.address = f"tcp://127.0.0.1:{port}"
        cls.procs.start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                         str(port), "--no-dashboard", "--no-show", "--idle-timeout", "600s"],
                        tmp / "scheduler.log", env)
        cls.workers = []
        for w in (1, 2):
            cls.workers.append(cls.procs.start(
                [sys.executable, "-m", "distributed.cli.dask_worker", cls.address, "--nthreads", "1", "--no-nanny",
                 "--death-timeout", "60", "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{w}",
                 "--local-directory", str(tmp / f"w{w}")],
                tmp / f"worker{w}.log", env))
        cls.client = Client(cls.address, timeout="60s")
        cls.client.wait_for_workers(2, timeout=120)

        # The serial run: `reckon ingest` in one process into SQLite.
        cls.serial_db = tmp / "serial.db"
        run = subprocess.run([RECKON, "ingest", str(cls.corpus), "--db", str(cls.serial_db)], capture_output=True,
                             text=True)
        assert run.returncode == 0, run.stderr
        cls.serial = sorted_claims_csv(cls.reckon_claims(str(cls.serial_db)))
        assert len(cls.serial) > cls.documents, "the serial run found too few claims"

    @classmethod
    def tearDownClass(cls) -> None:
        client = getattr(cls, "client", None)
        if client is not None:
            client.close()
        cls.procs.stop()
        if cls.pg_started:
            subprocess.run(cls.as_pg + [str(PG_BIN / "pg_ctl"), "-D", str(cls.pgdir / "data"), "-m", "immediate",
                                        "-w", "stop"], capture_output=True)
        if getattr(cls, "pgdir", None) is not None:
            shutil.rmtree(cls.pgdir, ignore_errors=True)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def uri(cls, db: str) -> str:
        return f"postgresql://reckon@/{db}?host={cls.pgdir}"

    @staticmethod
    def reckon_claims(db: str) -> str:
        run = subprocess.run([RECKON, "claims", "--db", db, "--format", "csv"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    def documents_in(self, db: str) -> tuple:
        out = subprocess.run([str(PG_BIN / "psql"), "-X", "-q", "-A", "-t", "-F", " ", "-h", str(self.pgdir), "-U",
                              "reckon", "-d", db, "-c", "SELECT count(*), count(DISTINCT sha256) FROM documents"],
                             capture_output=True, text=True, check=True).stdout.split()
        return int(out[0]), int(out[1])

    def check_skipped(self, totals: dict) -> None:
        self.assertEqual(totals["failed"], [])
        self.assertEqual(len(totals["skipped"]), 1, totals["skipped"])
        self.assertIn("broken.pdf", totals["skipped"][0])

    def test_1_store_once_then_nothing_twice(self) -> None:
        totals = reckon.dask.extract_corpus(self.client, [self.corpus], db=self.uri("store"), batch=10,
                                            progress=False)
        self.check_skipped(totals)
        self.assertEqual(totals["files"], self.documents + 1)
        self.assertEqual((totals["stored"], totals["unchanged"]), (self.documents, 0))
        self.assertEqual(self.documents_in("store"), (self.documents, self.documents))
        self.assertEqual(sorted_claims_csv(self.reckon_claims(self.uri("store"))), self.serial)
        # reckon.claims reads the same store into a DataFrame.
        frame = reckon.claims(self.uri("store"))
        self.assertEqual(len(frame), len(self.serial))
        self.assertTrue(frame["document"].str.fullmatch("[0-9a-f]{64}").all())

        again = reckon.dask.extract_corpus(self.client, [self.corpus], db=self.uri("store"), batch=7,
                                           progress=False)
        self.check_skipped(again)
        self.assertEqual((again["stored"], again["unchanged"], again["claims"]), (0, self.documents, 0))
        self.assertEqual(self.documents_in("store"), (self.documents, self.documents))

    def test_2_partitioned_files(self) -> None:
        out = self.tmp / "parts"
        first = reckon.dask.extract_corpus(self.client, str(self.corpus), out=out, batch=25, progress=False)
        self.check_skipped(first)
        tasks = first["tasks"]
        self.assertEqual(tasks, -(-(self.documents + 1) // 25))

        def read_parts() -> list:
            parts = sorted(out.glob("claims-*.csv"))
            self.assertEqual(len(parts), tasks)
            return sorted(row for p in parts for row in sorted_claims_csv(p.read_text(encoding="utf-8")))

        self.assertEqual(read_parts(), self.serial)
        # A rerun replaces each batch's file: no row twice, no temporary file left.
        reckon.dask.extract_corpus(self.client, str(self.corpus), out=out, batch=25, progress=False)
        self.assertEqual(read_parts(), self.serial)
        self.assertEqual([p for p in os.listdir(out) if p.startswith(".")], [])

        jsonl = self.tmp / "jsonl"
        reckon.dask.extract_corpus(self.client, str(self.corpus), out=jsonl, format="jsonl", batch=40,
                                   progress=False)
        records = [json.loads(line) for p in sorted(jsonl.glob("claims-*.jsonl"))
                   for line in p.read_text(encoding="utf-8").splitlines()]
        self.assertEqual(sum(1 for r in records if "metric" in r), len(self.serial))

    def test_3_worker_killed_half_way(self) -> None:
        victim = self.workers[1]
        killed_at = []

        def on_batch(info: dict) -> None:
            # After the third of many tasks: the other tasks are queued or running on both workers.
            if info["done"] == 3 and victim.poll() is None:
                killed_at.append(self.documents_in("killed")[0])
                os.kill(victim.pid, signal.SIGKILL)

        totals = reckon.dask.extract_corpus(self.client, [self.corpus], db=self.uri("killed"), batch=4, retries=2,
                                            progress=False, on_batch=on_batch)
        self.assertEqual(len(killed_at), 1, "the worker was not killed")
        self.assertLess(killed_at[0], self.documents, "the kill came after the work was done")
        victim.wait(timeout=30)
        self.assertEqual(totals["failed"], [])
        # The batch the killed worker held is run again on the other: what it had stored counts
        # as already present, so stored + present is the corpus, each document once.
        self.assertEqual(totals["stored"] + totals["unchanged"], self.documents)
        self.assertEqual(self.documents_in("killed"), (self.documents, self.documents))
        self.assertEqual(sorted_claims_csv(self.reckon_claims(self.uri("killed"))), self.serial)
        rerun = reckon.dask.extract_corpus(self.client, [self.corpus], db=self.uri("killed"), batch=50,
                                           progress=False)
        self.assertEqual((rerun["stored"], rerun["unchanged"]), (0, self.documents))

    def test_4_flights_archive(self) -> None:
        archive = self.tmp / "adsb"
        archive.mkdir()
        inputs = SOURCE / "tests" / "golden" / "inputs"
        shutil.copy(inputs / "il76_flight.json", archive / "a-il76.json")
        shutil.copy(inputs / "messages.avr", archive / "b-messages.avr")
        (archive / "c-empty.avr").write_bytes(b"")
        airports = inputs / "airports"
        out = self.tmp / "flights"
        totals = reckon.dask.adsb_flights_archive(self.client, [archive], out=out, airports=airports, messages=True,
                                                  progress=False)
        self.assertEqual(totals["failed"], [])
        self.assertEqual(totals["files"], 3)
        expected_flights = 0
        for i, name in enumerate(sorted(os.listdir(archive))):
            part = out / f"flights-{i:05d}.csv"
            if name == "c-empty.avr":
                # Unreadable alone: skipped with reckon's message, the others' tasks go on.
                self.assertFalse(part.exists())
                self.assertIn(f"{name}: ", " ".join(totals["skipped"]))
                with self.assertRaises(reckon.InputError):
                    reckon.adsb.flights(str(archive / name), str(airports))
                continue
            expected = reckon.adsb.flights(str(archive / name), str(airports))
            expected_flights += len(expected)
            got = reckon._frames.frame(part.read_text(encoding="utf-8"), reckon.adsb.FLIGHT_TEXT_COLUMNS)
            pandas.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_like=False)
        self.assertEqual(totals["flights"], expected_flights)
        self.assertGreaterEqual(expected_flights, 1)
        messages = (out / "messages-00001.csv").read_text(encoding="utf-8").splitlines()
        self.assertEqual(len(messages) - 1, len(reckon.adsb.decode(str(archive / "b-messages.avr"))))

    def test_5_command(self) -> None:
        env = dict(os.environ)
        run = subprocess.run([sys.executable, "-m", "reckon.dask", "--help"], capture_output=True, text=True, env=env)
        self.assertEqual(run.returncode, 0)
        self.assertIn("dask worker", run.stdout)
        self.assertIn("--scheduler", subprocess.run([sys.executable, "-m", "reckon.dask", "extract", "--help"],
                                                    capture_output=True, text=True, env=env).stdout)
        out = self.tmp / "cli"
        run = subprocess.run([sys.executable, "-m", "reckon.dask", "extract", str(self.corpus / "v2"), "--scheduler",
                              self.address, "--out", str(out), "--batch", "30"], capture_output=True, text=True,
                             env=env, timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertRegex(run.stderr, r"reckon-dask: \d+ document\(s\) stored")
        # Errors: a store that is not there, and a scheduler that is not there.
        run = subprocess.run([sys.executable, "-m", "reckon.dask", "extract", str(self.corpus / "v2"), "--scheduler",
                              self.address, "--db", f"postgresql://reckon@/no_such_db?host={self.pgdir}"],
                             capture_output=True, text=True, env=env, timeout=120)
        self.assertEqual(run.returncode, 1)
        self.assertIn("no_such_db", run.stderr)
        self.assertIn("reckon-dask: error:", run.stderr)
        run = subprocess.run([sys.executable, "-m", "reckon.dask", "extract", str(self.corpus / "v2"), "--out",
                              str(out)], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn("--scheduler", run.stderr)


class Ingest(unittest.TestCase):
    """reckon.ingest and reckon.claims on their own: a SQLite store, as the command."""

    def test_ingest_and_claims_match_the_command(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            docs = SOURCE / "examples" / "us155" / "documents"
            db = os.path.join(tmp, "py.db")
            tally = reckon.ingest([docs, os.path.join(tmp, "missing")], db=db)
            self.assertEqual(tally["stored"], len(os.listdir(docs)))
            self.assertEqual(tally["problems"], 1)
            self.assertIn("missing", tally["skipped"][0])
            self.assertEqual(reckon.ingest(docs, db=db)["unchanged"], tally["stored"])
            cli = os.path.join(tmp, "cli.db")
            subprocess.run([RECKON, "ingest", str(docs), "--db", cli], check=True, capture_output=True)
            self.assertEqual(sorted_claims_csv(reckon._reckon.store_claims(db)),
                             sorted_claims_csv(DaskCluster.reckon_claims(cli)))
            rates = reckon.claims(db, metric="production_rate")
            self.assertEqual(set(rates["metric"]), {"production_rate"})
            with self.assertRaises(reckon.UsageError):
                reckon.claims(db, metric="no_such_metric")
            with self.assertRaises(reckon.InputError):
                reckon.claims(os.path.join(tmp, "absent.db"))
            with self.assertRaises(reckon.UsageError):
                reckon.dask.extract_corpus(None, docs)  # neither db nor out


if __name__ == "__main__":
    unittest.main()
