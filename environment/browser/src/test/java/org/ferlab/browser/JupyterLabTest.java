package org.ferlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.support.ui.Select;

/**
 * The researcher's UI as a user meets it: {@code environment/fer lab} (JupyterLab 4 from environment/.venv) in
 * headless Chromium. The server offers the project's kernel "Java" (API and Launcher); every study notebook
 * 01–07 is opened from the file browser, runs with the Java kernel from Run › Run All Cells, and shows no
 * error, only decoded images and rendered Tablesaw tables; then, in a notebook made from the Launcher's Java
 * card, Kernel › Interrupt stops a long cell and Kernel › Restart gives a fresh kernel, and the next cell answers
 * each time. A screenshot per notebook lands in {@code environment/browser/target/browser/}.
 *
 * <p>The notebooks are scratch copies. {@code environment/fer test} runs the notebooks headless before this
 * test, so 03 and 04 run here on {@link #SMALLER_SETTINGS}: they take the training runs and searches that run
 * finished from {@code runs/} instead of training again (alone, this test trains them in full).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JupyterLabTest {
    /**
     * The browser run's smaller settings, applied to the scratch copies: notebook -> {text of a line in its
     * parameter cell, what the browser run puts there}. The one place for them: a notebook whose parameter
     * cell no longer holds the text fails the test, naming it (parameter cells get reshaped; update this map).
     */
    static final Map<String, List<String[]>> SMALLER_SETTINGS = Map.of(
            // resume the finished run of notebook 03's default model (runs/<name>/) instead of discarding it and training
            // again; train the custom model afresh under a name of its own, so its live curves grow in the browser
            "03-transfer-learning", List.<String[]>of(new String[] {"boolean FRESH = true;", "boolean FRESH = false;"},
                    new String[] {"String CUSTOM_NAME = StudyModels.name(PROFILE, Architecture.CUSTOM);",
                            "String CUSTOM_NAME = StudyModels.name(PROFILE, Architecture.CUSTOM) + \\\"-browser\\\"; TrainingRun.discard(study.workspace(), CUSTOM_NAME);"}),
            // take the finished trials of both searches from their logs (runs/hpo-NAME-*/trials.jsonl)
            "04-hyperparameter-search", List.<String[]>of(new String[] {"boolean FRESH = true;", "boolean FRESH = false;"}));

    /** Where each notebook's screenshot is taken: the cell whose source holds this text (default: its first image). */
    private static final Map<String, String> SCREENSHOT_AT = Map.of(
            "05-evaluation", "### Figure 14 – Custom model confusion matrix");

    /** Run All of one notebook: 01 takes ~15 s, 06 ~35 s on an idle 2-core machine; CI may run beside a training job. */
    private static final Duration RUN_ALL = Duration.ofMinutes(20);
    private static final Path MANIFEST = FerLab.ROOT.resolve("figures/manifest.csv");

    private static FerLab lab;
    private static Browser browser;
    private static JupyterLabPage page;

    @BeforeAll
    static void startLabAndBrowser() throws Exception {
        Browser.requireBrowser();
        Path scratch = FerLab.scratchNotebooks();
        applySmallerSettings(scratch);
        lab = new FerLab(scratch, Map.of(), "--LabApp.expose_app_in_browser=True");
        // The Jupyter news toast ("get notified about official Jupyter news?") would cover the screenshots;
        // written as the user's answer "no" in this server's own config folder.
        Path settings = lab.configDir.resolve("lab/user-settings/@jupyterlab/apputils-extension");
        Files.createDirectories(settings);
        Files.writeString(settings.resolve("notification.jupyterlab-settings"),
                "{\"fetchNews\": \"false\", \"checkForUpdates\": false}\n");
        browser = new Browser("chromedriver-jupyterlab.log", 1500, 1000);
        page = new JupyterLabPage(browser);
        page.open(lab.url);
    }

    /** Applies {@link #SMALLER_SETTINGS} to the scratch copies; fails loudly when a line is not there once. */
    static void applySmallerSettings(Path scratch) throws Exception {
        for (var e : SMALLER_SETTINGS.entrySet()) {
            Path nb = scratch.resolve(e.getKey() + ".ipynb");
            assertTrue(Files.isRegularFile(nb), "SMALLER_SETTINGS names " + e.getKey() + ", which is not in notebooks/");
            String text = Files.readString(nb, StandardCharsets.UTF_8);
            for (String[] change : e.getValue()) {
                int n = text.split(java.util.regex.Pattern.quote(change[0]), -1).length - 1;
                if (n != 1) {
                    fail("notebooks/" + e.getKey() + ".ipynb holds '" + change[0] + "' " + n + " times, not once: its "
                            + "parameter cell changed; update JupyterLabTest.SMALLER_SETTINGS to its new parameter line");
                }
                text = text.replace(change[0], change[1]);
            }
            Files.writeString(nb, text, StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) browser.close();
        } finally {
            if (lab != null) {
                lab.close();
                Files.writeString(Browser.OUT.resolve("fer-lab-jupyterlab.log"), lab.log());
            }
        }
    }

    @Test
    @Order(1)
    void labServesTheJavaKernelAndTheLauncherShowsIt() throws Exception {
        assertTrue(lab.url.contains("/lab?token="), "fer lab did not print JupyterLab's URL: " + lab.url);
        assertTrue(lab.log().contains("fer: lab: JupyterLab 4."), "fer lab did not say it opens JupyterLab:\n" + lab.log());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lab.baseUrl + "/api/kernelspecs"))
                .header("Authorization", "token " + lab.token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> specs = new Json().toType(r.body(), Json.MAP_TYPE);
        assertEquals("java", specs.get("default"), "new notebooks should start on the project's kernel");
        @SuppressWarnings("unchecked")
        Map<String, Object> java = (Map<String, Object>) ((Map<String, Object>) specs.get("kernelspecs")).get("java");
        assertTrue(java != null, "no kernelspec 'java': " + r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) java.get("spec");
        assertEquals("Java", spec.get("display_name"));
        assertTrue(String.valueOf(spec.get("argv")).contains("-Dfer.project.root=" + FerLab.ROOT),
                "the 'java' kernel is not this project's (environment/.jupyter): " + spec.get("argv"));

        assertTrue(page.launcherCards("Notebook").contains("Java"), "the Launcher shows no Java notebook: " + page.launcherCards("Notebook"));
        browser.screenshot("jupyterlab-00-launcher.png");
    }

    static Stream<String> studyNotebooks() throws Exception {
        try (var s = Files.list(FerLab.ROOT.resolve("notebooks"))) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d\\d-.*\\.ipynb"))
                    .map(n -> n.substring(0, n.length() - ".ipynb".length())).sorted().toList();
            assertEquals(List.of("01", "02", "03", "04", "05", "06", "07"), names.stream().map(n -> n.substring(0, 2)).toList(),
                    "the study's notebooks are 01-07");
            // -Dfer.browser.notebooks=01,05 runs only those (while working on the test); fer test runs all seven
            List<String> only = List.of(System.getProperty("fer.browser.notebooks", "").split(","));
            return names.stream().filter(n -> only.equals(List.of("")) || only.contains(n.substring(0, 2)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("studyNotebooks")
    @Order(2)
    void notebookRunsFromTheMenusWithTheJavaKernel(String notebook) throws Exception {
        page.openFromFileBrowser(notebook + ".ipynb");
        // The notebook names kernel "java" in its metadata; should JupyterLab ask instead, pick "Java" as a user would.
        browser.waitUpTo(Duration.ofSeconds(180)).until(x -> page.dialogOpen()
                || !String.valueOf(page.notebookState().get("kernel")).isEmpty());
        if (page.dialogOpen()) {
            new Select(browser.driver.findElement(By.cssSelector(".jp-Dialog select"))).selectByVisibleText("Java");
            page.dialogButton("Select");
        }
        browser.waitUpTo(Duration.ofSeconds(180)).until(x -> "idle".equals(page.notebookState().get("status")));
        Map<String, Object> opened = page.notebookState();
        assertEquals("java", opened.get("kernel"), notebook + " did not start on the project's kernel: " + opened);
        assertEquals("Java", page.toolbarKernelName(), "the toolbar does not show the Java kernel");
        assertEquals(0L, ((Number) opened.get("ran")).longValue(), "the scratch notebook was not output-free");

        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long t0 = System.nanoTime();
        page.menu("Run", "runmenu:run-all");
        java.util.Set<String> liveCurves = new java.util.LinkedHashSet<>(); // notebook 03: the custom model's curves, as drawn
        browser.waitUpTo(RUN_ALL).until(x -> {
            if (notebook.startsWith("03-")) {
                String sig = page.cellImageSignature(LIVE_CURVES_CELL);
                if (!sig.isEmpty()) liveCurves.add(sig);
            }
            Map<String, Object> s = page.notebookState();
            boolean finished = s.get("ran").equals(s.get("code")) || !((List<?>) s.get("errors")).isEmpty();
            return finished && "idle".equals(s.get("status")) && "idle".equals(page.toolbarStatus());
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("browser: %s ran in JupyterLab in %.1f s%n", notebook, secs);

        Map<String, Object> done = page.notebookState();
        try {
            assertEquals(List.of(), done.get("errors"), notebook + ": error outputs");
            assertEquals(done.get("code"), done.get("ran"), notebook + ": not every code cell ran");

            long images = ((Number) done.get("images")).longValue();
            assertTrue(images > 0, notebook + " shows no figure");
            List<List<Number>> sizes = page.outputImageSizes(Duration.ofSeconds(30));
            assertEquals(images, sizes.size(), notebook + ": image outputs in the notebook vs images in the page");
            for (List<Number> wh : sizes) {
                assertTrue(wh.get(0).intValue() > 0 && wh.get(1).intValue() > 0, notebook + ": an image did not decode: " + sizes);
            }

            List<Number> rows = page.outputTableRows();
            assertEquals(((Number) done.get("tables")).longValue(), rows.size(),
                    notebook + ": tables in the HTML outputs vs tables rendered in the page");
            assertTrue(rows.stream().allMatch(n -> n.intValue() > 0), notebook + ": a rendered table has no rows: " + rows);
            if (notebook.startsWith("01-")) {
                assertFalse(browser.driver.findElements(By.cssSelector(".jp-RenderedHTML table.fer-table")).isEmpty(),
                        "notebook 01 shows no Tablesaw table (table.fer-table)");
            }

            if (notebook.startsWith("03-")) {
                // redrawn in place after every epoch (update_display_data): several versions seen while it trained
                assertTrue(liveCurves.size() >= 3, "notebook 03's live curves were drawn " + liveCurves.size()
                        + " times while the custom model trained, expected one per epoch (>= 3 seen)");
                System.out.printf("browser: notebook 03's live curves, %d versions seen%n", liveCurves.size());
            }
            if (notebook.startsWith("04-")) trialPanelTrainsAHead();

            // every figure this run drew names the notebook in figures/manifest.csv (JupyterLab's JPY_SESSION_NAME)
            List<String> drawn = manifestRowsSince(started);
            assertFalse(drawn.isEmpty(), notebook + " wrote no row to figures/manifest.csv");
            for (String row : drawn) assertTrue(row.endsWith("," + notebook), "manifest row not naming " + notebook + ": " + row);
        } finally {
            String at = SCREENSHOT_AT.get(notebook);
            if (at != null) page.scrollToCellContaining(at);
            else browser.js("var i = jupyterapp.shell.currentWidget.node.querySelector('.jp-OutputArea-output img');"
                    + " if (i) i.scrollIntoView();");
            Thread.sleep(500); // let the scroll settle
            browser.screenshot("jupyterlab-" + notebook + ".png");
            // keep memory flat: one kernel JVM at a time
            page.menu("File", "docmanager:save");
            page.menu("Kernel", "kernelmenu:shutdown");
            browser.waitUpTo(Duration.ofSeconds(60)).until(x -> String.valueOf(page.notebookState().get("kernel")).isEmpty());
            page.menu("File", "application:close");
        }
    }

    /** The cell of notebook 03 whose output is the custom model's live curves. */
    private static final String LIVE_CURVES_CELL = "TrainingCurves.live(TrainingCurves.figureTitle(Architecture.CUSTOM))";
    /** The log the trial panel of notebook 04 appends to (the random search's). */
    private static final Path PANEL_LOG = FerLab.ROOT.resolve("runs/hpo-quick-random/trials.jsonl");

    /**
     * Notebook 04's panel as a user works it: move the epochs slider, press Train, see the trial's curve and a new
     * table row; move the dropout slider, Train again: the curve is redrawn, another row; trials.jsonl holds both
     * as manual trials with the slider's epochs.
     */
    private void trialPanelTrainsAHead() throws Exception {
        page.scrollToCellContaining("TrialPanel.of(");
        String epochsBefore = page.sliderReadout("epochs");
        page.sliderStepRight("epochs");
        browser.waitUpTo(Duration.ofSeconds(30)).until(x -> !page.sliderReadout("epochs").equals(epochsBefore));
        int epochs = Integer.parseInt(page.sliderReadout("epochs"));
        long rowsBefore = page.widgetTableRows();
        long manualBefore = manualTrials();

        page.clickWidgetButton("Train");
        try {
            browser.waitUpTo(Duration.ofMinutes(5)).until(x -> page.widgetLabels().stream().anyMatch(l -> l.startsWith("manual trial")));
        } catch (org.openqa.selenium.TimeoutException e) {
            fail("the panel never said \"manual trial\"; its labels: " + page.widgetLabels());
        }
        String firstCurve = page.widgetImageSignature();
        assertFalse(firstCurve.isEmpty(), "no validation curve after Train: " + page.widgetLabels());
        assertEquals(rowsBefore + 1, page.widgetTableRows(), "the table did not get the manual trial's row");
        Thread.sleep(300);
        browser.screenshot("jupyterlab-04-trial-panel.png");

        page.sliderStepRight("dropout");
        page.clickWidgetButton("Train");
        browser.waitUpTo(Duration.ofMinutes(5)).until(x -> page.widgetTableRows() == rowsBefore + 2);
        browser.waitUpTo(Duration.ofSeconds(30)).until(x -> !page.widgetImageSignature().equals(firstCurve));

        List<String> lines = Files.readAllLines(PANEL_LOG);
        assertEquals(manualBefore + 2, manualTrials(), "two manual trials in " + PANEL_LOG);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\"status\":\"manual\"") && last.contains("\"epochs\":" + epochs + ","),
                "the last trial in trials.jsonl should be manual, with the slider's " + epochs + " epochs: " + last);
        System.out.printf("browser: notebook 04's panel trained 2 manual trials of %d epochs%n", epochs);
    }

    private static long manualTrials() throws Exception {
        if (!Files.exists(PANEL_LOG)) return 0;
        try (var lines = Files.lines(PANEL_LOG)) {
            return lines.filter(l -> l.contains("\"status\":\"manual\"")).count();
        }
    }

    /** Manifest rows (figure,...,notebook) created at or after {@code since}, as "figure,notebook". */
    private static List<String> manifestRowsSince(Instant since) throws Exception {
        List<String> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(MANIFEST, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            // figure names, notebook names and times hold no commas: read them from the ends of the row
            String[] f = line.split(",");
            if (f.length < 3 || f[f.length - 1].isBlank()) continue;
            if (!Instant.parse(f[f.length - 1]).isBefore(since)) rows.add(f[0] + "," + f[f.length - 2]);
        }
        return rows;
    }

    /**
     * Kernel › Interrupt (an {@code interrupt_request} on the control channel) stops a long cell, which ends
     * with the interrupt as its error, and the next cell answers with the notebook's variables intact; Kernel ›
     * Restart gives a fresh JShell that answers too. In a notebook made from the Launcher's "Java" card.
     */
    @Test
    @Order(3)
    void interruptAndRestartFromTheKernelMenu() throws Exception {
        page.launch("Notebook", "Java");
        browser.waitUpTo(Duration.ofSeconds(180)).until(x -> {
            Map<String, Object> s = page.notebookState();
            return s != null && "java".equals(s.get("kernel")) && "idle".equals(s.get("status"));
        });
        int kept = page.runNewCell("int answer = 41;");
        browser.waitUpTo(Duration.ofSeconds(120)).until(x -> "idle".equals(page.notebookState().get("status"))
                && ((Number) page.notebookState().get("ran")).intValue() >= 1);
        int loop = page.runNewCell("for (int i = 0; i < 3000; i++) Thread.sleep(100); // 5 min unless interrupted\n"
                + "System.out.println(\"loop ended\");");
        browser.waitUpTo(Duration.ofSeconds(60)).until(x -> "busy".equals(page.notebookState().get("status")));
        Thread.sleep(2000); // inside the loop
        long t0 = System.nanoTime();
        page.menu("Kernel", "kernelmenu:interrupt");
        int next = page.runNewCell("System.out.println(\"after interrupt: \" + (answer + 1));");
        // generous (CI beside a training job), and still far below the loop's own 5 minutes
        browser.waitUpTo(Duration.ofSeconds(120)).until(x -> page.outputText(loop).contains("InterruptedException"));
        double stoppedS = (System.nanoTime() - t0) / 1e9;
        browser.waitUpTo(Duration.ofSeconds(120)).until(x -> page.outputText(next).contains("after interrupt: 42"));
        double answeredS = (System.nanoTime() - t0) / 1e9;
        assertFalse(page.outputText(loop).contains("loop ended"), "the loop ran to its end: " + page.outputText(loop));
        System.out.printf("browser: Kernel > Interrupt: loop cell stopped after %.1f s, next cell answered after %.1f s%n",
                stoppedS, answeredS);
        browser.screenshot("jupyterlab-interrupt.png");

        page.menu("Kernel", "kernelmenu:restart");
        page.dialogButton("Restart");
        browser.waitUpTo(Duration.ofSeconds(180)).until(x -> "idle".equals(page.notebookState().get("status")));
        int after = page.runNewCell("System.out.println(\"restarted \" + (1 + 1));");
        browser.waitUpTo(Duration.ofSeconds(180)).until(x -> page.outputText(after).contains("restarted 2"));
        // a fresh JShell: `answer` is gone (a compile error naming it)
        int gone = page.runNewCell("System.out.println(answer);");
        browser.waitUpTo(Duration.ofSeconds(120)).until(x -> !page.outputText(gone).isBlank());
        assertTrue(page.outputText(gone).contains("answer"), "unexpected output: " + page.outputText(gone));
        assertFalse(page.outputText(gone).contains("41"), "the variable survived the restart: " + page.outputText(gone));
        assertTrue(kept < loop && loop < next && next < after && after < gone);
        browser.screenshot("jupyterlab-restart.png");
    }
}
