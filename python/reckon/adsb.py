"""ADS-B and Mode S from Python: ``reckon.adsb.decode`` reads the inputs ``reckon adsb decode``
reads (AVR, Beast, SBS, raw IQ recordings, readsb traces, OpenSky and traffic CSV, ...)
into a pandas DataFrame with one row per decoded message; ``reckon.adsb.flights`` finds the
flights in them as ``reckon adsb flights`` does."""

from __future__ import annotations

import os
import tempfile
from typing import Iterable, Optional, Tuple, Union

import pandas as pd

from . import _reckon
from ._frames import frame
from .errors import UsageError

__all__ = ["decode", "flights", "MESSAGE_TEXT_COLUMNS", "FLIGHT_TEXT_COLUMNS"]

# Columns kept as strings: hex frames, ICAO addresses, callsigns, squawks (leading zeros
# matter) and Comm-B register names.
MESSAGE_TEXT_COLUMNS = ("hex", "icao", "callsign", "squawk", "bds", "airspeed_type")

# Columns of a flight kept as strings: identifiers, codes, times and lists (an ICAO address or
# squawk of digits only must not become a number).
FLIGHT_TEXT_COLUMNS = ("id", "icao24", "callsign", "registration", "typecode", "type_description",
                       "operator_code", "operator_name", "operator_country", "first_seen", "last_seen",
                       "departure_airport", "departure_country", "departure_runway", "departure_time",
                       "arrival_airport", "arrival_country", "arrival_runway", "arrival_time",
                       "touch_and_go_airports", "gaps", "callsigns", "squawks", "matches")

Input = Union[str, "os.PathLike[str]"]


def decode(source: Union[Input, bytes, Iterable[Input]], format: str = "auto", *,
           sample_rate: Optional[float] = None, start_time: Optional[str] = None,
           select: Optional[str] = None, receiver: Optional[Tuple[float, float]] = None,
           keep_unknown_addresses: bool = False, repair: bool = True, limit: int = 0,
           timeout: float = 30.0) -> pd.DataFrame:
    """Every Mode S / ADS-B message decoded from recordings, one row per message.

    The columns are those of ``reckon adsb decode --output-format csv``: t_s (Unix seconds),
    hex, df, icao, tc, callsign, altitude_ft, squawk, lat_deg, lon_deg, ground_speed_kt,
    track_deg, vertical_rate_fpm, the Comm-B fields and the rest (docs/adsb.md).

    source: a file or folder (path or ``str``), ``tcp://HOST:PORT`` for a live feed, a list of
        these (decoded in order by one tracker, as the command does with several inputs), or
        ``bytes`` of a recording (written to a temporary file, read, and removed).
    format: ``"auto"`` (found from the content) or one of the command's --format names:
        avr, beast, sbs, opensky, tshex, iq-u8, iq-s8, iq-s16, iq-f32, readsb-trace,
        globe-history, aircraft-json, opensky-raw, traffic-csv, fr24-csv, fr24-json.
    sample_rate: an IQ recording's rate in MS/s (2.0, 2.4, or any from 2 to 64).
    start_time: the time of an undated capture's first record, ``YYYY-MM-DDTHH:MM:SSZ``.
    select: what to keep of an archive, e.g. ``"type=IL76,operator=GLX"``.
    receiver: the receiver's (lat, lon) in degrees, the reference for surface positions.
    keep_unknown_addresses: also keep address/parity replies from aircraft not heard in
        DF11/17/18. repair: repair single-bit errors in DF11/17/18. limit: stop after this
        many messages (0: no limit). timeout: seconds a feed may stay silent.

    The frame's ``attrs`` hold ``formats`` and ``summaries`` (one per input, what the
    command prints on stderr) and the counts ``frames``, ``rejected`` and ``positions``.
    Raises :class:`reckon.InputError` naming the input when it cannot be read, and
    :class:`reckon.UsageError` for an unknown format or a malformed option. Decoding runs
    without the GIL.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        with tempfile.TemporaryDirectory(prefix="reckon-adsb-") as folder:
            path = os.path.join(folder, "recording")
            with open(path, "wb") as f:
                f.write(bytes(source))
            return decode(path, format, sample_rate=sample_rate, start_time=start_time, select=select,
                          receiver=receiver, keep_unknown_addresses=keep_unknown_addresses, repair=repair,
                          limit=limit, timeout=timeout)
    if isinstance(source, (str, os.PathLike)):
        inputs = [os.fspath(source)]
    else:
        inputs = [os.fspath(s) for s in source]
    if limit < 0:
        raise UsageError(f"limit: {limit} is negative", "give a whole number of 0 or more (0: no limit)")
    where = ""
    if receiver is not None:
        lat, lon = receiver
        where = f"{float(lat)!r},{float(lon)!r}"
    result = _reckon.adsb_decode(inputs, format, "" if sample_rate is None else repr(float(sample_rate)),
                                 start_time or "", select or "", where, keep_unknown_addresses, not repair,
                                 limit, float(timeout))
    df = frame(result.csv, MESSAGE_TEXT_COLUMNS)
    df.attrs["formats"] = list(result.formats)
    df.attrs["summaries"] = list(result.summaries)
    df.attrs["frames"] = result.frames
    df.attrs["rejected"] = result.rejected
    df.attrs["positions"] = result.positions
    return df


def flights(source: Union[Input, Iterable[Input]], airports: Input, *, aircraft: Optional[Input] = None,
            operators: Optional[Input] = None, watch: Optional[Input] = None, format: str = "auto",
            sample_rate: Optional[float] = None, start_time: Optional[str] = None, select: Optional[str] = None,
            receiver: Optional[Tuple[float, float]] = None, max_gap: Optional[float] = None,
            max_bridge: Optional[float] = None, airport_radius: Optional[float] = None,
            low_agl: Optional[float] = None, timeout: float = 30.0) -> pd.DataFrame:
    """Flights found in ADS-B recordings, one row per flight: take-off and landing airports and
    times, the aircraft, the track's length. The columns are those of the ``flights.csv`` that
    ``reckon adsb flights --out DIR`` writes (docs/adsb-flights.md).

    source: a file, folder or list of them in any format ``decode`` reads, or traffic's
        trajectory JSON (``format="trajectory-json"`` forces it).
    airports: the folder holding airport-coords.json (and runways.csv), as ``--airports``.
    aircraft, operators: the aircraft table (aircraft.csv.gz) and the operators table, for
        registrations, types and operator names. watch: a watchlist (TOML ``[[rule]]``); the
        rules each flight matches are in its row.
    max_gap, max_bridge (seconds), airport_radius (km), low_agl (ft): the command's
        ``--max-gap``, ``--max-bridge``, ``--airport-radius`` and ``--low-agl``; ``None`` keeps
        their defaults. The other keywords are as in :func:`decode`.

    The frame's ``attrs`` hold ``formats`` (one per input) and ``points`` (track points read).
    Raises :class:`reckon.InputError` naming a file that cannot be read (an input, the airports
    or aircraft tables, the watchlist) and :class:`reckon.UsageError` for a bad option.
    """
    inputs = [os.fspath(source)] if isinstance(source, (str, os.PathLike)) else [os.fspath(s) for s in source]
    where = ""
    if receiver is not None:
        lat, lon = receiver
        where = f"{float(lat)!r},{float(lon)!r}"

    def rule(v: Optional[float]) -> float:
        return -1.0 if v is None else float(v)

    result = _reckon.adsb_flights(inputs, os.fspath(airports), os.fspath(aircraft) if aircraft else "",
                                  os.fspath(operators) if operators else "", os.fspath(watch) if watch else "",
                                  format, "" if sample_rate is None else repr(float(sample_rate)),
                                  start_time or "", select or "", where, rule(max_gap), rule(max_bridge),
                                  rule(airport_radius), rule(low_agl))
    df = frame(result.csv, FLIGHT_TEXT_COLUMNS)
    df.attrs["formats"] = list(result.formats)
    df.attrs["points"] = result.points
    return df
