"""The README's figure map against the figure manifest a notebook run wrote.

Not a `test_*.py` module: it needs the study's notebooks to have run, so `environment/fer test`
runs it last, after executing every notebook, with FER_FIGURES_SINCE set to the run's start (UTC,
ISO 8601). Standalone, after `environment/fer run`:
  /usr/bin/python3 environment/tests/run_tests.py figure_map_check.py

Checks: the map (between the `figure-map` markers of README.md, read by environment/tools/figure_map.py,
the parser `fer report` uses too) lists each of the report's Figures 1-18 and Tables 1-4 once; each row
names a notebook and at least one file; every notebook it names exists in notebooks/; every figure file
(or table, `tableNN-*`) it names has a row in figures/manifest.csv whose `notebook` column is that notebook (written by
fer.viz.Figures from FER_NOTEBOOK) and, when FER_FIGURES_SINCE is set, was drawn in this run.
A row naming a pattern (`hpo-*`) needs at least one matching figure from its notebook.
"""
import csv
import datetime
import fnmatch
import os
import unittest

from support import ROOT, TOOLS  # noqa: F401 (TOOLS: environment/tools on sys.path)
from figure_map import FIGURES, TABLES
import figure_map

MANIFEST = os.path.join(ROOT, "figures", "manifest.csv")
NOTEBOOKS = os.path.join(ROOT, "notebooks")


def read_manifest():
    with open(MANIFEST, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class FigureMapTest(unittest.TestCase):

    def setUp(self):
        self.rows = figure_map.read(ROOT)

    def test_map_covers_every_figure_and_table_of_the_report_once(self):
        items = [r.item for r in self.rows]
        self.assertEqual(sorted(items), sorted(FIGURES + TABLES),
                         "README figure map must list Figures 1-18 and Tables 1-4, each once")

    def test_every_listed_figure_is_drawn_by_its_notebook(self):
        self.assertTrue(os.path.exists(MANIFEST), f"{MANIFEST} missing: run the notebooks first")
        manifest = read_manifest()
        self.assertIn("notebook", manifest[0] if manifest else {"notebook": ""},
                      "figures/manifest.csv has no notebook column (library older than the map)")
        since = os.environ.get("FER_FIGURES_SINCE")
        problems = []
        for item, _, nb, files, _ in self.rows:
            if nb is None or not files:
                problems.append(f"{item}: the map names no notebook (`NN-name`) or no file that it draws")
                continue
            if not os.path.exists(os.path.join(NOTEBOOKS, nb + ".ipynb")):
                have = sorted(n for n in os.listdir(NOTEBOOKS) if n.startswith(nb[:3]))
                problems.append(f"{item}: README names notebook {nb}, notebooks/ has no {nb}.ipynb"
                                f" (with prefix {nb[:3]}: {have or 'none'})")
                continue
            for name in files:
                hits = [r for r in manifest if fnmatch.fnmatchcase(r["figure"], name)]
                if not hits:
                    problems.append(f"{item}: {name} is not in figures/manifest.csv (expected from {nb})")
                    continue
                mine = [r for r in hits if r["notebook"] == nb]
                if not mine:
                    problems.append(f"{item}: {name} was drawn by "
                                    f"{sorted({r['notebook'] or '(no notebook)' for r in hits})}, not {nb}")
                    continue
                if since and not any(utc(r["created_utc"]) >= utc(since) for r in mine):
                    problems.append(f"{item}: {name} in the manifest is older than this run "
                                    f"({max(r['created_utc'] for r in mine)} < {since}): {nb} did not draw it")
        self.assertEqual(problems, [], "\n  " + "\n  ".join(problems))


if __name__ == "__main__":
    unittest.main()
