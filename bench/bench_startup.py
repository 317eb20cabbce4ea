"""Start-up time: process start to main window shown, SafetyDesk vs a bare PySide6 QMainWindow.

Both sides are fresh subprocesses on the offscreen Qt platform whose wall time is measured from
spawn to exit; each exits right after its window is shown and events were processed once, so
interpreter start-up, imports, Qt initialisation and tear-down are counted on both sides alike.

Ours is `python -m safetydesk --data-dir D selftest --startup-only` on a freshly initialised school
installation (the contract: show the main window, process events once, exit 0). If this build's
selftest lacks `--startup-only`, the whole `selftest` (every page visited) is timed instead and the
note says so. The median of 5 runs each (3 with --quick), interleaved, after one untimed warm-up.

On a shared machine the wall times move with the load; a second row gives the CPU time (user +
system) of the same runs, which moves much less, and the notes carry the load average.
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no CPU-time row
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent

BARE_QT = """\
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("baseline")
window.resize(1200, 800)
window.show()
app.processEvents()
sys.exit(0)
"""

INIT = ["init", "school", "--code", "4105220001", "--name", "安阳县示范小学",
        "--township-code", "410522T01"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("LANG", "C.UTF-8")
    # A user's installation has compiled .pyc files; with this variable set (as on these build
    # machines) every start would recompile all of SafetyDesk and SQLAlchemy from source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SAFETYDESK_DATA_DIR", None)
    return env


def _cpu_of_children() -> float:
    if resource is None:
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], env: dict[str, str], what: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process."""
    cpu0, t0 = _cpu_of_children(), time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=300, check=False)
    elapsed, cpu = time.perf_counter() - t0, _cpu_of_children() - cpu0
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"{what} exited {proc.returncode}: {' / '.join(tail)}")
    return elapsed, cpu


def _selftest_args(ours: list[str], env: dict[str, str]) -> tuple[list[str], str]:
    help_ = subprocess.run([*ours, "selftest", "--help"], env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=120, check=False)
    if help_.returncode != 0:
        raise RuntimeError("this build has no `selftest` command yet; the start-up bench needs "
                           "`safetydesk selftest --startup-only`")
    if "--startup-only" in help_.stdout:
        return ["selftest", "--startup-only"], "selftest --startup-only"
    return ["selftest"], "whole selftest (no --startup-only yet: every page visited)"


def _measure(commands: dict[str, list[str]], env: dict[str, str], repeats: int,
             optional: frozenset[str] = frozenset()
             ) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """Median wall and CPU seconds per command; an optional command that fails its warm-up is
    dropped with its error."""
    errors: dict[str, str] = {}
    for name, cmd in list(commands.items()):  # warm-up: file cache, .pyc files
        try:
            _run(cmd, env, name)
        except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
            if name not in optional:
                raise
            errors[name] = str(exc)
            del commands[name]
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, cmd in commands.items():
            wall, cpu = _run(cmd, env, name)
            times[name].append(wall)
            cpus[name].append(cpu)
    return ({name: statistics.median(values) for name, values in times.items()},
            {name: statistics.median(values) for name, values in cpus.items()}, errors)


def _load() -> str:
    try:
        return "load average {:.1f} / {:.1f} / {:.1f} on {} cores".format(*os.getloadavg(),
                                                                        os.cpu_count())
    except OSError:
        return "load unknown"


def run(quick: bool = False) -> list[tuple[str, float, float, str]]:
    repeats = 3 if quick else 5
    env = _env()
    data = Path(tempfile.mkdtemp(prefix="safetydesk-bench-"))
    try:
        ours = [sys.executable, "-m", "safetydesk", "--data-dir", str(data)]
        _run([*ours, *INIT], env, "safetydesk init")
        args, what = _selftest_args(ours, env)
        commands = {
            "baseline": [sys.executable, "-c", BARE_QT],
            "ours": [*ours, *args],
        }
        frozen = ROOT / "dist" / "safetydesk" / ("safetydesk.exe" if os.name == "nt" else "safetydesk")
        if frozen.exists():
            commands["frozen"] = [str(frozen), "--data-dir", str(data), *args]
        load_before = _load()
        medians, cpu, errors = _measure(commands, env, repeats, optional=frozenset({"frozen"}))
        note = (f"median of {repeats}; ours = {what}; baseline = bare QMainWindow; "
                f"{load_before} before, {_load()} after")
        rows = [("startup: process start to main window shown", medians["ours"], medians["baseline"],
                 note),
                ("startup: CPU time (user + system) of the same runs", cpu["ours"], cpu["baseline"],
                 f"median of {repeats}; less sensitive than wall time to other work on the machine")]
        if "frozen" in medians:
            rows.append(("startup: frozen app (dist/safetydesk)", medians["frozen"], medians["baseline"],
                         f"median of {repeats}; baseline is the bare window run from source; CPU "
                         f"{cpu['frozen']:.3f} s vs {cpu['baseline']:.3f} s"))
        elif "frozen" in errors:
            rows.append(("startup: frozen app (dist/safetydesk)", math.nan, medians["baseline"],
                         f"FAILED (stale build? run scripts/build_frozen.sh): {errors['frozen'][-160:]}"))
        return rows
    finally:
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(row)
