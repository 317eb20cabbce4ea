"""Run every benchmark and print one table: metric | ours | baseline | ratio | note.

    .venv/bin/python bench/run.py            # all bench/bench_*.py modules
    .venv/bin/python bench/run.py --quick    # fewer repetitions / smaller data
    .venv/bin/python bench/run.py startup    # only modules whose name contains "startup"

Protocol: a module `bench/bench_<name>.py` exposes

    def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
        '''(metric, our seconds, baseline seconds, note) for each metric.'''

measured in the same run against a raw baseline (bare PySide6, plain sqlite3, plain openpyxl...),
so the ratio means something on any machine. A module that fails shows its error as a row and the
others still run. The exit code is always 0: benchmarks inform, they never gate.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent

Row = tuple[str, float, float, str]


def discover(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in BENCH_DIR.glob("bench_*.py"))
    if only:
        names = [n for n in names if any(word in n for word in only)]
    return names


def _seconds(value: float) -> str:
    if math.isnan(value):
        return "-"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def _ratio(ours: float, baseline: float) -> str:
    try:
        if baseline and baseline > 0 and not math.isnan(ours):
            return f"{ours / baseline:.2f}x"
    except TypeError:
        pass
    return "-"


def _check_rows(rows: object) -> list[Row]:
    if not isinstance(rows, list):
        raise TypeError(f"run() returned {type(rows).__name__}, expected a list of 4-tuples")
    out = []
    for row in rows:
        metric, ours, baseline, note = row  # raises on a malformed row
        out.append((str(metric), float(ours), float(baseline), str(note)))
    return out


def run_module(name: str, quick: bool) -> tuple[list[Row], list[str]]:
    """Rows for one module, or an error row; `errors` holds tracebacks to print after the table."""
    t0 = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.{name}")
        rows = _check_rows(module.run(quick=quick))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # a failing benchmark must not stop the others
        line = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
        return [(name, math.nan, math.nan, f"FAILED {line}")], [f"--- {name}\n{traceback.format_exc()}"]
    if not rows:
        rows = [(name, math.nan, math.nan, "no metrics returned")]
    sys.stderr.write(f"bench: {name} done in {time.perf_counter() - t0:.1f}s\n")
    return rows, []


def render(rows: list[Row]) -> str:
    header = ("metric", "ours", "baseline", "ratio", "note")
    table = [header] + [(m, _seconds(o), _seconds(b), _ratio(o, b), n) for m, o, b, n in rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    lines = []
    for i, r in enumerate(table):
        cells = [r[0].ljust(widths[0]), r[1].rjust(widths[1]), r[2].rjust(widths[2]),
                 r[3].rjust(widths[3]), r[4]]
        lines.append(" | ".join(cells).rstrip())
        if i == 0:
            lines.append("-+-".join("-" * w for w in [*widths, 4]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run SafetyDesk's ratio benchmarks.")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, smaller data")
    parser.add_argument("only", nargs="*", help="run only modules whose name contains one of these")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("LANG", "C.UTF-8")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    names = discover(args.only)
    if not names:
        print("no benchmark modules found (bench/bench_*.py)")
        return 0
    rows: list[Row] = []
    errors: list[str] = []
    for name in names:
        sys.stderr.write(f"bench: running {name}{' (quick)' if args.quick else ''}...\n")
        got, errs = run_module(name, args.quick)
        rows += got
        errors += errs
    print(render(rows))
    print("\nratio = ours / baseline (lower is better; 1.00x = as fast as the raw baseline)")
    if errors:
        print("\nErrors:\n" + "\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
