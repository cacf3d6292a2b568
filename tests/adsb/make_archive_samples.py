#!/usr/bin/env python3
"""Writes small samples of every archive format reckon reads (issue 14) from the shared
trajectories (traffic JSON exports: timestamp ms, icao24, latitude, longitude, altitude ft,
groundspeed kt, track, vertical_rate ft/min, callsign) and the pyModeS ts,hex sample, plus
a Beast capture for the loopback feed test. The formats are written as their producers
write them (readsb traces and globe_history tars, aircraft.json / readsb-hist snapshots,
OpenSky Trino CSV and raw messages, traffic CSV, FR24 CSV and JSON).

Usage: make_archive_samples.py SHARED_DATA_ADSB OUT_DIR
Writes OUT_DIR/manifest.txt: FORMAT PATH ICAO DATE per sample, DATE the UTC day of its first point.
"""
import csv
import datetime as dt
import gzip
import io
import json
import os
import sys
import tarfile

FT = 0.3048
KT = 1852 / 3600


def iso(t, sep="T", zone="Z"):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime(f"%Y-%m-%d{sep}%H:%M:%S") + zone


def day(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d")


def load(path):
    with gzip.open(path, "rt") as f:
        rows = json.load(f)
    if isinstance(rows, dict):  # pandas' columns layout: {"field": {"row": value}}
        keys = list(next(iter(rows.values())).keys())
        rows = [{k: rows[k].get(i) for k in rows} for i in keys]
    pts = []
    for r in rows:
        if r.get("latitude") is None or r.get("longitude") is None:
            continue
        if r.get("timestamp") is None or not r.get("icao24"):
            continue
        pts.append(dict(t=r["timestamp"] / 1000.0, icao=r["icao24"], lat=r["latitude"], lon=r["longitude"],
                        alt=r.get("altitude"), gs=r.get("groundspeed"), track=r.get("track"),
                        vr=r.get("vertical_rate"), cs=(r.get("callsign") or "").strip()))
    pts.sort(key=lambda p: p["t"])
    return pts


def thin(pts, every):
    out, last = [], None
    for p in pts:
        if last is None or p["t"] - last >= every:
            out.append(p)
            last = p["t"]
    return out


def trace_doc(pts, icao):
    t0 = pts[0]["t"]
    trace = []
    for i, p in enumerate(pts):
        alt = "ground" if p["alt"] is not None and p["alt"] <= 0 else (round(p["alt"]) if p["alt"] is not None else None)
        details = {"type": "adsb_icao", "flight": p["cs"].ljust(8), "squawk": "1000", "category": "A3"} \
            if i % 10 == 0 else None
        trace.append([round(p["t"] - t0, 2), round(p["lat"], 6), round(p["lon"], 6), alt, p["gs"], p["track"],
                      2 if i == 0 else 0, round(p["vr"]) if p["vr"] is not None else None, details, "adsb_icao",
                      None, None, None, None])
    return {"icao": icao, "r": "PH-TST", "t": "B738", "dbFlags": 0, "ownOp": "Test Operator", "timestamp": t0,
            "trace": trace}


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    manifest = []
    tracks = {}
    for name in sorted(os.listdir(os.path.join(data, "trajectories"))):
        if name.endswith(".json.gz"):
            pts = thin(load(os.path.join(data, "trajectories", name)), 5)
            if pts:
                tracks[name.split(".")[0]] = pts
    first = next(iter(tracks.values()))
    icao = first[0]["icao"]

    # readsb traces: full (gzip, as readsb writes them) and recent (plain).
    path = os.path.join(out, f"trace_full_{icao}.json")
    with gzip.open(path, "wt") as f:
        json.dump(trace_doc(first, icao), f, separators=(",", ":"))
    manifest.append(("readsb-trace", path, icao, day(first[0]["t"])))
    path = os.path.join(out, f"trace_recent_{icao}.json")
    with open(path, "w") as f:
        json.dump(trace_doc(first[-120:], icao), f, separators=(",", ":"))
    manifest.append(("readsb-trace", path, icao, day(first[-120]["t"])))

    # globe_history day archive: traces/XX/trace_full_ICAO.json, each gzip, in a tar.
    path = os.path.join(out, "globe_history_day.tar")
    with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
        for pts in tracks.values():
            a = pts[0]["icao"]
            blob = gzip.compress(json.dumps(trace_doc(pts, a)).encode())
            info = tarfile.TarInfo(f"traces/{a[-2:]}/trace_full_{a}.json")
            info.size = len(blob)
            info.mtime = int(pts[0]["t"])
            tar.addfile(info, io.BytesIO(blob))
    manifest.append(("globe-history", path, icao, day(first[0]["t"])))

    # aircraft.json snapshots every 30 s (a folder), and readsb-hist (gzip, named by time).
    snaps = os.path.join(out, "aircraft_json")
    hist = os.path.join(out, "readsb_hist")
    os.makedirs(snaps, exist_ok=True)
    os.makedirs(hist, exist_ok=True)
    for p in thin(first, 30):
        now = p["t"] + 1.5
        ac = {"hex": icao, "flight": p["cs"].ljust(8), "alt_baro": "ground" if (p["alt"] or 0) <= 0 else round(p["alt"]),
              "gs": p["gs"], "track": p["track"], "baro_rate": p["vr"], "squawk": "1000", "lat": p["lat"],
              "lon": p["lon"], "seen_pos": 1.5, "seen": 0.4, "messages": 10, "rssi": -20.1, "t": "B738"}
        doc = {"now": now, "messages": 1000, "aircraft": [ac]}
        stamp = dt.datetime.fromtimestamp(now, dt.timezone.utc).strftime("%H%M%S")
        with open(os.path.join(snaps, f"aircraft_{int(now)}.json"), "w") as f:
            json.dump(doc, f)
        with gzip.open(os.path.join(hist, f"{stamp}Z.json.gz"), "wt") as f:
            json.dump(doc, f)
    manifest.append(("aircraft-json", snaps, icao, day(first[0]["t"])))
    manifest.append(("aircraft-json", hist, icao, day(first[0]["t"])))

    # OpenSky Trino / pyopensky history: SI units, ISO times.
    path = os.path.join(out, "opensky_trino.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "icao24", "lat", "lon", "velocity", "heading", "vertrate", "callsign", "onground",
                    "alert", "spi", "squawk", "baroaltitude", "geoaltitude", "lastposupdate", "lastcontact",
                    "serials", "hour"])
        for p in first:
            w.writerow([iso(p["t"], " ", "+00:00"), icao, p["lat"], p["lon"], (p["gs"] or 0) * KT, p["track"],
                        (p["vr"] or 0) * FT / 60, p["cs"], "False", "False", "False", "1000",
                        (p["alt"] or 0) * FT, "", iso(p["t"], " ", "+00:00"), iso(p["t"], " ", "+00:00"), "[]",
                        iso(p["t"] - p["t"] % 3600, " ", "+00:00")])
    manifest.append(("opensky", path, icao, day(first[0]["t"])))

    # OpenSky raw messages from the pyModeS ts,hex sample.
    path = os.path.join(out, "opensky_raw.csv")
    with open(os.path.join(data, "pymodes", "sample_data_adsb.csv")) as src, open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["mintime", "rawmsg", "icao24", "msgcount"])
        first_t = None
        for row in csv.reader(src):
            try:
                t = float(row[0])
            except ValueError:
                continue
            first_t = first_t or t
            w.writerow([iso(t, " ", "+00:00")[:-6] + f".{int(t * 1000) % 1000:03d}+00:00", row[1], row[2], 1])
    manifest.append(("opensky-raw", path, "-", day(first_t)))

    # The traffic library's CSV: pandas to_csv with its index column.
    path = os.path.join(out, "traffic.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["", "timestamp", "icao24", "callsign", "latitude", "longitude", "altitude", "groundspeed",
                    "track", "vertical_rate", "onground", "squawk"])
        for i, p in enumerate(first):
            w.writerow([i, iso(p["t"], " ", "+00:00"), icao, p["cs"], p["lat"], p["lon"], p["alt"], p["gs"],
                        p["track"], p["vr"], "False", "1000.0"])
    manifest.append(("traffic-csv", path, icao, day(first[0]["t"])))

    # Flightradar24 CSV export (no address: a pseudo-address stands in) and JSON playback.
    path = os.path.join(out, "fr24.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Timestamp", "UTC", "Callsign", "Position", "Altitude", "Speed", "Direction"])
        for p in first:
            w.writerow([int(p["t"]), iso(p["t"]), p["cs"], f"{p['lat']:.6f},{p['lon']:.6f}", round(p["alt"] or 0),
                        round(p["gs"] or 0), round(p["track"] or 0)])
    manifest.append(("fr24-csv", path, "-", day(first[0]["t"])))
    path = os.path.join(out, "fr24.json")
    track = [{"latitude": p["lat"], "longitude": p["lon"], "altitude": {"feet": round(p["alt"] or 0),
              "meters": round((p["alt"] or 0) * FT)}, "speed": {"kts": round(p["gs"] or 0)},
              "verticalSpeed": {"fpm": round(p["vr"] or 0)}, "heading": round(p["track"] or 0), "squawk": "1000",
              "timestamp": int(p["t"]), "ems": None} for p in first]
    doc = {"result": {"request": {"callback": None}, "response": {"data": {"flight": {
        "identification": {"id": 1, "callsign": first[0]["cs"]},
        "aircraft": {"model": {"code": "B738"}, "identification": {"modes": icao.upper(), "registration": "PH-TST"}},
        "track": track}}}}}
    with open(path, "w") as f:
        json.dump(doc, f)
    manifest.append(("fr24-json", path, icao, day(first[0]["t"])))

    # A Beast capture of the pyModeS sample: 12 MHz counter from its times, starting at 5 s.
    path = os.path.join(out, "capture.beast")
    with open(os.path.join(data, "pymodes", "sample_data_adsb.csv")) as src, open(path, "wb") as f:
        t0 = None
        for row in csv.reader(src):
            try:
                t = float(row[0])
                frame = bytes.fromhex(row[1])
            except ValueError:
                continue
            t0 = t0 if t0 is not None else t
            counter = int((t - t0 + 5) * 12e6)
            body = counter.to_bytes(6, "big") + bytes([0x80]) + frame
            f.write(b"\x1a" + (b"3" if len(frame) == 14 else b"2") + body.replace(b"\x1a", b"\x1a\x1a"))

    with open(os.path.join(out, "manifest.txt"), "w") as f:
        for m in manifest:
            f.write(" ".join(m) + "\n")


if __name__ == "__main__":
    main()
