"""`fer report` on a made-up run: a project folder with the real README (so the real figure map), a small PNG
or CSV for every file the map names, a manifest, and the metric files notebooks 03-05 write, with known numbers.
Checks that the report lists every figure and table of the map (read by the same parser as the figure-map
check), that every image in it is the figure file's bytes, that the report's numbers stand beside this run's
read from the right files, that a removed figure is listed as missing, and - with headless Chromium and
poppler-utils - that the PDF is A4 with each section starting on its own page and every image placed."""
import base64
import csv
import datetime
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import zlib

from support import FER, ROOT
import figure_map
import figure_map_check
import report
import report_catalogue as catalogue

# the README links the seed as ../shared/seed/; a worktree sits one level further down
SEED = next((p for p in [os.environ.get("FER_SEED_REPORT", "")] + [
    os.path.join(ROOT, *[".."] * up, "shared", "seed", "fer-capstone-report.txt") for up in (1, 2)] if os.path.isfile(p)),
    os.path.join(os.path.dirname(ROOT), "shared", "seed", "fer-capstone-report.txt"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def png(width, height, rgb=(70, 110, 170)):
    """A real PNG (8-bit RGB, one colour) without an imaging library."""
    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (report.PNG_MAGIC + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


TABLE_COLUMNS = {
    "table01-augmentation": ["Operation", "Description", "Parameters/Range"],
    "table02-hyperparameter-search": ["Hyperparameter", "Search Space", "Best Value Found (report)", "Best Value Found (this search)"],
}
NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_json(root, rel, data):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(data, f)


def make_run(root):
    """A project folder as a quick-profile run leaves it; returns {figure name: file path}."""
    shutil.copy(os.path.join(ROOT, "README.md"), os.path.join(root, "README.md"))
    figures = os.path.join(root, "figures")
    os.makedirs(figures)
    files, manifest = {}, []
    for i, row in enumerate(figure_map.read(ROOT)):
        for name in row.files:
            for n in ([name.replace("*", "trials"), name.replace("*", "strategies")] if "*" in name else [name]):
                if n.startswith("table"):
                    path = os.path.join(figures, n + ".csv")
                    cols = TABLE_COLUMNS.get(n, ["Model", "Accuracy"])
                    with open(path, "w", newline="") as f:
                        w = csv.writer(f)
                        w.writerow(cols)
                        w.writerow([f"{n} a, with comma"] + [f"{c} <1>" for c in cols[1:]])
                        w.writerow([f"{n} b"] + [f"{c} 2" for c in cols[1:]])
                else:
                    path = os.path.join(figures, n + ".png")
                    with open(path, "wb") as f:
                        f.write(png(40 + len(files), 30 + i))
                files[n] = path
                manifest.append({"figure": n, "title": n, "dataset": "synthetic FER", "profile": "quick",
                                 "headline": "accuracy 0.838" if n.startswith("fig1") else "",
                                 "notebook": row.notebook, "created_utc": stamp(NOW)})
    with open(os.path.join(figures, "manifest.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(manifest[0]))
        w.writeheader()
        w.writerows(sorted(manifest, key=lambda r: r["figure"]))
    for stem, acc, val, params in [("default-vgg16", 0.7317834, 0.7924791, 233135), ("custom-vgg16", 0.8216516, 0.8384401, 4701423)]:
        write_json(root, f"models/{stem}-quick.json", {
            "train_images": 2882, "validation_images": 718, "parameters": {"total": params},
            "model": {"variant": "VGG16-BN at 1/8 width"},
            "metrics": {"epochs_run": 10, "epoch": 9, "accuracy": acc, "val_accuracy": val}})
    for stem, acc, f1 in [("default-vgg16", 0.7622222, 0.61), ("custom-vgg16", 0.8377778, 0.2352941)]:
        write_json(root, f"runs/eval-{stem}-quick-test/evaluation.json",
                   {"split": "test", "images": 900, "accuracy": acc, "tta": {"accuracy": acc + 0.02, "kind": "flip"}})
        write_json(root, f"runs/eval-{stem}-quick-test/report.json",
                   {"accuracy": acc, "macro avg": {"f1-score": 0.7546}, "weighted avg": {"f1-score": 0.8371},
                    "Disgust": {"f1-score": f1}})
    write_json(root, "runs/hpo-quick-random/best.json", {"strategy": "random", "value": 0.768})
    write_json(root, "runs/hpo-quick-halving/best.json", {"strategy": "halving", "value": 0.782})
    return files


class Page(html.parser.HTMLParser):
    """The report's structure: each figure element (item, class), its images and artefact tables, the cells of
    its numbers table, its text; the sections' headings; the part-level numbers tables."""

    def __init__(self, text):
        super().__init__()
        self.items, self.images, self.sections = [], [], []
        self._item = self._cell = None
        self._numbers = self._in_h2 = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure":
            self._item = {"item": a.get("data-item"), "class": a.get("class", ""), "images": [], "tables": [],
                          "numbers": [], "text": ""}
            self.items.append(self._item)
        elif tag == "img":
            self.images.append(a)
            if self._item:
                self._item["images"].append(a)
        elif tag == "table" and self._item is not None:
            if "artefact" in a.get("class", ""):
                self._item["tables"].append({"file": a.get("data-file"), "rows": []})
            self._numbers = "numbers" in a.get("class", "")
        elif tag == "tr" and self._item is not None:
            target = self._item["numbers"] if self._numbers else (self._item["tables"][-1]["rows"] if self._item["tables"] else None)
            if target is not None:
                target.append([])
                self._row = target[-1]
        elif tag in ("td", "th") and self._item is not None:
            self._cell = []
        elif tag == "h2":
            self._in_h2 = True
            self.sections.append("")

    def handle_endtag(self, tag):
        if tag == "figure":
            self._item = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._numbers = False
        elif tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._item is not None:
            self._item["text"] += data
        if self._in_h2:
            self.sections[-1] += data

    def item(self, name):
        return next(i for i in self.items if i["item"] == name)

    def number(self, item, label):
        """(the report's, this run's) for the numbers row whose label starts with LABEL."""
        rows = [r for r in self.item(item)["numbers"] if r and r[0] == label] \
            or [r for r in self.item(item)["numbers"] if r and r[0].startswith(label)]
        if len(rows) != 1:
            raise AssertionError(f"{item}: {len(rows)} numbers rows labelled {label!r}: {self.item(item)['numbers']}")
        return rows[0][1], rows[0][2]


class ReportTest(unittest.TestCase):

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="fer-report-test-")
        self.files = make_run(self.root)

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def build(self, **kw):
        path, entries = report.build(self.root, notebooks_html=os.path.join(self.root, "runs", "notebooks"), **kw)
        with open(path, encoding="utf-8") as f:
            return Page(f.read()), entries

    def test_the_figure_map_check_and_the_report_read_the_map_with_one_parser(self):
        self.assertIs(report.figure_map, figure_map_check.figure_map)
        self.assertIs(report.figure_map.read, figure_map.read)

    def test_every_figure_and_table_of_the_figure_map_is_in_the_report_once_in_report_order(self):
        page, _ = self.build()
        items = [i["item"] for i in page.items]
        mapped = [r.item for r in figure_map.read(ROOT)]
        self.assertEqual(sorted(items), sorted(mapped), "the report and the README's figure map list other items")
        self.assertEqual(sorted(items), sorted(figure_map.FIGURES + figure_map.TABLES))
        self.assertEqual(items, catalogue.items(), "not in the seed report's order")
        self.assertEqual([i["item"] for i in page.items if "present" not in i["class"]], [], "all files exist here")
        for i in page.items:
            self.assertIn(catalogue.CAPTIONS[i["item"]], i["text"], "the report's caption is missing")
        self.assertEqual(page.sections, [f"{s.number}. {s.title}" for s in catalogue.SECTIONS])

    def test_every_image_is_its_figure_file_and_every_table_its_csv(self):
        page, entries = self.build()
        wanted = {f"figures/{n}.png" for n in self.files if not n.startswith("table")}
        self.assertEqual({i["data-file"] for i in page.images}, wanted)
        self.assertEqual(len(page.images), len(wanted), "an image is embedded twice")
        for img in page.images:
            head, _, data = img["src"].partition(",")
            self.assertEqual(head, "data:image/png;base64", f"{img['data-file']} is not embedded")
            with open(os.path.join(self.root, img["data-file"]), "rb") as f:
                self.assertEqual(base64.b64decode(data), f.read(), f"{img['data-file']}: other bytes in the report")
        tables = [t for i in page.items for t in i["tables"]]
        self.assertEqual({t["file"] for t in tables}, {f"figures/{n}.csv" for n in self.files if n.startswith("table")})
        for t in tables:
            with open(os.path.join(self.root, t["file"]), newline="") as f:
                self.assertEqual(t["rows"], list(csv.reader(f)), f"{t['file']}: cells differ (escaping?)")

    def test_the_reports_numbers_stand_beside_this_runs_read_from_the_saved_files(self):
        page, _ = self.build()
        self.assertEqual(page.number("Figure 14", "test accuracy"), ("67.11%", "83.78% (test, 900 images)"))
        self.assertEqual(page.number("Figure 11", "test accuracy"), ("61.94%", "76.22% (test, 900 images)"))
        self.assertEqual(page.number("Figure 9", "training accuracy"), ("66.54%", "73.18%"))
        self.assertEqual(page.number("Figure 12", "validation accuracy"), ("66.57%", "83.84%"))
        self.assertEqual(page.number("Figure 13", "Disgust F1"), ("0.70", "0.24"))
        self.assertEqual(page.number("Figure 10", "accuracy"), ("0.55", "0.76 (test, 900 images)"))
        self.assertEqual(page.number("Table 4", "custom model"), ("67.11%", "83.78% (test, 900 images)"))
        self.assertEqual(page.number("Table 2", "best validation accuracy"), ("not given", "0.782 (halving), 0.768 (random)"))
        self.assertEqual(page.number("Table 1", "augmentation parameters")[1], "Parameters/Range <1>; Parameters/Range 2")
        self.assertEqual(page.number("Figure 7", "parameters")[1], "4,701,423")
        # Table 2's best values: the report's column and this search's, as the notebook saved them
        table2 = page.item("Table 2")["tables"][0]["rows"]
        self.assertEqual(table2[0], TABLE_COLUMNS["table02-hyperparameter-search"])

    def test_part_level_numbers_give_the_split_and_the_dataset_size(self):
        path, _ = report.build(self.root)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.assertRegex(text, r"22,968 / 5,741 / 7,178</td><td class=\"run\">2,882 / 718 / 900</td>")
        self.assertRegex(text, r"35,887</td><td class=\"run\">4,500</td>")

    def test_a_figure_removed_from_figures_is_listed_as_missing_with_its_command(self):
        os.remove(self.files["fig11-default-confusion-matrix"])
        page, entries = self.build()
        fig11 = page.item("Figure 11")
        self.assertIn("missing", fig11["class"])
        self.assertIn("MISSING from the last run", fig11["text"])
        self.assertIn("figures/fig11-default-confusion-matrix.png does not exist", fig11["text"])
        self.assertIn("environment/fer run 05", fig11["text"])
        self.assertEqual(fig11["images"], [])
        self.assertEqual([e.item for e in entries if e.status != "present"], ["Figure 11"])
        self.assertIn(catalogue.CAPTIONS["Figure 11"], fig11["text"], "a missing figure keeps its place and caption")

    def test_a_figure_without_a_manifest_row_or_a_metric_file_is_named(self):
        manifest = os.path.join(self.root, "figures", "manifest.csv")
        with open(manifest) as f:
            lines = [l for l in f if not l.startswith("fig17-saliency,")]
        with open(manifest, "w") as f:
            f.writelines(lines)
        os.remove(os.path.join(self.root, "runs", "eval-custom-vgg16-quick-test", "evaluation.json"))
        page, _ = self.build()
        self.assertIn("figures/fig17-saliency.png has no row in figures/manifest.csv", page.item("Figure 17")["text"])
        report_value, run_value = page.number("Figure 14", "test accuracy")
        self.assertEqual((report_value, run_value), ("67.11%", "not saved by this run"))
        source = [r for r in page.item("Figure 14")["numbers"] if r[0] == "test accuracy"][0][3]
        self.assertIn("runs/eval-custom-vgg16-quick-test/evaluation.json", source, "say where the number was looked for")

    def test_figures_drawn_before_the_run_are_marked_not_from_it(self):
        manifest = os.path.join(self.root, "figures", "manifest.csv")
        with open(manifest) as f:
            text = f.read().replace(f"fig04-samples,fig04-samples,synthetic FER,quick,,01-eda,{stamp(NOW)}",
                                    "fig04-samples,fig04-samples,synthetic FER,quick,,01-eda,2026-01-01T00:00:00Z")
        with open(manifest, "w") as f:
            f.write(text)
        page, entries = self.build(since=stamp(NOW - datetime.timedelta(minutes=5)))
        self.assertEqual([(e.item, e.status) for e in entries if e.status != "present"], [("Figure 4", "stale")])
        self.assertIn("before this run", page.item("Figure 4")["text"])

    def test_the_command_line_says_what_is_wrong_in_one_line_and_exits_2(self):
        for args, says in [(["--since", "yesterday"], "--since 'yesterday'"),
                           (["--root", tempfile.gettempdir() + "/no-such-fer-project"], "README.md"),
                           (["--preview-pages", "0"], "--preview-pages")]:
            r = subprocess.run([FER, "report", *args], capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 2, f"{args}: {r.stderr}")
            self.assertEqual(len(r.stderr.strip().splitlines()), 1, f"{args}: not one line: {r.stderr}")
            self.assertIn(says, r.stderr)
            self.assertNotIn("Traceback", r.stderr)

    def test_the_command_line_writes_the_report_where_told(self):
        out = os.path.join(self.root, "elsewhere")
        r = subprocess.run([FER, "report", "--root", self.root, "--out", out], capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("22 of 22 figures and tables from the last run", r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(out, "report.html")))
        self.assertFalse(os.path.exists(os.path.join(self.root, "figures", "report.html")))

    def test_a_run_written_under_fer_output_is_read_from_there(self):
        out = os.path.join(self.root, "elsewhere")  # FER_OUTPUT: figures/, models/, runs/ under another folder
        os.makedirs(out)
        for d in ("figures", "models", "runs"):
            shutil.move(os.path.join(self.root, d), os.path.join(out, d))
        r = subprocess.run([FER, "report", "--root", self.root], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, FER_OUTPUT=out))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("22 of 22 figures and tables from the last run", r.stderr)
        with open(os.path.join(out, "figures", "report.html"), encoding="utf-8") as f:
            page = Page(f.read())
        self.assertEqual(page.number("Figure 14", "test accuracy")[1], "83.78% (test, 900 images)")

    @unittest.skipUnless(os.path.isfile(SEED), f"the seed report is not at {SEED}")
    def test_captions_and_numbers_are_the_seed_reports(self):
        with open(SEED, encoding="utf-8") as f:
            seed = f.read()
        lines = {l.strip() for l in seed.splitlines()}
        for item, caption in catalogue.CAPTIONS.items():
            self.assertIn(caption, lines, f"{item}: caption not a line of the seed report")
        measures = [m for ms in catalogue.MEASURES.values() for m in ms]
        measures += [m for s in catalogue.SECTIONS for p in s.parts for m in p.measures]
        for m in measures:
            for number in re.findall(r"\d(?:[\d,.]*\d)?%?", m.report or ""):
                self.assertTrue(number in seed, f"{m.label}: the report gives no {number}")


def tool(name):
    path = shutil.which(name)
    if name == "chromium":
        try:
            path = report.chromium()
        except report.ReportError:
            path = None
    if not path:
        if IN_CI:
            raise AssertionError(f"{name} is not installed (CI installs chromium and poppler-utils: .ci/run)")
        raise unittest.SkipTest(f"{name} is not installed (Debian: apt-get install chromium poppler-utils)")
    return path


def pdf_pages_text(pdf):
    """The text of each page (poppler's pdftotext, layout kept)."""
    out = []
    for p in range(1, report.pdf_pages(pdf) + 1):
        r = subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"],
                           capture_output=True, text=True, check=True)
        out.append(r.stdout)
    return out


def section_problems(pdf):
    """What is wrong with the PDF's pages: not A4, a section not starting a page of its own, out of order."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    problems = [] if abs(w - 595.3) < 2 and abs(h - 841.9) < 2 else [f"page size {w} x {h} pts, not A4"]
    pages = pdf_pages_text(pdf)
    if len(pages) < 1 + len(catalogue.SECTIONS):
        problems.append(f"{len(pages)} pages: fewer than the front page + {len(catalogue.SECTIONS)} sections")
    starts = []
    for s in catalogue.SECTIONS:
        heading = f"{s.number}. {s.title}"
        found = [i for i, text in enumerate(pages) if heading in text]
        if not found:
            problems.append(f"section heading {heading!r} on no page")
            continue
        lead = [l.strip() for l in pages[found[0]].splitlines() if l.strip()][0]
        if lead != heading:
            problems.append(f"page {found[0] + 1} does not start with {heading!r} but {lead!r}")
        starts.append(found[0])
    if starts != sorted(set(starts)) or (starts and starts[0] == 0):
        problems.append(f"sections start on pages {[p + 1 for p in starts]}: shared, out of order or on the front page")
    return problems


def image_sizes_problem(pdf, page):
    """None when the PDF holds exactly the report's images, at their pixel sizes (Chromium decoded and placed each)."""
    r = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True)
    placed = sorted((int(x[3]), int(x[4])) for x in (l.split() for l in r.stdout.splitlines()[2:] if l.strip())
                    if x[2] == "image")
    embedded = sorted(report.png_size(base64.b64decode(i["src"].split(",", 1)[1])[:24]) for i in page.images)
    return None if placed == embedded else f"images in the PDF {placed} != embedded {embedded}"


class ReportPdfTest(unittest.TestCase):
    """The PDF as Chromium prints it, read back with poppler (pdfinfo, pdftotext, pdfimages, pdftoppm)."""

    @classmethod
    def setUpClass(cls):
        for t in ("chromium", "pdfinfo", "pdftotext", "pdfimages", "pdftoppm"):
            tool(t)
        cls.root = tempfile.mkdtemp(prefix="fer-report-pdf-test-")
        cls.files = make_run(cls.root)
        os.remove(cls.files["fig16-misclassified"])
        cls.html, _ = report.build(cls.root)
        cls.pdf = report.print_pdf(cls.html, os.path.join(cls.root, "figures", "report.pdf"))
        with open(cls.html, encoding="utf-8") as f:
            cls.page = Page(f.read())

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def test_a4_and_each_section_starts_a_page_of_its_own(self):
        self.assertEqual(section_problems(self.pdf), [])

    def test_chromium_placed_every_embedded_image(self):
        self.assertGreater(len(self.page.images), 15)
        self.assertIsNone(image_sizes_problem(self.pdf, self.page))

    def test_the_missing_figure_is_in_the_pdf_too(self):
        text = "\n".join(pdf_pages_text(self.pdf))
        self.assertIn("MISSING from the last run", text)
        self.assertIn("fig16-misclassified.png does not exist", text)

    def test_the_first_page_renders_and_the_preview_shows_the_first_pages(self):
        prefix = os.path.join(self.root, "page")
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile", self.pdf, prefix], check=True)
        with open(prefix + ".png", "rb") as f:
            w, h = report.png_size(f.read(24))
        self.assertAlmostEqual(h / w, 297 / 210, delta=0.02)
        out = report.preview(self.pdf, os.path.join(self.root, "preview.png"), pages=2, dpi=30)
        with open(out, "rb") as f:
            pw, ph = report.png_size(f.read(24))
        self.assertGreater(pw, 2 * w, "two pages side by side")
        self.assertGreaterEqual(ph, h)


if __name__ == "__main__":
    unittest.main()
