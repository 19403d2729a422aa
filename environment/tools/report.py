"""`fer report`: the seed report's Sections 2 and 4-8 regenerated from the last notebook run.

Writes OUT/report.html (default OUT = figures/), self-contained: every figure of the README's figure map
embedded as a data URI, every table rendered from its CSV, each beside the report's caption and the numbers
the report gives, with this run's numbers (and the file each was read from), the dataset and profile it came
from, the notebook that drew it (linked to its executed HTML, which `fer run` exports) and the command that
regenerates it. A figure or table the run did not leave behind is listed as missing, in its place and at the
top. --pdf prints it with headless Chromium (A4, each section from a new page); --preview renders the first
pages of that PDF side by side into one PNG (docs/img/).

Usage: report.py [--root DIR] [--out DIR] [--since UTC] [--pdf] [--preview PNG] [--preview-pages N]
"""
import argparse
import base64
import csv
import datetime
import fnmatch
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections import Counter, namedtuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figure_map  # noqa: E402  (the README's map: one parser, shared with the figure-map check)
import report_catalogue as catalogue  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# What the report found for one figure or table. status: "present", "stale" (drawn before --since) or
# "missing"; files: [Artefact]; problems: why it is missing or stale, one line each.
Entry = namedtuple("Entry", "item row status files problems")
# kind: "image" or "table"; name: figure name; path: the file; row: its manifest row (dict); extra: matched by a
# pattern of the map (`hpo-*`: the notebook's charts beside the table), drawn smaller
Artefact = namedtuple("Artefact", "kind name path row extra")


class ReportError(Exception):
    """Bad input (no figure map, a broken manifest, no Chromium): one line for the user, exit 2."""


def anchor(item):
    return item.lower().replace(" ", "-")


def utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def read_manifest(figures):
    path = os.path.join(figures, "manifest.csv")
    if not os.path.isfile(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if rows and "figure" not in rows[0]:
        raise ReportError(f"{path}: line 1 should be the header 'figure,title,...'")
    return {r["figure"]: r for r in rows}


def resolve(row, figures, manifest, since):
    """Entry for one figure-map row: each file it names (patterns through the manifest) found or not."""
    problems, found = [], []
    if not row.files:
        problems.append("the README's figure map names no file for it")
    for name in row.files:
        names = sorted(n for n in manifest if fnmatch.fnmatchcase(n, name)) if "*" in name else [name]
        if not names:
            problems.append(f"no figure matching {name} in figures/manifest.csv")
        for n in names:
            kind, path = ("table", os.path.join(figures, n + ".csv")) if n.startswith("table") \
                else ("image", os.path.join(figures, n + ".png"))
            rel = "figures/" + os.path.basename(path)
            if not os.path.isfile(path):
                problems.append(f"{rel} does not exist")
            elif n not in manifest:
                problems.append(f"{rel} has no row in figures/manifest.csv")
            else:
                found.append(Artefact(kind, n, path, manifest[n], "*" in name))
    status = "missing" if problems else "present"
    if status == "present" and since:
        old = [a for a in found if not a.row.get("created_utc") or utc(a.row["created_utc"]) < utc(since)]
        if old:
            status = "stale"
            problems += [f"figures/{os.path.basename(a.path)} was drawn {a.row.get('created_utc') or '(no date)'}, "
                         f"before this run ({since})" for a in old]
    return Entry(row.item, row, status, found, problems)


def run_profile(entries):
    """The profile most of the run's figures name (the study's model files are named after it)."""
    profiles = Counter(a.row.get("profile", "") for e in entries for a in e.files)
    profiles.pop("", None)
    return profiles.most_common(1)[0][0] if profiles else "quick"


def build(root=ROOT, out=None, since=None, notebooks_html=None, output=None):
    """Writes OUT/report.html; returns (path, entries in report order). The run's figures/, models/ and runs/ are
    under OUTPUT (FER_OUTPUT, as the library's Workspace reads it; default ROOT); the figure map is ROOT's README."""
    output = output or os.environ.get("FER_OUTPUT") or root
    figures = os.path.join(output, "figures")
    out = out or figures
    notebooks_html = notebooks_html or os.environ.get("FER_NOTEBOOKS_HTML") or os.path.join(output, "runs", "notebooks")
    try:
        rows = figure_map.read(root)
    except (OSError, ValueError) as e:
        raise ReportError(str(e)) from None
    by_item = {r.item: r for r in rows}
    unknown = sorted(set(by_item) - set(catalogue.items()))
    absent = [i for i in catalogue.items() if i not in by_item]
    if unknown:
        raise ReportError(f"README.md figure map lists {', '.join(unknown)}, which the seed report does not have")
    manifest = read_manifest(figures)
    entries = {}
    for item in catalogue.items():
        row = by_item.get(item) or figure_map.Row(item, "(not in the README's figure map)", None, [], None)
        entries[item] = resolve(row, figures, manifest, since)
        if item in absent:
            entries[item].problems.insert(0, "the README's figure map has no row for it")
    run = catalogue.RunData(output, figures, manifest, run_profile(entries.values()))
    os.makedirs(out, exist_ok=True)
    page = render(entries, run, out, notebooks_html, since, git_commit(root))
    path = os.path.join(out, "report.html")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, path)
    return path, [entries[i] for i in catalogue.items()]


# ---------------------------------------------------------------- HTML

CSS = """
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #1d2329; max-width: 184mm; margin: 0 auto; }
h1 { font-size: 20pt; margin: 0 0 4pt 0; } h2 { font-size: 15pt; border-bottom: 1.5pt solid #3c4650; padding-bottom: 3pt; }
h3 { font-size: 12pt; margin: 14pt 0 6pt 0; color: #3c4650; break-after: avoid; page-break-after: avoid; }
section.chapter { break-before: page; }
figure.item { margin: 10pt 0 16pt 0; break-inside: avoid; }
figure.item img { display: block; max-width: 100%; max-height: 125mm; margin: 4pt auto; border: 0.5pt solid #ddd; }
figure.item .extras { display: flex; flex-wrap: wrap; gap: 3mm; justify-content: center; }
figure.item .extras img { max-width: 48%; max-height: 80mm; margin: 0; }
figcaption { margin: 4pt 0; } .caption { font-weight: bold; } .what { color: #444; }
table { border-collapse: collapse; font-size: 9pt; margin: 4pt 0; }
th, td { border: 0.5pt solid #b9c0c7; padding: 2pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef2f6; } table.numbers td.run { font-weight: bold; } td.none { color: #888; font-style: italic; }
.source { color: #667; font-size: 7.5pt; } p.prov { color: #445; font-size: 8.5pt; margin: 3pt 0; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; background: #f3f5f7; padding: 0 2pt; }
.missing-box { border: 1.5pt solid #b3261e; background: #fdecea; color: #7a1a14; padding: 8pt; margin: 4pt 0; }
.stale-box { border: 1.5pt solid #a36a00; background: #fff4dc; padding: 6pt; margin: 4pt 0; }
.status-missing { color: #b3261e; font-weight: bold; } .status-stale { color: #a36a00; font-weight: bold; }
.status-present { color: #1e6b2e; } table.contents td { padding: 1pt 5pt; }
.lead { color: #333; font-size: 10pt; }
"""


def esc(text):
    return html.escape(str(text), quote=True)


def markdown_inline(text):
    """The figure map's cell text: `code` kept, [links](#...) as their words (they point into the README)."""
    out = esc(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text))
    return re.sub(r"`([^`]*)`", r"<code>\1</code>", out)


def png_size(data):
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def image_html(a):
    with open(a.path, "rb") as f:
        data = f.read()
    if png_size(data) is None:
        raise ReportError(f"{a.path}: not a PNG file")
    uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    return (f'<img src="{uri}" data-file="figures/{esc(os.path.basename(a.path))}" '
            f'alt="{esc(a.row.get("title", a.name))}">')


def table_html(a):
    with open(a.path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise ReportError(f"{a.path}: empty table (no header row)")
    head = "".join(f"<th>{esc(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows[1:])
    return f'<table class="artefact" data-file="figures/{esc(os.path.basename(a.path))}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def measures_html(measures, run):
    if not measures:
        return ""
    lines = []
    for m in measures:
        v = m.run(run)
        report = f"<td>{esc(m.report)}</td>" if m.report else '<td class="none">not given</td>'
        mine = f'<td class="run">{esc(v.text)}</td>' if v.text else '<td class="none">not saved by this run</td>'
        lines.append(f"<tr><td>{esc(m.label)}</td>{report}{mine}<td class='source'>{esc(v.source)}</td></tr>")
    return ('<table class="numbers"><thead><tr><th></th><th>the report</th><th>this run</th><th>read from</th>'
            "</tr></thead><tbody>" + "".join(lines) + "</tbody></table>")


def notebook_link(nb, out, notebooks_html):
    if not nb:
        return "no notebook named in the figure map"
    exported = os.path.join(notebooks_html, nb + ".html")
    if os.path.isfile(exported):
        return (f'notebook <a href="{esc(os.path.relpath(exported, out))}"><code>{esc(nb)}</code></a> '
                "(as executed in the last run)")
    return f"notebook <code>{esc(nb)}</code> (no executed copy yet: <code>environment/fer run {esc(nb[:2])}</code> exports one)"


def provenance_html(e, out, notebooks_html):
    datasets = sorted({a.row.get("dataset", "") for a in e.files} - {""})
    profiles = sorted({a.row.get("profile", "") for a in e.files} - {""})
    drawn = sorted({a.row.get("created_utc", "") for a in e.files} - {""})
    headlines = [a.row["headline"] for a in e.files if a.row.get("headline")]
    parts = [f"dataset: <b>{esc(', '.join(datasets) or '?')}</b>", f"profile: <b>{esc(', '.join(profiles) or '?')}</b>"]
    if headlines:
        parts.append("headline: " + esc("; ".join(headlines)))
    if drawn:
        parts.append("drawn " + esc(drawn[-1]))
    parts.append(notebook_link(e.row.notebook, out, notebooks_html))
    if e.row.regenerate:
        parts.append(f"regenerate: <code>{esc(e.row.regenerate)}</code>")
    return '<p class="prov">' + " · ".join(parts) + "</p>"


def entry_html(e, run, out, notebooks_html):
    caption = catalogue.CAPTIONS[e.item]
    body = []
    if e.status == "missing":
        body.append(f'<div class="missing-box"><b>MISSING from the last run.</b> '
                    + "; ".join(esc(p) for p in e.problems)
                    + (f'. Regenerate: <code>{esc(e.row.regenerate)}</code>' if e.row.regenerate else "") + "</div>")
    elif e.status == "stale":
        body.append('<div class="stale-box"><b>Not from this run:</b> ' + "; ".join(esc(p) for p in e.problems) + "</div>")
    for a in e.files:
        if not a.extra:
            body.append(image_html(a) if a.kind == "image" else table_html(a))
    extras = [image_html(a) if a.kind == "image" else table_html(a) for a in e.files if a.extra]
    if extras:
        body.append('<div class="extras">' + "".join(extras) + "</div>")
    return (f'<figure class="item {e.status}" id="{anchor(e.item)}" data-item="{esc(e.item)}">'
            + "".join(body)
            + f'<figcaption><span class="caption">{esc(caption)}</span> <span class="what">(this project: '
            + markdown_inline(e.row.what) + ")</span></figcaption>"
            + measures_html(catalogue.MEASURES.get(e.item, []), run)
            + provenance_html(e, out, notebooks_html) + "</figure>")


def git_commit(root):
    try:
        r = subprocess.run(["git", "-C", root, "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=10)
        return r.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def summary_html(entries, run, since, commit):
    present = [e for e in entries.values() if e.status == "present"]
    files = [a for e in entries.values() for a in e.files]
    datasets = Counter(a.row.get("dataset", "?") for a in files)
    drawn = sorted(a.row.get("created_utc", "") for a in files if a.row.get("created_utc"))
    rows = [("figures and tables", f"{len(present)} of {len(entries)} from the last run"
             + (f" (drawn since {since})" if since else "")),
            ("profile", run.profile), ("datasets", ", ".join(f"{d} ({n})" for d, n in datasets.most_common()) or "none"),
            ("drawn", f"{drawn[0]} … {drawn[-1]}" if drawn else "nothing"),
            ("code", commit),
            ("this page", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
             + " by environment/fer report")]
    out = ['<table class="run-summary">' + "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows) + "</table>"]
    bad = [e for e in entries.values() if e.status != "present"]
    if bad:
        out.append('<div class="missing-box"><b>' + f"{len(bad)} of {len(entries)} not from the last run:</b><ul>"
                   + "".join(f'<li><a href="#{anchor(e.item)}">{esc(e.item)}</a>: {e.status} — '
                             + esc("; ".join(e.problems)) + (f" (<code>{esc(e.row.regenerate)}</code>)" if e.row.regenerate else "")
                             + "</li>" for e in bad) + "</ul></div>")
    return "".join(out)


def contents_html(entries):
    lines = []
    for s in catalogue.SECTIONS:
        for p in s.parts:
            for item in p.items:
                e = entries[item]
                lines.append(f'<tr><td>{esc(p.number or s.number)}</td><td><a href="#{anchor(item)}">{esc(catalogue.CAPTIONS[item])}</a></td>'
                             f'<td class="status-{e.status}">{e.status}</td></tr>')
    return '<table class="contents"><thead><tr><th>§</th><th>figure / table</th><th>last run</th></tr></thead><tbody>' \
        + "".join(lines) + "</tbody></table>"


def render(entries, run, out, notebooks_html, since, commit):
    parts = ['<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
             "<title>FER capstone report, regenerated</title><style>", CSS, "</style></head><body>",
             '<section class="front"><h1>Developing a CNN Model for Facial Expression Recognition — regenerated</h1>',
             '<p class="lead">The figures and tables of Martins &amp; Diesel (2024), Sections 2 and 4–8, as this project\'s '
             "last notebook run drew them, each beside the report's caption and the numbers the report gives. "
             "A number from the synthetic stand-in dataset shows the pipeline works; it is not a FER-2013 result.</p>",
             summary_html(entries, run, since, commit), contents_html(entries), "</section>"]
    for s in catalogue.SECTIONS:
        parts.append(f'<section class="chapter" id="section-{esc(s.number)}"><h2>{esc(s.number)}. {esc(s.title)}</h2>')
        for p in s.parts:
            if p.number:
                parts.append(f"<h3>{esc(p.number)} {esc(p.title)}</h3>")
            if p.measures:
                parts.append(measures_html(p.measures, run))
            for item in p.items:
                parts.append(entry_html(entries[item], run, out, notebooks_html))
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# ---------------------------------------------------------------- PDF and preview (headless Chromium)

def chromium():
    for name in [os.environ.get("FER_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]:
        if name and shutil.which(name):
            return shutil.which(name)
    raise ReportError("--pdf needs Chromium: install it (Debian: apt-get install chromium) or set FER_CHROMIUM")


def chromium_args(profile_dir):
    """Headless, sandbox off (root in CI), and off the network: no DNS, no background or update traffic."""
    return [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
            "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
            "--disable-domain-reliability", "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile_dir}"]


def run_chromium(extra, target, url):
    with tempfile.TemporaryDirectory(prefix="fer-report-chromium-") as profile:
        try:
            r = subprocess.run(chromium_args(profile) + extra + [url], capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            raise ReportError(f"chromium did not finish {os.path.basename(target)} in 300 s") from None
    if r.returncode != 0 or not os.path.isfile(target) or os.path.getsize(target) == 0:
        tail = (r.stderr.strip().splitlines() or ["no output"])[-1]
        raise ReportError(f"chromium wrote no {target} (exit {r.returncode}): {tail}")


def print_pdf(html_path, pdf_path):
    """The report as an A4 PDF (the page size and breaks come from the report's CSS)."""
    if os.path.exists(pdf_path):
        os.remove(pdf_path)
    run_chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf_path}"], pdf_path,
                 "file://" + os.path.abspath(html_path))
    return pdf_path


def pdf_pages(pdf_path):
    tool = shutil.which("pdfinfo")
    if not tool:
        return None
    r = subprocess.run([tool, pdf_path], capture_output=True, text=True, timeout=60)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    return int(m.group(1)) if m else None


def preview(pdf_path, png_path, pages=3, dpi=60):
    """The first PAGES pages of the PDF side by side in one PNG (poppler's pdftoppm renders, Chromium lays out)."""
    tool = shutil.which("pdftoppm")
    if not tool:
        raise ReportError("--preview needs pdftoppm (Debian: apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="fer-report-preview-") as tmp:
        subprocess.run([tool, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), pdf_path, os.path.join(tmp, "page")],
                       check=True, capture_output=True, timeout=120)
        shots = sorted(f for f in os.listdir(tmp) if f.endswith(".png"))
        if not shots:
            raise ReportError(f"pdftoppm rendered no page of {pdf_path}")
        sizes = []
        for s in shots:
            with open(os.path.join(tmp, s), "rb") as f:
                sizes.append(png_size(f.read(24)))
        gap = 16
        width = sum(w for w, _ in sizes) + gap * (len(sizes) + 1)
        height = max(h for _, h in sizes) + 2 * gap
        imgs = "".join(f'<img src="{s}" style="margin-left:{gap}px;box-shadow:0 1px 5px #7a8590">' for s in shots)
        page = os.path.join(tmp, "montage.html")
        with open(page, "w") as f:
            f.write(f'<!DOCTYPE html><html><body style="margin:0;padding:{gap}px 0;background:#d9dee3;'
                    f'display:flex;align-items:flex-start">{imgs}</body></html>')
        shot = os.path.join(tmp, "preview.png")
        run_chromium(["--hide-scrollbars", f"--window-size={width},{height}", f"--screenshot={shot}"], shot,
                     "file://" + page)
        os.makedirs(os.path.dirname(os.path.abspath(png_path)), exist_ok=True)
        shutil.copyfile(shot, png_path)
    return png_path


# ---------------------------------------------------------------- command line

class OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        print(f"fer: report: error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    ap = OneLineParser(prog="environment/fer report",
                       description="The report's figures and tables from the last run, as HTML (and PDF).")
    ap.add_argument("--out", help="folder for report.html / report.pdf (default: figures/)")
    ap.add_argument("--pdf", action="store_true", help="also print report.pdf with headless Chromium (A4)")
    ap.add_argument("--since", help="UTC time (ISO 8601) of the run: figures drawn before it are marked 'not from this run'")
    ap.add_argument("--preview", metavar="PNG", help="also render the PDF's first pages side by side into PNG (implies --pdf)")
    ap.add_argument("--preview-pages", type=int, default=3, metavar="N", help="pages in the preview (default 3)")
    ap.add_argument("--root", default=ROOT, help=argparse.SUPPRESS)  # a project folder other than this checkout (tests)
    a = ap.parse_args(argv)
    if a.since:
        try:
            utc(a.since)
        except ValueError:
            ap.error(f"--since '{a.since}' is not an ISO 8601 time such as 2026-12-01T15:47:00Z")
    if a.preview_pages < 1:
        ap.error("--preview-pages must be at least 1")
    try:
        path, entries = build(a.root, a.out and os.path.abspath(a.out), a.since)
        bad = [e.item for e in entries if e.status != "present"]
        print(f"fer: report: {os.path.relpath(path)}: {len(entries) - len(bad)} of {len(entries)} figures and tables "
              f"from the last run" + (f"; not from it: {', '.join(bad)}" if bad else ""), file=sys.stderr)
        if a.pdf or a.preview:
            pdf = print_pdf(path, os.path.splitext(path)[0] + ".pdf")
            pages = pdf_pages(pdf)
            print(f"fer: report: {os.path.relpath(pdf)}" + (f": {pages} pages, A4" if pages else ""), file=sys.stderr)
            if a.preview:
                print(f"fer: report: preview of the first pages: {os.path.relpath(preview(pdf, a.preview, a.preview_pages))}",
                      file=sys.stderr)
    except ReportError as e:
        print(f"fer: report: error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
