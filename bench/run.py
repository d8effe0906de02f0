"""Run the benchmark scenarios and print one line per scenario: ``make bench``.

Every ``bench/scenario_*.py`` with a ``run()`` is a scenario; see README.md. Django is
set up here with ``bench.settings`` on a throwaway SQLite database in a temporary
directory, migrated once before the first scenario. The benchmark reports and never
judges: the exit code is 0 unless a scenario crashes.

    .venv/bin/python bench/run.py                   # every scenario
    .venv/bin/python bench/run.py -k step           # scenarios whose name contains "step"
    .venv/bin/python bench/run.py --profile         # also print a cProfile summary per scenario
"""

import argparse
import cProfile
import importlib
import io
import os
import pstats
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
PREFIX = "scenario_"


def scenario_modules(selection: list[str]) -> list[str]:
    """Module names of the scenarios, sorted, filtered by substrings of their names."""
    names = sorted(path.stem for path in BENCH_DIR.glob(f"{PREFIX}*.py"))
    return [name for name in names if not selection or any(part in name for part in selection)]


def scenario_name(module) -> str:
    return getattr(module, "NAME", module.__name__.rpartition(".")[2].removeprefix(PREFIX).replace("_", "-"))


def report_lines(name: str, result: object) -> list[str]:
    """A scenario returns a result object or a string (one line), or several of them."""
    if isinstance(result, str) or not isinstance(result, Iterable):
        return [str(result)]
    return [str(item) for item in result] or [f"{name}: no result"]


def run_scenario(module_name: str, profile: bool) -> bool:
    """Import and run one scenario, print its line(s); False when it crashed."""
    name = module_name.removeprefix(PREFIX).replace("_", "-")
    started = time.perf_counter()
    profiler = cProfile.Profile() if profile else None
    try:
        module = importlib.import_module(f"bench.{module_name}")
        name = scenario_name(module)
        if profiler:
            profiler.enable()
        try:
            result = module.run()
        finally:
            if profiler:
                profiler.disable()
    except Exception as exc:
        traceback.print_exc()
        print(f"{name}: CRASHED ({type(exc).__name__}: {exc})", flush=True)
        return False
    for line in report_lines(name, result):
        print(line, flush=True)
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        print(f"--- profile of {name} ({time.perf_counter() - started:.1f} s) ---\n{out.getvalue()}", file=sys.stderr)
    return True


def warn_about_unmigrated_models() -> None:
    """Say so when models changed without a migration: the scenarios would fail on a missing column."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.state import ProjectState
    from django.utils import translation

    loader = MigrationLoader(None, ignore_no_migrations=True)
    # As makemigrations does: with Dutch active, every translated verbose_name would look changed.
    with translation.override(None):
        autodetector = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps))
        changes = autodetector.changes(graph=loader.graph)
    if changes:
        print(
            f"bench: models of {', '.join(sorted(changes))} have changes without a migration; "
            "the database here is built from migrations, so expect failures until makemigrations is run",
            file=sys.stderr,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", dest="selection", action="append", default=[], help="only scenarios containing this")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary of each scenario to stderr")
    args = parser.parse_args(argv)

    # Run as a script, Python puts bench/ first on the path; bench's settings.py or views.py
    # must not shadow top-level modules, so import everything from the project root instead.
    sys.path[:] = [str(ROOT), *(entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR)]
    modules = scenario_modules(args.selection)
    if not modules:
        print(f"no scenarios match {args.selection}", file=sys.stderr)
        return 0

    with tempfile.TemporaryDirectory(prefix="loket-bench-") as tmp:
        # Set, not setdefault: whatever the shell says, the benchmark uses its own database.
        os.environ["LOKET_BENCH_DIR"] = tmp
        os.environ["LOKET_VAR_DIR"] = tmp
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
        Path(tmp, "static").mkdir()  # STATIC_ROOT; WhiteNoise warns when it is missing

        import django
        from django.core.management import call_command
        from django.db import connections

        django.setup()
        try:
            call_command("migrate", interactive=False, verbosity=0)
        except Exception as exc:
            traceback.print_exc()
            print(f"bench: migrating the throwaway database failed, no scenario ran ({exc})", flush=True)
            return 1
        warn_about_unmigrated_models()
        try:
            crashed = [name for name in modules if not run_scenario(name, args.profile)]
        finally:
            connections.close_all()
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
