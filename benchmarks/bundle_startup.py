"""Start-up of the frozen bundle (``packaging/``) against ``uv run accord``, and the bundle's size.

Both are timed from spawn until ``--exit-when-ready`` prints its JSON line (both panes painted),
each a first launch in a user data folder of its own, alternating so both see the same load;
the medians are printed with the bundle's ratio (target <= 1.3). ``uv run accord`` is timed as
a user types it: uv checks the environment, then starts Python with bytecode cached (the
warm-up runs write it). The size is the bundle folder's on disk and as a .tar.xz.

    uv run python benchmarks/bundle_startup.py [--runs N] [--bundle dist/accord] [--smoke]

Without a built bundle at ``--bundle`` it builds one first (``packaging/build``, half a minute);
its ``--smoke`` test needs one built (CI builds it before the tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import smoke
from startup import _run

ROOT = Path(__file__).resolve().parents[1]


def _built(bundle: Path) -> Path:
    if not (bundle / "accord").is_file():
        subprocess.run([str(ROOT / "packaging" / "build"), str(bundle.parent)], check=True)
    return bundle


def _disk_mb(bundle: Path) -> float:
    """The bundle's files added up, in MB."""
    files = (p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 1e6


def _packed_mb(bundle: Path) -> float:
    """The bundle as a .tar.xz, in MB."""
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "accord.tar.xz"
        with tarfile.open(archive, "w:xz", preset=6) as tar:
            tar.add(bundle, arcname="accord")
        return archive.stat().st_size / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "accord")
    parser.add_argument(
        "--compressed",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure it as a .tar.xz (a minute of CPU)",
    )
    options = smoke.parse(parser, runs=1, compressed=False)
    bundle = _built(options.bundle.resolve())
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="accord-bench-bytecode-")
    programs = {
        "bundle": [str(bundle / "accord"), "--exit-when-ready"],
        "uv run": ["uv", "run", "--locked", "accord", "--exit-when-ready"],
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory(prefix="accord-bench-user-") as folder:
        runs = iter(range(10**9))

        def run(name: str) -> float:
            printed, _report = _run(programs[name], env, user_data=Path(folder) / str(next(runs)))
            return printed

        for name in programs:  # warm the file cache and write the bytecode once
            run(name)
        for _ in range(options.runs):
            for name in programs:
                times[name].append(run(name))
                load.append(os.getloadavg()[0])
    bundle_ms, uv_ms = (statistics.median(times[name]) for name in programs)
    on_disk = _disk_mb(bundle)
    print(
        f"runs: {options.runs} of each, alternating; first launches; "
        f"load average (1 min) {min(load):.1f}-{max(load):.1f}"
    )
    print("ms from spawn until both panes have painted (median)")
    print(f"uv run accord     {uv_ms:6.0f} ms")
    print(f"bundle            {bundle_ms:6.0f} ms  ratio {bundle_ms / uv_ms:.2f} (target <= 1.30)")
    packed = f"{_packed_mb(bundle):.0f} MB as .tar.xz" if options.compressed else "not packed"
    print(f"bundle size: {on_disk:.0f} MB on disk, {packed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
