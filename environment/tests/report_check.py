"""The report `environment/fer test` builds from its own notebook run, checked.

Not a `test_*.py` module: it needs the study's notebooks to have run and `fer report --pdf --since START` to
have written figures/report.html and report.pdf, so `fer test` runs it last, with FER_FIGURES_SINCE set to the
run's start. Standalone, after `environment/fer run` and `environment/fer report --pdf`:
  /usr/bin/python3 environment/tests/run_tests.py report_check.py

Checks: every figure and table of the README's figure map (the parser the figure-map check uses) is in the
report, drawn by this run (none missing or stale); every embedded image is the bytes of its file under
figures/; the PDF is A4, each section starts a page of its own, and Chromium placed every image.
"""
import base64
import os
import unittest

from support import ROOT
import figure_map
from test_report import Page, image_sizes_problem, section_problems, tool

FIGURES = os.path.join(ROOT, "figures")


class ReportCheck(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.html, cls.pdf = os.path.join(FIGURES, "report.html"), os.path.join(FIGURES, "report.pdf")
        since = os.environ.get("FER_FIGURES_SINCE")
        for path in (cls.html, cls.pdf):
            if not os.path.isfile(path):
                raise AssertionError(f"{path} missing: run `environment/fer report --pdf` first")
        with open(cls.html, encoding="utf-8") as f:
            cls.page = Page(f.read())
        cls.since = since

    def test_every_item_of_the_figure_map_is_in_the_report_from_this_run(self):
        mapped = [r.item for r in figure_map.read(ROOT)]
        self.assertEqual(sorted(i["item"] for i in self.page.items), sorted(mapped))
        bad = [f"{i['item']} ({i['class']}): {' '.join(i['text'].split())[:300]}"
               for i in self.page.items if i["class"] != "item present"]
        self.assertEqual(bad, [], "\n  " + "\n  ".join(bad))

    def test_every_image_is_the_bytes_of_its_figure_file(self):
        self.assertTrue(self.page.images, "no image in the report")
        for img in self.page.images:
            head, _, data = img["src"].partition(",")
            self.assertEqual(head, "data:image/png;base64", img.get("data-file"))
            with open(os.path.join(ROOT, img["data-file"]), "rb") as f:
                self.assertEqual(base64.b64decode(data), f.read(), img["data-file"])

    def test_the_pdf_is_a4_with_a_page_per_section_and_every_image_placed(self):
        for t in ("pdfinfo", "pdftotext", "pdfimages"):
            tool(t)
        self.assertEqual(section_problems(self.pdf), [])
        self.assertIsNone(image_sizes_problem(self.pdf, self.page))


if __name__ == "__main__":
    unittest.main()
