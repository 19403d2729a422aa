"""Strip outputs and run metadata from notebooks before committing them.

`fer run` writes outputs in place (so a researcher sees results in JupyterLab); the repository keeps
notebooks clean so diffs show only what a person changed. Keeps the kernelspec.
Usage: python3 nbstrip.py NOTEBOOK...
"""
import sys

import nbformat

for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    # the kernel fills in its JVM version: machine-specific churn
    nb.metadata["language_info"] = {"name": "java"}
    nbformat.write(nb, path)
    print(f"stripped {path}")
