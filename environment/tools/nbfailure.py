"""Say which notebook cell stopped `fer run`, and why, from nbconvert's log.

nbconvert --inplace does not write the notebook when a cell fails, so the failing cell is found
by matching the source that nbclient's CellExecutionError quotes against the notebook's cells.
Usage: nbfailure.py NOTEBOOK LOG LABEL   (exit 1 when the log holds no cell error)
"""
import json
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def cell_source(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def main(nb_path, log_path, label):
    with open(log_path, errors="replace") as f:
        log = ANSI.sub("", f.read())
    m = re.search(r"An error occurred while executing the following cell:\n-{10,}\n(.*?)\n-{10,}\n\n?(.*)",
                  log, re.S)
    if not m:
        return 1
    source, error = m.group(1), m.group(2).strip()
    with open(nb_path) as f:
        cells = json.load(f)["cells"]
    where = "a cell that is no longer in the file"
    code_no = 0
    for i, cell in enumerate(cells, 1):
        if cell.get("cell_type") != "code":
            continue
        code_no += 1
        if cell_source(cell).strip() == source.strip():
            where = f"cell {i} (code cell {code_no})"
            break
    first = next((l for l in source.splitlines() if l.strip()), "").strip()
    if len(first) > 70:
        first = first[:67] + "..."
    lines = [l for l in error.splitlines() if l.strip()]
    if len(lines) > 25:
        lines = lines[:25] + [f"... ({len(lines) - 25} more lines; full log: {log_path})"]
    print(f"fer: {label} failed at {where}: {first}")
    print("\n".join("    " + l for l in lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
