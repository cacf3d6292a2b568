"""reckon from Python: the claims in documents and the messages in ADS-B recordings as
pandas DataFrames, computed by the same C++ libraries as the ``reckon`` command.

    >>> import reckon
    >>> claims = reckon.extract("examples/us155/documents/2023-09-15-reuters-laplante.txt")
    >>> messages = reckon.adsb.decode("capture.avr")

Errors are :class:`reckon.Error` (a ``ValueError``) and its subclasses
:class:`reckon.InputError`, :class:`reckon.UsageError` and :class:`reckon.StoreError`,
with reckon's message and a hint. See docs/python.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional, Union

import pandas as pd

from . import _reckon
from . import adsb
from ._frames import frame
from .errors import Error, InputError, StoreError, UsageError

__all__ = ["extract", "estimate", "Estimate", "adsb", "Error", "InputError", "UsageError", "StoreError", "ingest",
           "claims"]

Document = Union[str, "os.PathLike[str]"]


def _date_text(published: Union[None, str, date]) -> str:
    if published is None:
        return ""
    if isinstance(published, date):
        return published.isoformat()
    return str(published)


def _one(source: Document, published: str, entities: str, name: Optional[str]) -> pd.DataFrame:
    if isinstance(source, os.PathLike):
        result = _reckon.extract_path(os.fspath(source), published, entities)
    elif isinstance(source, str) and "\n" not in source and len(source) < 4096 and os.path.exists(source):
        result = _reckon.extract_path(source, published, entities)
    elif isinstance(source, str):
        result = _reckon.extract_text(source, name or "<text>", published, entities)
    else:
        raise UsageError(f"extract takes text, a path or a list of them, not {type(source).__name__}",
                         "pass a str of text, a pathlib.Path or a file name")
    df = frame(result.csv)
    df.attrs["warnings"] = list(result.warnings)
    df.attrs["title"] = result.title
    df.attrs["published"] = result.published or None
    return df


def extract(source: Union[Document, Iterable[Document]], published: Union[None, str, date] = None,
            entities: Union[None, str, "os.PathLike[str]"] = None, name: Optional[str] = None) -> pd.DataFrame:
    """Every quantitative claim in a document, one row per claim.

    The columns are those of ``reckon extract --format csv``: metric, subject, object,
    value, low, high, unit, qualifier, period_first, period_last, time_unresolved,
    said_first, said_last, due, attribution, source_class, text, sentence, start and end
    (the claim's byte span in the document's text) and document.

    source: a ``pathlib.Path`` (or any path-like) of a plain-text, HTML or PDF file, read as
        the command reads it; a ``str`` naming a file that exists; any other ``str`` is the
        text itself (HTML when it starts like a page). A list of these gives one frame with
        the rows of each in order.
    published: the date the document was published (``"YYYY-MM-DD"`` or a ``datetime.date``),
        for relative dates like "last year"; without it an HTML page's meta date is used.
    entities: an extra entities file (the format of ``reckon extract --entities``).
    name: what the ``document`` column says for text given as a ``str`` (default ``<text>``).

    The frame's ``attrs`` hold ``warnings`` (repaired bytes and the like), ``title`` and
    ``published``. Raises :class:`reckon.InputError` naming the file when a document cannot
    be read, and :class:`reckon.UsageError` for a malformed date. The work runs without the
    GIL, so threads can extract several documents at once.
    """
    when = _date_text(published)
    extra = os.fspath(entities) if entities is not None else ""
    if isinstance(source, (str, os.PathLike)):
        return _one(source, when, extra, name)
    frames = [_one(s, when, extra, name) for s in source]
    if not frames:
        raise UsageError("extract was given an empty list", "pass at least one document")
    out = pd.concat(frames, ignore_index=True)
    out.attrs["warnings"] = [w for f in frames for w in f.attrs["warnings"]]
    return out


@dataclass
class Estimate:
    """What ``reckon estimate`` writes, as DataFrames: one attribute per CSV file.

    production: per month, production, cumulative production, inventory, usage and imports,
        each as a median and quantiles (``production_q05`` ... ``production_q95``).
    diagnostics: per parameter, R-hat and bulk and tail effective sample sizes.
    contracts, sources, learning_curve, claims: the other CSVs (docs/model.md, docs/formats.md).
    summary: the text the command prints, with the sampler's warnings.
    json: estimate.json, parsed.
    """

    production: pd.DataFrame
    diagnostics: pd.DataFrame
    contracts: pd.DataFrame
    sources: pd.DataFrame
    learning_curve: pd.DataFrame
    claims: pd.DataFrame
    summary: str
    json: dict = field(repr=False)

    def __repr__(self) -> str:
        return self.summary


def estimate(programme: Union[str, "os.PathLike[str]"], *, db: Union[None, str, "os.PathLike[str]"] = None,
             chains: int = 4, warmup: int = 1000, draws: int = 1000, seed: int = 1,
             threads: int = 0) -> Estimate:
    """Estimates a programme's monthly production from its evidence, as ``reckon estimate``.

    programme: a programme file or the folder holding programme.toml (docs/programme.md).
    db: an evidence store to read (its reviews count); without it the programme's documents
        are read into a store in memory first.
    chains, warmup, draws, seed, threads: the sampler's options, as ``--chains`` and so on;
        the same seed gives the same draws.

    Returns an :class:`Estimate` whose DataFrames are the CSV files the command writes to its
    ``--out`` folder. Sampling runs without the GIL. Raises :class:`reckon.InputError` for a
    programme or document that cannot be read and :class:`reckon.UsageError` for bad options.
    """
    if seed < 0:
        raise UsageError(f"seed: {seed} is negative", "give a whole number of 0 or more")
    files = _reckon.estimate_files(os.fspath(programme), os.fspath(db) if db is not None else "", chains, warmup,
                                   draws, threads, seed)

    def csv(name: str, text_columns: Iterable[str] = ()) -> pd.DataFrame:
        return frame(files[name], text_columns)

    return Estimate(production=csv("production.csv", ("month",)), diagnostics=csv("diagnostics.csv"),
                    contracts=csv("contracts.csv", ("due", "reached_median", "reached_q05", "reached_q95")),
                    sources=csv("sources.csv"), learning_curve=csv("learning_curve.csv"),
                    claims=csv("claims.csv"), summary=files["summary"], json=json.loads(files["estimate.json"]))


# --- The evidence store (issue 16, Dask): `reckon ingest` and `reckon claims` from Python -------

Location = Union[str, "os.PathLike[str]"]


def _split_notes(notes: Iterable[str]) -> "tuple[list[str], list[str]]":
    skipped = [n[len("skipped: "):] for n in notes if n.startswith("skipped: ")]
    warnings = [n[len("warning: "):] for n in notes if n.startswith("warning: ")]
    return skipped, warnings


def ingest(paths: Union[Location, Iterable[Location]], db: Location, published: Union[None, str, date] = None,
           entities: Union[None, str, "os.PathLike[str]"] = None) -> dict:
    """Reads documents into the evidence store, as ``reckon ingest PATHS --db DB``.

    paths: a file or folder (walked recursively in name order, hidden files skipped), or a
        list of them.
    db: the store: a SQLite file (created if absent) or a ``postgresql://`` URI whose
        database exists.
    published: the date for documents that carry none (``"YYYY-MM-DD"`` or a ``datetime.date``).
    entities: an extra entities file, as ``--entities``.

    Each document is one transaction, keyed by the SHA-256 of its bytes: a document stored
    before is not read again, so running the same call twice (or a retried task) stores
    nothing twice. Returns a tally dict: ``stored``, ``unchanged`` (already present),
    ``claims`` and ``events`` (of the documents stored now), ``problems``, ``skipped`` (one
    "FILE: why" line per file that could not be read) and ``warnings``. A file that cannot be
    read is skipped, not raised; :class:`reckon.StoreError` is raised when the store cannot be
    opened or written. The work runs without the GIL.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    found = _reckon.collect_files([os.fspath(p) for p in items])
    run = _reckon.ingest(found.files, os.fspath(db), _date_text(published),
                         os.fspath(entities) if entities is not None else "")
    skipped, warnings = _split_notes(list(found.notes) + list(run.notes))
    return {"stored": run.stored, "unchanged": run.unchanged, "claims": run.claims, "events": run.events,
            "problems": run.problems + len(found.notes), "skipped": skipped, "warnings": warnings}


def claims(db: Location, *, metric: Optional[str] = None, subject: Optional[str] = None,
           events: bool = False) -> pd.DataFrame:
    """The claims kept in the evidence store, one row per claim, as ``reckon claims --format csv``.

    db: a SQLite store file or a ``postgresql://`` URI. metric, subject: only the claims of
    this metric (e.g. ``production_rate``) or about this subject (its canonical name).
    events: the events (dated flights) instead, as ``reckon claims --events --format csv``.

    The columns are those of :func:`reckon.extract`, with ``document`` holding the SHA-256
    of the document each claim came from; rows come in ingest order. Raises
    :class:`reckon.InputError` when the file does not exist and :class:`reckon.StoreError`
    when the store cannot be read.
    """
    text = _reckon.store_claims(os.fspath(db), metric or "", subject or "", events)
    return frame(text, ("document",))
