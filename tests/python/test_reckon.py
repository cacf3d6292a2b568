"""The Python package against the command it wraps: the same claims, messages and errors.

Run by ctest as `python3 -m unittest discover -s tests/python` with PYTHONPATH set to the
build tree's python/ folder and RECKON_BINARY, RECKON_SOURCE_DIR and RECKON_SHARED_DIR in
the environment.
"""

from __future__ import annotations

import csv
import io
import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import unittest

import pandas as pd

import reckon

BINARY = os.environ["RECKON_BINARY"]
SOURCE = pathlib.Path(os.environ["RECKON_SOURCE_DIR"])
SHARED = pathlib.Path(os.environ.get("RECKON_SHARED_DIR", SOURCE.parent / "shared"))
DOCUMENTS = sorted((SOURCE / "examples" / "us155" / "documents").iterdir())
AVR = SOURCE / "tests" / "golden" / "inputs" / "messages.avr"


def cli_rows(*args: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a reckon command's CSV on stdout."""
    out = subprocess.run([BINARY, *args], check=True, capture_output=True, text=True).stdout
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def as_text(v: object) -> str:
    """A DataFrame cell written back as the CSV field it was read from."""
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return str(v)


class ExtractTest(unittest.TestCase):
    def test_documents_give_the_claims_of_the_command(self) -> None:
        self.assertGreaterEqual(len(DOCUMENTS), 3)
        total = 0
        for path in DOCUMENTS:
            with self.subTest(document=path.name):
                header, rows = cli_rows("extract", "--format", "csv", str(path))
                df = reckon.extract(path)
                self.assertEqual(list(df.columns), header)
                self.assertEqual(len(df), len(rows))
                self.assertGreater(len(rows), 0)
                for (_, got), want in zip(df.iterrows(), rows):
                    self.assertEqual(float(got["value"]), float(want["value"]))
                    for column in ("metric", "unit", "qualifier", "text", "sentence", "start", "end",
                                   "period_first", "period_last", "attribution", "document"):
                        self.assertEqual(as_text(got[column]), want[column], column)
                    for column in ("low", "high"):
                        self.assertEqual(pd.isna(got[column]), want[column] == "", column)
                        if want[column]:
                            self.assertEqual(float(got[column]), float(want[column]))
                total += len(rows)
        self.assertGreater(total, 5)

    def test_the_spans_point_at_the_claim_text(self) -> None:
        path = DOCUMENTS[0]
        data = path.read_bytes()
        df = reckon.extract(str(path))
        for _, row in df.iterrows():
            self.assertEqual(data[int(row["start"]):int(row["end"])].decode(), row["text"])

    def test_text_in_memory_gives_the_claims_of_its_file(self) -> None:
        path = DOCUMENTS[0]
        from_file = reckon.extract(path)
        from_text = reckon.extract(path.read_text(), name="memo")
        self.assertEqual(len(from_text), len(from_file))
        for column in ("value", "unit", "start", "end", "sentence"):
            self.assertEqual(list(from_text[column]), list(from_file[column]), column)
        self.assertEqual(set(from_text["document"]), {"memo"})

    def test_published_resolves_relative_dates(self) -> None:
        text = "The plant made 1,200 shells a month last year."
        undated = reckon.extract(text)
        dated = reckon.extract(text, published="2024-05-01")
        self.assertEqual(len(dated), 1)
        self.assertEqual(dated["period_first"][0], "2023-01-01")
        self.assertEqual(dated["period_last"][0], "2023-12-31")
        self.assertNotEqual(as_text(undated["period_first"][0]), "2023-01-01")

    def test_a_list_gives_every_document_in_order(self) -> None:
        df = reckon.extract(DOCUMENTS)
        counts = [len(reckon.extract(p)) for p in DOCUMENTS]
        self.assertEqual(len(df), sum(counts))
        self.assertEqual(list(df["document"].drop_duplicates()), [str(p) for p in DOCUMENTS])

    def test_threads_give_the_same_claims(self) -> None:
        want = [reckon.extract(p) for p in DOCUMENTS]
        got: dict[int, pd.DataFrame] = {}

        def run(i: int) -> None:
            got[i] = reckon.extract(DOCUMENTS[i % len(DOCUMENTS)])

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2 * len(DOCUMENTS))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for i, df in got.items():
            pd.testing.assert_frame_equal(df, want[i % len(DOCUMENTS)])

    def test_a_missing_file_is_an_input_error_naming_it(self) -> None:
        missing = SOURCE / "examples" / "no-such-document.txt"
        with self.assertRaises(reckon.InputError) as caught:
            reckon.extract(missing)
        e = caught.exception
        self.assertIsInstance(e, reckon.Error)
        self.assertIsInstance(e, ValueError)
        self.assertIn(str(missing), str(e))
        self.assertEqual(e.file, str(missing))
        self.assertIn("no such file", e.message)
        self.assertTrue(e.hint)

    def test_a_folder_is_an_input_error(self) -> None:
        with self.assertRaises(reckon.InputError) as caught:
            reckon.extract(SOURCE / "examples")
        self.assertIn("folder", str(caught.exception))

    def test_a_bad_date_is_a_usage_error(self) -> None:
        with self.assertRaises(reckon.UsageError) as caught:
            reckon.extract("1,000 shells a month.", published="24 May")
        self.assertIn("24 May", str(caught.exception))

    def test_print_from_the_command_line(self) -> None:
        code = f"import reckon; print(reckon.extract({str(DOCUMENTS[0])!r}))"
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        first = reckon.extract(DOCUMENTS[0])
        self.assertIn("production_rate", out)
        self.assertIn(f"[{len(first)} rows x {len(first.columns)} columns]", out)


class AdsbDecodeTest(unittest.TestCase):
    def check_same_as_command(self, path: pathlib.Path, *options: str, **kwargs: object) -> pd.DataFrame:
        header, rows = cli_rows("adsb", "decode", "--output-format", "csv", *options, str(path))
        df = reckon.adsb.decode(path, **kwargs)  # type: ignore[arg-type]
        self.assertEqual(list(df.columns), header)
        self.assertEqual(len(df), len(rows))
        self.assertGreater(len(rows), 0)
        self.assertEqual(list(df["icao"]), [r["icao"] for r in rows])
        self.assertEqual(list(df["hex"]), [r["hex"] for r in rows])
        for column in ("t_s", "altitude_ft", "lat_deg", "lon_deg", "ground_speed_kt"):
            want = [float(r[column]) if r[column] else None for r in rows]
            got = [None if pd.isna(v) else float(v) for v in df[column]]
            self.assertEqual(got, want, column)
        return df

    def test_avr_gives_the_messages_of_the_command(self) -> None:
        df = self.check_same_as_command(AVR)
        self.assertEqual(df.attrs["formats"], ["avr"])
        self.assertGreater(df.attrs["positions"], 0)

    def test_keep_unknown_addresses(self) -> None:
        kept = self.check_same_as_command(AVR, "--keep-unknown-addresses", keep_unknown_addresses=True)
        self.assertGreater(len(kept), len(reckon.adsb.decode(AVR)))

    def test_real_recordings(self) -> None:
        tshex = SHARED / "data" / "adsb" / "pymodes" / "sample_data_adsb.csv"
        iq = SHARED / "data" / "adsb" / "iq" / "modes1.bin"
        if not tshex.exists() or not iq.exists():
            self.skipTest(f"{SHARED}/data/adsb is absent")
        df = self.check_same_as_command(tshex)
        self.assertGreater(len(df), 1000)
        iq_df = self.check_same_as_command(iq, "--format", "iq-u8", "--sample-rate", "2.0",
                                           format="iq-u8", sample_rate=2.0)
        self.assertGreater(len(iq_df), 100)

    def test_bytes_give_the_messages_of_the_file(self) -> None:
        from_file = reckon.adsb.decode(AVR, start_time="2024-07-11T06:40:00Z")
        from_bytes = reckon.adsb.decode(AVR.read_bytes(), start_time="2024-07-11T06:40:00Z")
        pd.testing.assert_frame_equal(from_bytes, from_file)

    def test_squawks_and_addresses_stay_text(self) -> None:
        df = reckon.adsb.decode(AVR)
        self.assertTrue(all(isinstance(a, str) and len(a) == 6 for a in df["icao"]))

    def test_limit(self) -> None:
        self.assertEqual(len(reckon.adsb.decode(AVR, limit=3)), 3)

    def test_a_missing_recording_is_an_input_error(self) -> None:
        with self.assertRaises(reckon.InputError) as caught:
            reckon.adsb.decode("no-such-capture.avr")
        self.assertIn("no-such-capture.avr", str(caught.exception))

    def test_text_that_is_no_recording_is_an_input_error(self) -> None:
        with self.assertRaises(reckon.InputError) as caught:
            reckon.adsb.decode(b"hello, this is not a recording\n")
        self.assertTrue(caught.exception.hint or "format" in str(caught.exception))

    def test_an_unknown_format_is_a_usage_error(self) -> None:
        with self.assertRaises(reckon.UsageError) as caught:
            reckon.adsb.decode(AVR, format="mp3")
        self.assertIn("mp3", str(caught.exception))


class AdsbFlightsTest(unittest.TestCase):
    def check_same_as_command(self, inputs: list[pathlib.Path], airports: pathlib.Path) -> pd.DataFrame:
        with tempfile.TemporaryDirectory() as out:
            subprocess.run([BINARY, "adsb", "flights", *map(str, inputs), "--airports", str(airports), "--out", out],
                           check=True, capture_output=True)
            with open(os.path.join(out, "flights.csv"), newline="") as f:
                reader = csv.DictReader(f)
                rows = list(reader)
                header = list(reader.fieldnames or [])
        df = reckon.adsb.flights(inputs, airports)
        self.assertEqual(list(df.columns), header)
        self.assertEqual(len(df), len(rows))
        for (_, got), want in zip(df.iterrows(), rows):
            for column in ("id", "icao24", "callsign", "departure_airport", "arrival_airport", "departure_time",
                           "arrival_time", "points", "max_altitude_ft", "gaps"):
                self.assertEqual(as_text(got[column]), want[column], column)
        return df

    def test_a_trajectory_gives_the_flight_of_the_command(self) -> None:
        inputs = SOURCE / "tests" / "golden" / "inputs"
        df = self.check_same_as_command([inputs / "il76_flight.json"], inputs / "airports")
        self.assertEqual(list(df["departure_airport"]), ["UUEE"])
        self.assertEqual(list(df["arrival_airport"]), ["OIIE"])
        self.assertEqual(df.attrs["formats"], ["trajectory JSON"])

    def test_real_trajectories(self) -> None:
        data = SHARED / "data" / "adsb"
        tracks = sorted((data / "trajectories").glob("*.json.gz"))
        if not tracks or not (data / "airports" / "airport-coords.json").exists():
            self.skipTest(f"{data} is absent")
        df = self.check_same_as_command(tracks, data / "airports")
        self.assertGreater(len(df), 0)

    def test_missing_airports_is_an_input_error(self) -> None:
        inputs = SOURCE / "tests" / "golden" / "inputs"
        with self.assertRaises(reckon.InputError) as caught:
            reckon.adsb.flights(inputs / "il76_flight.json", inputs / "no-such-airports")
        self.assertIn("no-such-airports", str(caught.exception))

    def test_a_rule_out_of_range_is_a_usage_error(self) -> None:
        inputs = SOURCE / "tests" / "golden" / "inputs"
        with self.assertRaises(reckon.UsageError):
            reckon.adsb.flights(inputs / "il76_flight.json", inputs / "airports", airport_radius=500)


class EstimateTest(unittest.TestCase):
    def test_the_same_estimate_as_the_command(self) -> None:
        programme = SOURCE / "examples" / "us155"
        options = {"chains": 2, "warmup": 150, "draws": 150, "seed": 3}
        with tempfile.TemporaryDirectory() as out:
            printed = subprocess.run([BINARY, "estimate", str(programme), "--out", out, "--overwrite",
                                      *[x for k, v in options.items() for x in (f"--{k}", str(v))]],
                                     check=True, capture_output=True, text=True).stdout
            e = reckon.estimate(programme, **options)
            for name in ("production", "diagnostics", "contracts", "sources", "learning_curve", "claims"):
                with self.subTest(file=name):
                    got = getattr(e, name)
                    want = pd.read_csv(os.path.join(out, f"{name}.csv"), dtype=str, keep_default_na=False)
                    self.assertEqual(list(got.columns), list(want.columns))
                    self.assertEqual(len(got), len(want))
                    self.assertGreater(len(got), 0)
            want_production = pd.read_csv(os.path.join(out, "production.csv"), float_precision="round_trip")
            pd.testing.assert_frame_equal(e.production, want_production, check_dtype=False)
        self.assertEqual(e.summary.strip(), printed.strip())
        self.assertEqual(len(e.production), 36)  # 2023-01 to 2025-12
        self.assertTrue((e.production["production_q05"] <= e.production["production_q95"]).all())
        self.assertIn("rhat", e.diagnostics.columns)
        self.assertTrue(e.json["programme"]["file"].endswith("programme.toml"))
        self.assertEqual(len(e.json["months"]), len(e.production))

    def test_a_missing_programme_is_an_input_error(self) -> None:
        with self.assertRaises(reckon.InputError) as caught:
            reckon.estimate(SOURCE / "examples" / "no-such-programme", chains=1, warmup=10, draws=10)
        self.assertIn("no-such-programme", str(caught.exception))

    def test_no_draws_is_a_usage_error(self) -> None:
        with self.assertRaises(reckon.UsageError):
            reckon.estimate(SOURCE / "examples" / "us155", draws=0)


if __name__ == "__main__":
    unittest.main()
