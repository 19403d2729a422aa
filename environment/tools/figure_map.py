"""The README's figure map: which notebook draws each of the report's Figures 1-18 and Tables 1-4, under
which file names, and the command that regenerates it.

The one parser of that table (between the `<!-- figure-map -->` markers of README.md): the figure-map check
(environment/tests/figure_map_check.py) and `fer report` (report.py) both read the map through `parse`, so
the report lists exactly what the check checks.
"""
import os
import re
from collections import namedtuple

FIGURES = [f"Figure {i}" for i in range(1, 19)]
TABLES = [f"Table {i}" for i in range(1, 5)]

# item: "Figure 11"; what: the project's description (markdown); notebook: "05-evaluation" or None;
# files: figure names or patterns ("fig11-default-confusion-matrix", "hpo-*"); regenerate: the command cell
Row = namedtuple("Row", "item what notebook files regenerate")

_BLOCK = re.compile(r"<!-- figure-map\b.*?-->(.*?)<!-- /figure-map -->", re.S)
_FILE = re.compile(r"`((?:fig\d\d|table\d\d|hpo|aug|small)-[a-z0-9*-]*)`")


def parse(readme_text):
    """[Row] from the README's figure-map table, in the table's order."""
    m = _BLOCK.search(readme_text)
    if not m:
        raise ValueError("README.md has no <!-- figure-map --> ... <!-- /figure-map --> block")
    rows = []
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not re.fullmatch(r"(Figure|Table) \d+", cells[0]):
            continue  # header, separator, blank
        nb = re.fullmatch(r"`(\d\d-[a-z0-9-]+)`", cells[2])
        command = re.fullmatch(r"`([^`]+)`", cells[4]) if len(cells) > 4 else None
        rows.append(Row(cells[0], cells[1], nb.group(1) if nb else None, _FILE.findall(cells[3]),
                        command.group(1) if command else None))
    return rows


def read(root):
    """The figure map of ROOT/README.md."""
    path = os.path.join(root, "README.md")
    with open(path, encoding="utf-8") as f:
        try:
            return parse(f.read())
        except ValueError as e:
            raise ValueError(f"{path}: {e}") from None
