"""The seed report's Sections 2 and 4-8 as `fer report` lays them out: each section's parts, the figures and
tables in them with the report's captions, the numbers the report gives, and where a run of this project saves
the matching numbers (figures/manifest.csv, models/*.json, runs/eval-*/, runs/hpo-*/best.json, the tables' CSV).

Transcribed from ../shared/seed/fer-capstone-report.txt; test_report.py checks every caption and every number
against that text when it is there. What each figure or table *is* in this project, which notebook draws it and
the command that regenerates it come from the README's figure map (figure_map.py), not from here.
"""
import csv
import glob
import json
import os
from collections import namedtuple

# number: "7.2.1" (None: the section has one part); items: "Figure 9", "Table 2"; measures: numbers of the
# part not tied to one figure (the split sizes of 5.2)
Part = namedtuple("Part", "number title items measures")
Section = namedtuple("Section", "number title parts")
# report: the number as the report prints it (None: the report gives none); run: RunData -> Value
Measure = namedtuple("Measure", "label report run")
# text: this run's number (None: not saved); source: where it was read (or looked for)
Value = namedtuple("Value", "text source")

CAPTIONS = {
    "Figure 1": "Figure 1 - CRISP-DM Framework Lifecycle",
    "Figure 2": "Figure 2 – Distribution of expression categories in the FER2013 training set",
    "Figure 3": "Figure 3 - Distribution of expression categories in the FER2013 testing set",
    "Figure 4": "Figure 4 – FER-2013 Sample of Images",
    "Figure 5": "Figure 5 – Data Augmentation Process Diagram",
    "Figure 6": "Figure 6 – Data Augmentation Results",
    "Figure 7": "Figure 7 - VGG-16 Model Architecture (Tammina, 2019)",
    "Figure 8": "Figure 8 - Confusion Matrix Labels (Draelos, MD, PhD, 2019)",
    "Figure 9": "Figure 9 - Default Model Accuracy & Loss Plot",
    "Figure 10": "Figure 10 - Baseline Model Classification Report Results",
    "Figure 11": "Figure 11 - Default Model Confusion Matrix",
    "Figure 12": "Figure 12 - Custom Model Accuracy & Loss Plot",
    "Figure 13": "Figure 13 - Custom Model Classification Report",
    "Figure 14": "Figure 14 - Custom Model Confusion Matrix",
    "Figure 15": "Figure 15 - Correctly Classified Images",
    "Figure 16": "Figure 16 - Misclassified Images",
    "Figure 17": "Figure 17 - Saliency Map of Random Sample of Images",
    "Figure 18": "Figure 18 – Real-Time FER System Demonstration",
    "Table 1": "Table 1 - Data Augmentation Operations Summary",
    "Table 2": "Table 2 - Summary of Hyperparameter Tuning Search",
    "Table 3": "Table 3 – Multi-Classification Model Metrics",
    "Table 4": "Table 4 - Performance Comparison with Existing Models",
}


# ---------------------------------------------------------------- this run's saved numbers

class RunData:
    """What a run of the notebooks left behind under ROOT (the project, or FER_OUTPUT: models/, runs/), read once;
    `profile` picks the study's model files."""

    def __init__(self, root, figures, manifest, profile):
        self.root, self.figures, self.manifest, self.profile = root, figures, manifest, profile
        self._json = {}

    def rel(self, path):
        return os.path.relpath(path, self.root)

    def json(self, rel):
        """The parsed JSON file ROOT/rel, or None when it is missing (a broken file is an error naming it)."""
        if rel not in self._json:
            path = os.path.join(self.root, rel)
            if not os.path.isfile(path):
                self._json[rel] = None
            else:
                with open(path, encoding="utf-8") as f:
                    try:
                        self._json[rel] = json.load(f)
                    except json.JSONDecodeError as e:
                        raise ValueError(f"{path}: not valid JSON ({e})") from None
        return self._json[rel]

    def model(self, stem):
        """models/STEM-PROFILE.json (the study's model manifest, written when notebook 03 saves the model)."""
        return f"models/{stem}-{self.profile}.json"

    def evaluation(self, stem):
        """runs/eval-STEM-PROFILE-SPLIT/ of notebook 05 (or `fer evaluate`): the test split's, else the newest."""
        dirs = glob.glob(os.path.join(self.root, "runs", f"eval-{stem}-{self.profile}-*", "evaluation.json"))
        if not dirs:
            return f"runs/eval-{stem}-{self.profile}-test"
        test = [d for d in dirs if os.path.basename(os.path.dirname(d)).endswith("-test")]
        return self.rel(os.path.dirname(test[0] if test else max(dirs, key=os.path.getmtime)))

    def table(self, name):
        """The rows of figures/NAME.csv as dicts, or None."""
        path = os.path.join(self.figures, name + ".csv")
        if not os.path.isfile(path):
            return None
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))


def pct(x):
    return f"{100 * x:.2f}%"


def two(x):
    return f"{x:.2f}"


def count(x):
    return f"{int(x):,}"


def field(rel, *keys, fmt=str, suffix=""):
    """A Measure's run: the value at KEYS of the JSON file REL ({model:STEM} / {eval:STEM} name the study's files)."""
    def read(run):
        path = resolve(run, rel)
        data = run.json(path)
        where = f"{path} → {'.'.join(keys)}"
        for k in keys:
            if not isinstance(data, dict) or k not in data or data[k] is None:
                return Value(None, where)
            data = data[k]
        return Value(fmt(data) + (suffix(run) if callable(suffix) else suffix), where)
    return read


def resolve(run, rel):
    kind, _, stem = rel.partition(":")
    if kind == "model":
        return run.model(stem)
    if kind == "eval":
        return run.evaluation(stem.split("/")[0]) + "/" + stem.split("/", 1)[1]
    return rel


def split_of(stem):
    """" (test, 900 images)": which split an evaluation measured, from its evaluation.json."""
    def text(run):
        meta = run.json(run.evaluation(stem) + "/evaluation.json") or {}
        return f" ({meta.get('split', '?')}, {int(meta.get('images', 0)):,} images)" if meta else ""
    return text


def headline(figure):
    def read(run):
        row = run.manifest.get(figure)
        text = row.get("headline", "") if row else ""
        return Value(text or None, f"figures/manifest.csv → {figure}.headline")
    return read


def joined(*parts, sep=" / "):
    """Several runs' values in one cell: "2,882 / 718 / 900"; missing when any part is."""
    def read(run):
        values = [p(run) for p in parts]
        text = None if any(v.text is None for v in values) else sep.join(v.text for v in values)
        return Value(text, "; ".join(v.source for v in values))
    return read


def column(table, name, sep="; "):
    def read(run):
        rows = run.table(table)
        cells = [r.get(name, "") for r in rows] if rows else []
        return Value(sep.join(c for c in cells if c) or None, f"figures/{table}.csv → {name}")
    return read


def dataset_size(run):
    parts = [field("model:default-vgg16", "train_images")(run), field("model:default-vgg16", "validation_images")(run),
             field("eval:default-vgg16/evaluation.json", "images")(run)]
    source = "; ".join(p.source for p in parts)
    if any(p.text is None for p in parts):
        return Value(None, source)
    return Value(f"{sum(int(p.text.replace(',', '')) for p in parts):,}", source)


def best_search(run):
    """The best objective over this profile's searches (runs/hpo-PROFILE-*/best.json), naming each search."""
    files = sorted(glob.glob(os.path.join(run.root, "runs", f"hpo-{run.profile}-*", "best.json")))
    where = f"runs/hpo-{run.profile}-*/best.json → value"
    found = []
    for f in files:
        best = run.json(run.rel(f)) or {}
        if "value" in best:
            found.append((best["value"], best.get("strategy", os.path.basename(os.path.dirname(f)))))
    if not found:
        return Value(None, where)
    found.sort(reverse=True)
    return Value(", ".join(f"{v:.3f} ({s})" for v, s in found), where)


def report_metrics(stem, model_label, acc, macro, weighted, disgust):
    """Figures 10 and 13: the classification report's summary numbers, this run's from runs/eval-*/report.json."""
    rel = f"eval:{stem}/report.json"
    return [
        Measure("accuracy (the report: validation split, 5,741 images)", acc,
                field(rel, "accuracy", fmt=two, suffix=split_of(stem))),
        Measure("macro avg F1", macro, field(rel, "macro avg", "f1-score", fmt=two)),
        Measure("weighted avg F1", weighted, field(rel, "weighted avg", "f1-score", fmt=two)),
        Measure(f"Disgust F1 (the smallest class, {model_label})", disgust, field(rel, "Disgust", "f1-score", fmt=two)),
    ]


def training(stem, train_acc, val_acc):
    """Figures 9 and 12: the accuracies of the kept weights, from the model's manifest (models/*.json)."""
    rel = f"model:{stem}"
    return [
        Measure("training accuracy", train_acc, field(rel, "metrics", "accuracy", fmt=pct)),
        Measure("validation accuracy", val_acc, field(rel, "metrics", "val_accuracy", fmt=pct)),
        Measure("epochs run, weights kept from epoch", None,
                joined(field(rel, "metrics", "epochs_run", fmt=count), field(rel, "metrics", "epoch", fmt=count), sep=", ")),
    ]


def test_accuracy(stem, report):
    rel = f"eval:{stem}/evaluation.json"
    return [Measure("test accuracy", report, field(rel, "accuracy", fmt=pct, suffix=split_of(stem))),
            Measure("test accuracy with test-time augmentation", None,
                    joined(field(rel, "tta", "accuracy", fmt=pct), field(rel, "tta", "kind"), sep=", "))]


# ---------------------------------------------------------------- the report, section by section

MEASURES = {
    "Figure 2": [Measure("training images per class", "happy 7,215 (largest), disgust 436 (smallest)",
                         headline("fig02-train-distribution"))],
    "Figure 3": [Measure("test images per class", None, headline("fig03-test-distribution"))],
    "Table 1": [Measure("augmentation parameters", "up to 15°, zoom range of 0.1, 10% shifts, random flips, 'nearest' fill, dividing by 255",
                        column("table01-augmentation", "Parameters/Range"))],
    "Figure 7": [Measure("parameters of the custom model", None, field("model:custom-vgg16", "parameters", "total", fmt=count)),
                 Measure("architecture", "VGG16, 16 layers", field("model:custom-vgg16", "model", "variant"))],
    "Table 2": [Measure("best validation accuracy of the search (the report: not given)", None, best_search)],
    "Figure 9": training("default-vgg16", "66.54%", "61.02%"),
    "Figure 10": report_metrics("default-vgg16", "default model", "0.55", "0.44", "0.53", "0.00"),
    "Figure 11": test_accuracy("default-vgg16", "61.94%"),
    "Figure 12": training("custom-vgg16", "95.37%", "66.57%"),
    "Figure 13": report_metrics("custom-vgg16", "custom model", "0.66", "0.66", "0.66", "0.70"),
    "Figure 14": test_accuracy("custom-vgg16", "67.11%"),
    "Figure 15": [Measure("accuracy of the model shown", None, headline("fig15-correctly-classified"))],
    "Figure 16": [Measure("accuracy of the model shown", None, headline("fig16-misclassified"))],
    "Table 4": [Measure("custom model, test accuracy", "67.11%",
                        field("eval:custom-vgg16/evaluation.json", "accuracy", fmt=pct, suffix=split_of("custom-vgg16")))],
    "Figure 18": [Measure("faces found", "all the emotion categories detected (webcam)", headline("fig18-real-time"))],
}

SECTIONS = [
    Section("2", "Methodology", [Part(None, "CRISP-DM", ["Figure 1"], [])]),
    Section("4", "Data Understanding (CRISP-DM Phase 2)", [
        Part("4.1", "Data Collection", [], [Measure("images in the dataset", "35,887", dataset_size)]),
        Part("4.2", "Exploratory Data Analysis (EDA)", ["Figure 2", "Figure 3", "Figure 4"], []),
    ]),
    Section("5", "Data Preparation (CRISP-DM Phase 3)", [
        Part("5.1", "Data Augmentation", ["Table 1", "Figure 5", "Figure 6"], []),
        Part("5.2", "Preparing Training, Validation & Testing Sets", [], [
            Measure("training / validation / testing images", "22,968 / 5,741 / 7,178",
                    joined(field("model:default-vgg16", "train_images", fmt=count),
                           field("model:default-vgg16", "validation_images", fmt=count),
                           field("eval:default-vgg16/evaluation.json", "images", fmt=count))),
        ]),
    ]),
    Section("6", "Modelling (CRISP-DM Phase 4)", [
        Part("6.1", "Model Architecture", ["Figure 7"], []),
        Part("6.3", "Hyperparameter Optimization (HPO)", ["Table 2"], []),
    ]),
    Section("7", "Evaluation (CRISP-DM Phase 5)", [
        Part("7.1", "Evaluation Metrics & Scoring", ["Figure 8", "Table 3"], []),
        Part("7.2.1", "Default Model (VGG16)", ["Figure 9", "Figure 10", "Figure 11"], []),
        Part("7.2.2", "Final Custom Model", ["Figure 12", "Figure 13", "Figure 14"], []),
        Part("7.3", "Other Evaluation Visualizations", ["Figure 15", "Figure 16", "Figure 17"], []),
        Part("7.4", "Performance Comparison to Related Work", ["Table 4"], []),
    ]),
    Section("8", "Deployment (CRISP-DM Phase 6)", [Part(None, "Real-time FER", ["Figure 18"], [])]),
]


def items():
    """Every figure and table in report order."""
    return [i for s in SECTIONS for p in s.parts for i in p.items]
