"""Notebook 01's dataset choice reaches every later notebook (issue 18: one study value, handed down).

Notebook 01 is pointed at a FER+ fixture from its parameter cell; notebooks 01-05 then run headless in a scratch
workspace (FER_OUTPUT), and the evaluation notebook's classification report must have FER+'s 8 classes, contempt
among them: only possible if notebooks 02-05 read the dataset notebook 01 chose rather than the default.

The fixture is format-faithful: `fer data synth` writes a small synthetic fer2013.csv, and fer2013new.csv gives each
row ten taggers' votes (FER+'s columns and order), the majority for the row's label, a tenth of the neutral faces
voted contempt.
"""
import csv
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from support import FER, ROOT, new_mark, wait_no_marked_processes

FERPLUS_COLUMNS = ["neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"]
# FER-2013 label -> FER+ vote column
FER2013_TO_VOTE = {0: "anger", 1: "disgust", 2: "fear", 3: "happiness", 4: "sadness", 5: "surprise", 6: "neutral"}
NOTEBOOKS = ["01-eda", "02-augmentation", "03-transfer-learning", "04-hyperparameter-search", "05-evaluation"]


def write_ferplus_votes(fer2013_csv, out_csv):
    """fer2013new.csv for fer2013_csv: 8 votes for the row's class and 2 for neutral; every 10th neutral face contempt."""
    with open(fer2013_csv, newline="") as f, open(out_csv, "w", newline="") as o:
        w = csv.writer(o)
        w.writerow(["Usage", "Image name"] + FERPLUS_COLUMNS)
        neutral = 0
        for i, row in enumerate(csv.DictReader(f)):
            votes = dict.fromkeys(FERPLUS_COLUMNS, 0)
            cls = FER2013_TO_VOTE[int(row["emotion"])]
            if cls == "neutral":
                neutral += 1
                if neutral % 10 == 0:
                    cls = "contempt"
            votes[cls] += 8
            votes["neutral" if cls != "neutral" else "happiness"] += 2
            w.writerow([row["Usage"], f"fer{i:07d}.png"] + [votes[c] for c in FERPLUS_COLUMNS])


def point_notebook_01_at(nb_path, source):
    """Sets notebook 01's SOURCE parameter; fails loudly if the parameter cell no longer has that line."""
    nb = json.load(open(nb_path))
    pattern = re.compile(r"^Path SOURCE = null;", re.M)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and pattern.search("".join(c["source"]))]
    if len(cells) != 1:
        raise AssertionError(f"{nb_path}: expected one parameter cell with 'Path SOURCE = null;', found {len(cells)}")
    src = pattern.sub(f'Path SOURCE = Path.of("{source}");', "".join(cells[0]["source"]))
    cells[0]["source"] = src.splitlines(keepends=True)
    json.dump(nb, open(nb_path, "w"), indent=1)


class DatasetChoiceReachesLaterNotebooks(unittest.TestCase):
    def test_ferplus_chosen_in_notebook_01_gives_an_8_class_report_in_notebook_05(self):
        tmp = tempfile.mkdtemp(prefix="fer-study-")
        mark = new_mark()
        try:
            data = os.path.join(tmp, "ferplus")
            r = subprocess.run([FER, "data", "synth", "--train", "640", "--test", "200", "--out", data],
                               capture_output=True, text=True, timeout=600)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            write_ferplus_votes(os.path.join(data, "fer2013.csv"), os.path.join(data, "fer2013new.csv"))
            shutil.rmtree(os.path.join(data, "train"))  # FER+ is the two CSVs; the folder form would also match
            shutil.rmtree(os.path.join(data, "test"))
            os.remove(os.path.join(data, "synthetic-fer.stamp"))  # a FER+ fixture, not the synthetic default

            nbs = os.path.join(tmp, "notebooks")
            os.makedirs(nbs)
            for n in NOTEBOOKS:
                shutil.copy(os.path.join(ROOT, "notebooks", n + ".ipynb"), nbs)
            point_notebook_01_at(os.path.join(nbs, "01-eda.ipynb"), data)
            out = os.path.join(tmp, "out")
            env = dict(os.environ, FER_NOTEBOOKS_DIR=nbs, FER_OUTPUT=out, FER_PROFILE="quick", FER_TEST_MARK=mark)
            r = subprocess.run([FER, "run", *[n[:2] for n in NOTEBOOKS]], env=env, capture_output=True, text=True,
                               timeout=1800)
            self.assertEqual(r.returncode, 0, r.stderr[-4000:])

            with open(os.path.join(out, "runs", "dataset.properties")) as f:
                self.assertIn(data, f.read().replace("\\:", ":"), "notebook 01 remembered its choice")
            report = os.path.join(out, "runs", "eval-custom-vgg16-quick-test", "report.csv")
            with open(report) as f:
                classes = [row["class"] for row in csv.DictReader(f)]
            self.assertEqual(classes[:8], ["Angry", "Disgust", "Fear", "Happy", "Sad", "Surprise", "Neutral", "Contempt"],
                             f"{report}: {classes}")
            with open(os.path.join(out, "figures", "manifest.csv")) as f:
                rows = {row["figure"]: row for row in csv.DictReader(f)}
            for fig in ["fig02-train-distribution", "fig12-custom-model-accuracy-loss", "fig14-custom-confusion-matrix"]:
                self.assertEqual(rows[fig]["dataset"], "FER+", f"{fig} was drawn from {rows[fig]['dataset']}")
            self.assertFalse(os.path.exists(os.path.join(ROOT, "runs", "dataset.properties")) and
                             data in open(os.path.join(ROOT, "runs", "dataset.properties")).read(),
                             "the scratch run wrote into the project's own runs/")
        finally:
            self.assertEqual(wait_no_marked_processes(mark), [], "a kernel outlived the run")
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
