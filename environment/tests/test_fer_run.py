"""`fer run` against the real kernel: charts and tables come back, failures stop and name the
cell, Ctrl-C leaves no kernel JVM behind. Throwaway notebooks live in a temp dir
(FER_NOTEBOOKS_DIR), so notebooks/ is never touched."""
import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from support import (FER, ROOT, code, fer_env, library_has_class, markdown, new_mark, outputs,
                     processes_with_mark, read_notebook, run_fer, text_of, wait_no_marked_processes,
                     write_notebook)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def chart_and_table_cells():
    if library_has_class("fer.viz.Display"):
        show_html = "var tableId = fer.viz.Display.html(html.toString());"
    else:  # before fer.viz is merged: rapaio's own display(mime, content)
        show_html = 'var tableId = display("text/html", html.toString());'
    return [
        markdown("# Smoke test: library, chart and table"),
        code('System.out.println("profile=" + System.getenv("FER_PROFILE"));'),
        code("import org.nd4j.linalg.factory.Nd4j;\n"
             "var a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});\n"
             'System.out.println("mmul-sum=" + a.mmul(a.transpose()).sumNumber().doubleValue());'),
        code("import org.knowm.xchart.*;\n"
             'var chart = new XYChartBuilder().width(320).height(240).title("squares").build();\n'
             'chart.addSeries("y", new double[] {1, 2, 3, 4}, new double[] {1, 4, 9, 16});\n'
             "var chartId = display(BitmapEncoder.getBufferedImage(chart));"),
        code("import tech.tablesaw.api.*;\n"
             'var t = Table.create("emotions").addColumns(\n'
             '    StringColumn.create("emotion", "happy", "sad"), IntColumn.create("n", 8989, 6077));\n'
             'var html = new StringBuilder("<table class=\\"fer-smoke\\"><tr><th>emotion</th><th>n</th></tr>");\n'
             "for (var row : t) {\n"
             '    html.append("<tr><td>").append(row.getString("emotion")).append("</td><td>")\n'
             '        .append(row.getInt("n")).append("</td></tr>");\n'
             "}\n"
             'html.append("</table>");\n' + show_html),
    ]


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read()
    except OSError:
        return b""


class FerRunTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="fer-run-test-")
        self.mark = new_mark()

    def tearDown(self):
        for pid in processes_with_mark(self.mark):  # never leave a kernel behind, even on failure
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_notebook_gets_chart_png_and_table_html(self):
        nb = os.path.join(self.dir, "01-smoke.ipynb")
        write_notebook(nb, chart_and_table_cells())
        r = run_fer(["run", "--profile", "paper"], fer_env(self.dir, self.mark))
        self.assertEqual(r.returncode, 0, f"fer run failed:\n{r.stdout}\n{r.stderr}")
        self.assertRegex(r.stderr, r"01-smoke\.ipynb\s+ok\s+[0-9.]+ s", "no per-notebook time line")
        done = read_notebook(nb)
        text = text_of(done)
        self.assertIn("profile=paper", text, "FER_PROFILE did not reach the kernel")
        self.assertIn("mmul-sum=52.0", text, "the library's ND4J backend did not compute in the kernel")
        pngs = [o["data"]["image/png"] for o in outputs(done) if "image/png" in o.get("data", {})]
        self.assertEqual(len(pngs), 1, "expected one image/png output (the XChart chart)")
        png = base64.b64decode("".join(pngs[0]) if isinstance(pngs[0], list) else pngs[0])
        self.assertTrue(png.startswith(PNG_MAGIC), "image/png output is not a PNG")
        self.assertGreater(len(png), 1000, "chart PNG suspiciously small")
        htmls = ["".join(h) if isinstance(h, list) else h
                 for h in (o["data"]["text/html"] for o in outputs(done) if "text/html" in o.get("data", {}))]
        self.assertTrue(any('class="fer-smoke"' in h and "<td>8989</td>" in h for h in htmls),
                        f"no text/html output with the Tablesaw rows; got {htmls!r}")
        self.assertEqual(wait_no_marked_processes(self.mark), [], "kernel JVM left running after fer run")
        # the executed notebook also as HTML for readers, outputs embedded (where `fer report` links)
        exported = os.path.join(self.dir, "html", "01-smoke.html")
        self.assertTrue(os.path.isfile(exported), f"no HTML copy of the executed notebook:\n{r.stderr}")
        with open(exported, encoding="utf-8") as f:
            page = f.read()
        self.assertIn("data:image/png;base64," + "".join(pngs[0]).strip().replace("\n", ""), page.replace("\n", ""),
                      "the chart is not embedded in the HTML copy")
        self.assertIn('class="fer-smoke"', page, "the table is not in the HTML copy")
        self.assertIn("mmul-sum=52.0", page, "the printed output is not in the HTML copy")
        self.assertRegex(r.stderr, r"01-smoke\.ipynb\s+ok\s+[0-9.]+ s\s+\(HTML [0-9.]+ s\)")

    def test_committed_notebooks_carry_no_outputs(self):
        # `fer run` executes notebooks in place; what is committed must stay stripped (`fer strip`)
        r = subprocess.run(["git", "-C", ROOT, "ls-files", "notebooks/*.ipynb"], capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest("not a git checkout")
        names = r.stdout.split()
        self.assertTrue(names, "no committed notebooks")
        for name in names:
            shown = subprocess.run(["git", "-C", ROOT, "show", f"HEAD:{name}"], capture_output=True, text=True)
            if shown.returncode != 0:
                continue  # added but not committed yet
            nb = json.loads(shown.stdout)
            dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                     and (c.get("outputs") or c.get("execution_count") is not None)]
            self.assertEqual(dirty, [], f"{name} is committed with outputs in cells {dirty}: run `environment/fer strip`")

    def test_failing_cell_stops_the_run_and_is_named(self):
        write_notebook(os.path.join(self.dir, "01-first.ipynb"), [code('System.out.println("first ran");')])
        write_notebook(os.path.join(self.dir, "02-broken.ipynb"), [
            markdown("a markdown cell counts as cell 1"),
            code('System.out.println("before");'),
            code('if (true) throw new IllegalStateException("boom-from-cell-3");'),
            code('System.out.println("after");'),
        ])
        third = os.path.join(self.dir, "03-never.ipynb")
        write_notebook(third, [code('System.out.println("third ran");')])
        r = run_fer(["run"], fer_env(self.dir, self.mark))
        self.assertNotEqual(r.returncode, 0, "fer run succeeded despite a failing cell")
        self.assertIn("02-broken.ipynb failed at cell 3 (code cell 2)", r.stderr, r.stderr)
        self.assertIn("boom-from-cell-3", r.stderr, "the exception message is not shown")
        self.assertIn("first ran", text_of(read_notebook(os.path.join(self.dir, "01-first.ipynb"))))
        self.assertEqual(outputs(read_notebook(third)), [], "the notebook after the failure was run")
        self.assertEqual(wait_no_marked_processes(self.mark), [], "kernel JVM left running after a failure")

    # Ctrl-C stops the run in ~3 s (TERM, 3 s grace, KILL); the bound leaves room for a loaded machine.
    INTERRUPT_BOUND_S = 20

    def test_interrupt_stops_the_run_and_its_kernel(self):
        # fer run is started with SIGINT ignored, as a background job of a non-interactive shell is
        # (a CI script running it beside another job, or this suite launched with `&`): bash cannot
        # trap a signal ignored on entry, so fer must reset it itself. This is how the test once
        # timed out "under load": the suite had been started in the background.
        write_notebook(os.path.join(self.dir, "01-slow.ipynb"), [
            code('System.out.println("started"); Thread.sleep(120_000);')])
        p = subprocess.Popen([FER, "run"], env=fer_env(self.dir, self.mark),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
        try:
            deadline = time.monotonic() + 180  # kernel start: ~3 s idle, far more under load
            # the kernel JVM gets -Dfer.project.root from kernel.json (mvn and other JVMs of the
            # set-up step do not count)
            while not any(b"-Dfer.project.root=" in cmdline(pid) for pid in processes_with_mark(self.mark)):
                self.assertLess(time.monotonic(), deadline, "kernel never started")
                self.assertIsNone(p.poll(), "fer run ended before the kernel started")
                time.sleep(0.3)
            time.sleep(3)  # let the cell start
            p.send_signal(signal.SIGINT)  # what Ctrl-C delivers to the launcher
            t0 = time.monotonic()
            try:
                _, err = p.communicate(timeout=3 * self.INTERRUPT_BOUND_S)
            except subprocess.TimeoutExpired:
                self.fail(f"fer run still running {3 * self.INTERRUPT_BOUND_S} s after SIGINT")
            took = time.monotonic() - t0
        finally:
            if p.poll() is None:
                p.kill()
                p.communicate()
        self.assertEqual(p.returncode, 130, err)
        self.assertIn("interrupted: stopping the notebook and its kernel", err)
        self.assertLess(took, self.INTERRUPT_BOUND_S, f"fer run took {took:.1f} s to stop after SIGINT")
        self.assertEqual(wait_no_marked_processes(self.mark), [], "kernel JVM survived Ctrl-C")

    def test_kernel_that_does_not_start_in_time_is_retried_once(self):
        # A kernelspec whose process never answers (it only sleeps), in a JUPYTER_PATH folder of this test:
        # both tries time out however fast the machine starts a real kernel (the Java one can start
        # within 1 s here, so a short time-out on it proved nothing).
        spec_dir = os.path.join(self.dir, "jupyter", "kernels", "fer-test-silent")
        os.makedirs(spec_dir)
        with open(os.path.join(spec_dir, "kernel.json"), "w") as f:
            json.dump({"argv": ["sleep", "600"], "display_name": "never answers", "language": "java"}, f)
        write_notebook(os.path.join(self.dir, "01-any.ipynb"), [code("int x = 1;")])
        r = run_fer(["run"], fer_env(self.dir, self.mark, FER_STARTUP_TIMEOUT="2", FER_KERNEL_NAME="fer-test-silent",
                                     JUPYTER_PATH=os.path.join(self.dir, "jupyter")))
        self.assertNotEqual(r.returncode, 0, r.stderr)
        self.assertIn("kernel 'fer-test-silent'", r.stderr, "fer run did not use the kernel FER_KERNEL_NAME names")
        self.assertIn("kernel did not start in 2s; restarting it once", r.stderr)
        self.assertIn("did not start twice", r.stderr)
        self.assertEqual(wait_no_marked_processes(self.mark), [], "kernel process left after start time-outs")

    def test_unknown_notebook_is_a_clear_error(self):
        r = run_fer(["run", "42"], fer_env(self.dir, self.mark), timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("notebook '42': 0 matches", r.stderr)


if __name__ == "__main__":
    unittest.main()
