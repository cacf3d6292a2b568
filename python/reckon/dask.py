"""reckon on a Dask cluster: claim extraction over a corpus of documents and ADS-B flight finding
over an archive of recordings, spread over the workers of any ``dask.distributed`` cluster (a
``dask scheduler`` with ``dask worker`` processes on many machines, or a ``LocalCluster`` on one).

    >>> from distributed import Client
    >>> import reckon.dask
    >>> client = Client("tcp://scheduler.example:8786")
    >>> reckon.dask.extract_corpus(client, ["/archive/2025"], db="postgresql://ana@db.example/evidence")

Every worker needs the ``reckon`` package (the same build) on its Python path and must see the
files under the same paths (a shared or copied file system); a ``db`` store must be reachable
from every worker. The work of a task runs in reckon's C++ code without the GIL.

Retried tasks do no harm: into a store, documents are keyed by the SHA-256 of their bytes and
each is one transaction, so a batch run twice (a worker lost half-way, ``retries=``) stores
nothing twice and a document is never half-stored; into ``out``, each batch writes one file
under a temporary name and renames it into place, so a rerun replaces it.

The command ``python3 -m reckon.dask extract|flights --help`` runs the same functions.
See docs/scale.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from . import _reckon
from .errors import Error, UsageError

try:
    import distributed
except ImportError as e:  # pragma: no cover: the message is the point
    raise ImportError("reckon.dask needs Dask's distributed scheduler (Debian: apt-get install python3-distributed)"
                      ) from e

__all__ = ["extract_corpus", "adsb_flights_archive", "main"]

Location = Union[str, "os.PathLike[str]"]
BatchCallback = Callable[[Dict[str, Any]], None]


def _date_text(published: Union[None, str, date]) -> str:
    if published is None:
        return ""
    return published.isoformat() if isinstance(published, date) else str(published)


def _as_client(client: Any) -> "distributed.Client":
    if isinstance(client, str):
        return distributed.Client(client)
    return client


def _paths(paths: Union[Location, Iterable[Location]]) -> List[str]:
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    if not items:
        raise UsageError("no input given", "pass files or folders")
    return [os.fspath(p) for p in items]


def _batches(files: Sequence[str], batch: int) -> List[List[str]]:
    if batch < 1:
        raise UsageError(f"batch: {batch} is less than 1", "give the number of files per task, e.g. 50")
    return [list(files[i:i + batch]) for i in range(0, len(files), batch)]


def _write_atomic(path: str, text: str) -> None:
    """Writes `text` to a temporary file beside `path` and renames it into place, so a reader
    (or a retried task) never sees half a file."""
    folder = os.path.dirname(path) or "."
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _notes(notes: Iterable[str]) -> "tuple[list[str], list[str]]":
    skipped = [n[len("skipped: "):] for n in notes if n.startswith("skipped: ")]
    warnings = [n[len("warning: "):] for n in notes if n.startswith("warning: ")]
    return skipped, warnings


# --- The tasks: run on the workers -------------------------------------------------------------

def _extract_batch(index: int, files: List[str], db: str, out: str, fmt: str, published: str,
                   entities: str) -> Dict[str, Any]:
    """One batch of documents: into the store `db`, or into out/claims-NNNNN.FMT (and
    events-NNNNN.csv for CSV) through a store in memory, so the rows are those `reckon claims`
    writes, with each claim's document as its SHA-256."""
    if db:
        run = _reckon.ingest(files, db, published, entities, "")
    else:
        run = _reckon.ingest(files, ":memory:", published, entities, fmt)
        _write_atomic(os.path.join(out, f"claims-{index:05d}.{fmt}"), run.claims_text)
        if fmt == "csv":
            _write_atomic(os.path.join(out, f"events-{index:05d}.csv"), run.events_text)
    skipped, warnings = _notes(run.notes)
    return {"batch": index, "files": len(files), "stored": run.stored, "unchanged": run.unchanged,
            "claims": run.claims, "events": run.events, "problems": run.problems, "skipped": skipped,
            "warnings": warnings}


def _flights_batch(index: int, files: List[str], out: str, options: Dict[str, Any],
                   messages: bool) -> Dict[str, Any]:
    """One batch of recordings: its flights into out/flights-NNNNN.csv (and its messages into
    messages-NNNNN.csv). A file that cannot be read is skipped and named; the rest are used."""
    skipped: List[str] = []
    warnings: List[str] = []
    readable = list(files)
    try:
        result = _reckon.adsb_flights(readable, **options)
    except Error:
        # One bad file spoils a joint read: try the files one by one to name it, then read the rest.
        readable = []
        for f in files:
            try:
                _reckon.adsb_flights([f], **options)
                readable.append(f)
            except Error as e:
                skipped.append(f"{f}: {e}")
        result = _reckon.adsb_flights(readable, **options) if readable else None
    rows = 0
    if result is not None:
        _write_atomic(os.path.join(out, f"flights-{index:05d}.csv"), result.csv)
        rows = max(result.csv.count("\n") - 1, 0)
    frames = 0
    if messages and readable:
        decoded: List[str] = []
        for f in readable:
            try:
                d = _reckon.adsb_decode([f], options.get("format", "auto"))
            except Error as e:  # a trajectory export holds points, not messages
                warnings.append(f"{f}: no messages written: {e}")
                continue
            frames += d.frames
            decoded.append(d.csv if not decoded else d.csv.split("\n", 1)[1])
        if decoded:
            _write_atomic(os.path.join(out, f"messages-{index:05d}.csv"), "".join(decoded))
    return {"batch": index, "files": len(files), "read": len(readable), "flights": rows,
            "points": result.points if result is not None else 0, "frames": frames, "problems": len(skipped),
            "skipped": skipped, "warnings": warnings}


# --- Running the tasks: progress, retries and errors ---------------------------------------------

class _Progress:
    """One line on stderr: rewritten in place on a terminal, every few seconds otherwise."""

    def __init__(self, label: str, batches: int, files: int, enabled: bool) -> None:
        self.label, self.batches, self.files, self.enabled = label, batches, files, enabled
        self.tty = enabled and sys.stderr.isatty()
        self.start = self.last = time.monotonic()

    def update(self, done: int, files_done: int, problems: int, failed: int, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and not self.tty and now - self.last < 5:
            return
        self.last = now
        rate = files_done / max(now - self.start, 1e-9)
        line = (f"reckon-dask: {self.label}: {done}/{self.batches} tasks, {files_done}/{self.files} files, "
                f"{problems} skipped, {failed} failed, {rate:.0f} files/s")
        if self.tty:
            sys.stderr.write("\r" + line + ("\n" if final else ""))
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _run(client: Any, label: str, task: Callable[..., Dict[str, Any]], batches: List[List[str]],
         args: tuple, retries: int, progress: bool, on_batch: Optional[BatchCallback],
         totals: Dict[str, Any]) -> Dict[str, Any]:
    client = _as_client(client)
    if retries < 0:
        raise UsageError(f"retries: {retries} is negative", "give 0 or more")
    files = sum(len(b) for b in batches)
    bar = _Progress(label, len(batches), files, progress)
    futures = client.map(task, list(range(len(batches))), batches, *[[a] * len(batches) for a in args],
                         retries=retries, pure=False)
    which = {f.key: i for i, f in enumerate(futures)}
    failed: List[Dict[str, Any]] = []
    done = files_done = 0
    for future in distributed.as_completed(futures):
        i = which[future.key]
        done += 1
        files_done += len(batches[i])
        if future.status == "error":
            exc = future.exception()
            failed.append({"batch": i, "files": batches[i], "error": f"{type(exc).__name__}: {exc}"})
            result = None
        else:
            result = future.result()
            for k, v in result.items():
                if k in ("batch", "files"):
                    continue
                if isinstance(v, list):
                    totals.setdefault(k, []).extend(v)
                else:
                    totals[k] = totals.get(k, 0) + v
        future.release()
        bar.update(done, files_done, len(totals.get("skipped", [])), len(failed))
        if on_batch is not None:
            on_batch({"batch": i, "done": done, "tasks": len(batches), "result": result})
    bar.update(done, files_done, len(totals.get("skipped", [])), len(failed), final=True)
    failed.sort(key=lambda f: f["batch"])
    totals.update({"files": files, "tasks": len(batches), "failed": failed,
                   "seconds": time.monotonic() - bar.start})
    return totals


def extract_corpus(client: Any, paths: Union[Location, Iterable[Location]], *, db: Optional[Location] = None,
                   out: Optional[Location] = None, format: str = "csv", published: Union[None, str, date] = None,
                   entities: Optional[Location] = None, batch: int = 50, retries: int = 2, progress: bool = True,
                   on_batch: Optional[BatchCallback] = None) -> Dict[str, Any]:
    """Extracts the claims of every document under `paths` on a Dask cluster, `batch` files per task.

    client: a ``distributed.Client``, or a scheduler's address (``tcp://HOST:PORT``).
    paths: files and folders, walked here as ``reckon ingest`` walks them (name order, hidden
        files skipped); the workers must see them under the same paths.
    db: a store every worker opens its own connection to, normally a ``postgresql://`` URI
        (a SQLite file works for workers on one machine). Each document is one transaction
        keyed by the SHA-256 of its bytes: a retried task stores nothing twice.
    out: instead of `db`, a folder that gets one ``claims-NNNNN.csv`` (and ``events-NNNNN.csv``)
        or ``claims-NNNNN.jsonl`` per batch, in the columns of ``reckon claims`` with the
        document's SHA-256; written under a temporary name and renamed, so a retried task
        replaces its file. A document found twice in the corpus is in two files.
    format: ``"csv"`` or ``"jsonl"`` for `out`.
    published, entities: as for :func:`reckon.ingest`.
    retries: how often Dask reruns a task that raised or whose worker was lost.
    progress: a line on stderr as tasks finish. on_batch: called here with each finished
        task's ``{"batch", "done", "tasks", "result"}`` (result None for a failed task).

    Returns the totals: ``files``, ``tasks``, ``stored``, ``unchanged``, ``claims``, ``events``,
    ``problems``, ``skipped`` (one "FILE: why" per file that could not be read), ``warnings``,
    ``failed`` (tasks that failed after their retries: batch, files, error) and ``seconds``.
    A file that cannot be read or a failed task is reported there, not raised.
    """
    if (db is None) == (out is None):
        raise UsageError("give exactly one of db and out", "db=postgresql://... to store, out=FOLDER for files")
    if format not in ("csv", "jsonl"):
        raise UsageError(f"unknown format '{format}'", "use csv or jsonl")
    found = _reckon.collect_files(_paths(paths))
    skipped, _ = _notes(found.notes)
    totals: Dict[str, Any] = {"stored": 0, "unchanged": 0, "claims": 0, "events": 0, "problems": len(skipped),
                              "skipped": list(skipped), "warnings": []}
    out_dir = ""
    db_text = ""
    if out is not None:
        out_dir = os.path.abspath(os.fspath(out))
        os.makedirs(out_dir, exist_ok=True)
    else:
        db_text = os.fspath(db)  # type: ignore[arg-type]
        # Opened once here first: the tables are created and a wrong URI is one clear error,
        # not one per task.
        _reckon.ingest([], db_text)
    args = (db_text, out_dir, format, _date_text(published), os.fspath(entities) if entities is not None else "")
    return _run(client, "extract", _extract_batch, _batches(list(found.files), batch), args, retries, progress,
                on_batch, totals)


def adsb_flights_archive(client: Any, paths: Union[Location, Iterable[Location]], *, out: Location,
                         airports: Location, aircraft: Optional[Location] = None,
                         operators: Optional[Location] = None, watch: Optional[Location] = None,
                         format: str = "auto", messages: bool = False, batch: int = 1, retries: int = 2,
                         progress: bool = True, on_batch: Optional[BatchCallback] = None,
                         max_gap: Optional[float] = None, max_bridge: Optional[float] = None,
                         airport_radius: Optional[float] = None, low_agl: Optional[float] = None) -> Dict[str, Any]:
    """Finds the flights in an archive of ADS-B recordings on a Dask cluster, `batch` files per task.

    paths: recordings and folders of them (any format ``reckon adsb flights`` reads, traffic's
        trajectory JSON included), walked in name order; the workers must see them.
    out: a folder that gets one ``flights-NNNNN.csv`` per task (the columns of the command's
        flights.csv), and with ``messages=True`` the decoded messages ``messages-NNNNN.csv``;
        each written under a temporary name and renamed, so a retried task replaces it.
    airports, aircraft, operators, watch, format, max_gap, max_bridge, airport_radius, low_agl:
        as for :func:`reckon.adsb.flights`.
    batch: files per task. A task finds flights in its files together (one tracker), so a
        flight split across two files of one task is one flight; give consecutive files of
        a day to one task (the files are taken in name order) when the archive is cut hourly.

    Returns the totals: ``files``, ``tasks``, ``read``, ``flights``, ``points``, ``frames``,
    ``problems``, ``skipped``, ``failed`` and ``seconds``, as for :func:`extract_corpus`.
    """
    out_dir = os.path.abspath(os.fspath(out))
    os.makedirs(out_dir, exist_ok=True)
    options: Dict[str, Any] = {"airports": os.fspath(airports), "format": format}
    for name, value in (("aircraft", aircraft), ("operators", operators), ("watch", watch)):
        if value is not None:
            options[name] = os.fspath(value)
    for name, number in (("max_gap", max_gap), ("max_bridge", max_bridge), ("airport_radius", airport_radius),
                         ("low_agl", low_agl)):
        if number is not None:
            options[name] = float(number)
    found = _reckon.collect_files(_paths(paths))
    skipped, _ = _notes(found.notes)
    totals: Dict[str, Any] = {"read": 0, "flights": 0, "points": 0, "frames": 0, "problems": len(skipped),
                              "skipped": list(skipped), "warnings": []}
    return _run(client, "flights", _flights_batch, _batches(list(found.files), batch),
                (out_dir, options, messages), retries, progress, on_batch, totals)


# --- The command: python3 -m reckon.dask ---------------------------------------------------------

_DESCRIPTION = """\
reckon's extraction and ADS-B flight finding on a Dask cluster.

Start a scheduler and workers (each worker needs reckon's Python package, e.g.
PYTHONPATH=/opt/reckon/build/python, and the files under the same paths):
  dask scheduler --port 8786                     # on one machine
  dask worker tcp://HOST:8786 --nthreads 1       # on each machine, one per core
Then run here:
  python3 -m reckon.dask extract /archive/news --scheduler tcp://HOST:8786 \\
      --db postgresql://ana@db.example/evidence
  python3 -m reckon.dask extract /archive/news --local 2 --out claims/
  python3 -m reckon.dask flights /archive/adsb --scheduler tcp://HOST:8786 \\
      --airports airports/ --out flights/

A rerun or a retried task stores nothing twice (documents are keyed by SHA-256) and replaces
its own output file. Files that cannot be read are listed at the end, not fatal; the exit code
is 1 when a task failed after its retries or nothing could be read. See docs/scale.md.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m reckon.dask", description=_DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="extract|flights")

    def cluster(s: argparse.ArgumentParser) -> None:
        where = s.add_mutually_exclusive_group(required=True)
        where.add_argument("--scheduler", metavar="ADDRESS", help="a running scheduler, e.g. tcp://10.0.0.5:8786")
        where.add_argument("--local", type=int, metavar="N",
                           help="start a LocalCluster of N worker processes (1 thread each) on this machine")
        s.add_argument("--retries", type=int, default=2, help="reruns of a failed task (default 2)")
        s.add_argument("--quiet", action="store_true", help="no progress line on stderr")

    e = sub.add_parser("extract", help="claims of every document under the paths, into a store or files",
                       description="Extract the claims of every document under PATHs (folders walked recursively) "
                                   "on the cluster, BATCH files per task, into a store (--db) or one file per "
                                   "batch (--out).",
                       epilog="example: python3 -m reckon.dask extract news/ --local 2 --out claims/")
    e.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of documents")
    cluster(e)
    dest = e.add_mutually_exclusive_group(required=True)
    dest.add_argument("--db", metavar="URI", help="the store, e.g. postgresql://ana@db.example/evidence")
    dest.add_argument("--out", metavar="DIR", help="a folder for claims-NNNNN.csv (or .jsonl) files")
    e.add_argument("--format", choices=("csv", "jsonl"), default="csv", help="with --out (default csv)")
    e.add_argument("--batch", type=int, default=50, help="documents per task (default 50)")
    e.add_argument("--published", metavar="DATE", help="date for documents that carry none (YYYY-MM-DD)")
    e.add_argument("--entities", metavar="FILE", help="extra entities and aliases, as reckon ingest --entities")

    f = sub.add_parser("flights", help="flights in an archive of ADS-B recordings, one CSV per task",
                       description="Find the flights in every ADS-B recording under PATHs on the cluster, "
                                   "BATCH files per task (found together), into one flights-NNNNN.csv per task.",
                       epilog="example: python3 -m reckon.dask flights adsb/ --local 2 --airports airports/ "
                              "--out flights/")
    f.add_argument("paths", nargs="+", metavar="PATH", help="recordings or folders of them")
    cluster(f)
    f.add_argument("--out", metavar="DIR", required=True, help="the folder for flights-NNNNN.csv")
    f.add_argument("--airports", metavar="DIR", required=True,
                   help="the folder of airport-coords.json and runways.csv")
    f.add_argument("--aircraft", metavar="FILE", help="aircraft table (registrations, types)")
    f.add_argument("--operators", metavar="FILE", help="operators table")
    f.add_argument("--watch", metavar="FILE", help="a watchlist; matched rules fill the matches column")
    f.add_argument("--format", default="auto", help="the recordings' format (default: found from each file)")
    f.add_argument("--messages", action="store_true", help="also write the decoded messages-NNNNN.csv")
    f.add_argument("--batch", type=int, default=1, help="files per task (default 1)")
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return 2
    cluster = None
    try:
        if args.local is not None:
            if args.local < 1:
                raise UsageError(f"--local {args.local}: need at least 1 worker", "e.g. --local 2")
            cluster = distributed.LocalCluster(n_workers=args.local, threads_per_worker=1, dashboard_address=None)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(args.scheduler, timeout="30s")
        with client:
            if args.command == "extract":
                t = extract_corpus(client, args.paths, db=args.db, out=args.out, format=args.format,
                                   published=args.published, entities=args.entities, batch=args.batch,
                                   retries=args.retries, progress=not args.quiet)
                read = t["stored"] + t["unchanged"]
                summary = (f"{t['stored']} document(s) stored ({t['claims']} claims, {t['events']} events), "
                           f"{t['unchanged']} already present, {t['problems']} skipped")
            else:
                t = adsb_flights_archive(client, args.paths, out=args.out, airports=args.airports,
                                         aircraft=args.aircraft, operators=args.operators, watch=args.watch,
                                         format=args.format, messages=args.messages, batch=args.batch,
                                         retries=args.retries, progress=not args.quiet)
                read = t["read"]
                summary = f"{t['read']} file(s) read, {t['flights']} flights, {t['problems']} skipped"
    except Error as e:
        print(f"reckon-dask: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"reckon-dask: error: {e} (hint: check the scheduler's address and that it runs)", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.close()
    for s in t["skipped"]:
        print(f"reckon-dask: skipped: {s}", file=sys.stderr)
    for w in t["warnings"]:
        print(f"reckon-dask: warning: {w}", file=sys.stderr)
    for fail in t["failed"]:
        print(f"reckon-dask: task {fail['batch']} failed ({len(fail['files'])} files from {fail['files'][0]}): "
              f"{fail['error']}", file=sys.stderr)
    print(f"reckon-dask: {summary} in {t['seconds']:.1f} s on the cluster", file=sys.stderr)
    if t["failed"]:
        print("reckon-dask: error: some tasks failed (hint: rerun the same command: what was done is kept)",
              file=sys.stderr)
        return 1
    if read == 0:
        print("reckon-dask: error: nothing could be read (hint: see the messages above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    from reckon.dask import main as _main  # the package's module, whose tasks the workers import by name

    sys.exit(_main())
