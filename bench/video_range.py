"""Benchmark of video range requests (MEDIA_SERVE_MODE=django): throughput and the workers' peak memory."""

import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import (
    BenchError,
    Report,
    describe_shape,
    effective_shape,
    login,
    main_with_site,
    run_clients,
    shape_from,
    summary_row,
)

CHUNK = 256 * 1024
SAMPLE_SECONDS = 0.02
MIB = 1024 * 1024


def status_kib(pid, field):
    """A memory field of /proc/<pid>/status in KiB, or None when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak(pid):
    """Reset VmHWM to the current RSS (writing 5 to clear_refs, Linux >= 4.0); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class MemoryWatch:
    """Samples the RSS of the workers while a case runs; also resets and reads their kernel peak (VmHWM)."""

    def __init__(self, pids):
        self.pids = pids
        self.before = {pid: status_kib(pid, "VmRSS") for pid in pids}
        self.reset = all(reset_peak(pid) for pid in pids)
        self.sampled = dict(self.before)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self._stop.wait(SAMPLE_SECONDS):
            for pid in self.pids:
                rss = status_kib(pid, "VmRSS") or 0
                self.sampled[pid] = max(self.sampled[pid] or 0, rss)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)
        self.peak = {pid: status_kib(pid, "VmHWM") if self.reset else self.sampled[pid] for pid in self.pids}

    def row(self, label):
        growth = max((self.peak[pid] or 0) - (self.before[pid] or 0) for pid in self.pids)
        return {
            "case": label,
            "RSS before MiB": " / ".join(f"{(self.before[p] or 0) / 1024:.1f}" for p in self.pids),
            "peak RSS MiB": " / ".join(f"{(self.peak[p] or 0) / 1024:.1f}" for p in self.pids),
            "max growth MiB": round(growth / 1024, 1),
        }


def configure(parser):
    parser.add_argument(
        "--rounds", type=int, default=2, help="passes over the large file per case (default 2)"
    )
    parser.add_argument("--max-seconds", type=float, default=60, help="time limit per case (default 60)")


def run(site, args):
    targets = site.targets
    demo, large = targets["video"], targets["large_video"]
    report = Report("Video range requests (MEDIA_SERVE_MODE=django)")
    report.note(
        f"{describe_shape(effective_shape(shape_from(args)))}, signed in as anna. “demo”: the seeded demo video "
        f"({demo['size'] / 1024:.0f} KiB). “large”: a {large['size'] / MIB:.0f} MiB staff video made for the "
        "benchmark (the demo MP4 repeated), so that loading a file whole would show in a worker's memory. "
        f"Ranges are {CHUNK // 1024} KiB, in order across the file; every body is compared with the file on disk."
    )
    speed_rows, memory_rows = [], []
    # Both files are read once here, so that every body can be checked byte for byte.
    demo_bytes = Path(demo["path"]).read_bytes()
    large_bytes = Path(large["path"]).read_bytes()
    try:
        server = site.server(shape_from(args))
        pids = server.worker_pids()
        if not pids:
            raise BenchError("no gunicorn workers found")

        def ranged(url, size, expected):
            chunks = max(1, -(-size // CHUNK))

            def one(client, index):
                start = (index % chunks) * CHUNK
                end = min(start + CHUNK, size) - 1
                status, headers, body, _seconds = client.request(
                    "GET", url, headers={"Range": f"bytes={start}-{end}"}
                )
                if status != 206 or headers.get("Content-Range") != f"bytes {start}-{end}/{size}":
                    raise BenchError(f"range {start}-{end}: {status} {headers.get('Content-Range')}")
                if expected is not None and body != expected[start : end + 1]:
                    raise BenchError(f"range {start}-{end}: the bytes differ from the file")
                return status, len(body)

            return one, chunks

        cases = [
            ("demo, 1 client", demo["url"], demo["size"], demo_bytes, 1, 200),
            ("large, 1 client", large["url"], large["size"], large_bytes, 1, None),
            ("large, 4 clients", large["url"], large["size"], large_bytes, 4, None),
        ]
        for label, url, size, expected, count, total in cases:
            one, chunks = ranged(url, size, expected)
            clients = [login(server.port, "anna") for _ in range(count)]
            with MemoryWatch(pids) as watch:
                recorder, wall = run_clients(
                    clients, total or chunks * args.rounds, one, max_seconds=args.max_seconds
                )
            row = summary_row(label, recorder, wall, ok=(206,))
            row["MB/s"] = round(recorder.bytes / wall / 1e6, 1)
            speed_rows.append(row)
            memory_rows.append(watch.row(label))

        client = login(server.port, "anna")
        with MemoryWatch(pids) as watch:
            started = time.perf_counter()
            moved = 0
            for _round in range(args.rounds):
                status, _headers, size, _seconds = client.request("GET", large["url"], sink=True)
                if status != 200 or size != large["size"]:
                    raise BenchError(f"whole file: {status}, {size} bytes")
                moved += size
            wall = time.perf_counter() - started
        speed_rows.append(
            {
                "case": f"large, whole file without Range ×{args.rounds}",
                "requests": args.rounds,
                "MB/s": round(moved / wall / 1e6, 1),
            }
        )
        memory_rows.append(watch.row(f"large, whole file without Range ×{args.rounds}"))
        if not watch.reset:
            report.note("Could not reset VmHWM (clear_refs); peaks are the largest RSS sampled every 20 ms.")
    finally:
        site.stop_servers()
    report.table("Throughput", [_with_columns(row) for row in speed_rows])
    report.table(
        "Memory of the gunicorn workers (VmRSS before, VmHWM peak during the case; per worker)", memory_rows
    )
    return report


def _with_columns(row):
    columns = ["case", "requests", "MB/s", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"]
    return {column: row.get(column) for column in columns}


if __name__ == "__main__":
    main_with_site(__doc__, run, configure)
