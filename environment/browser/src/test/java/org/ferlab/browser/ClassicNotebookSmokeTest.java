package org.ferlab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The fallback: where setup cannot install JupyterLab, {@code fer lab} opens Debian's classic notebook
 * ({@code jupyter-notebook}, notebook 6) and says why. One smoke test: {@code fer lab} with {@code
 * FER_PYTHON=/usr/bin/python3} (Debian's python, no JupyterLab) names the reason, and notebook 01 runs there from
 * Cell › Run All with the Java kernel: no error output, decoded charts, a rendered Tablesaw table.
 */
class ClassicNotebookSmokeTest {
    private static final String DEBIAN_PYTHON = "/usr/bin/python3";
    private static final Duration RUN_ALL = Duration.ofMinutes(10);

    @Test
    void labFallsBackToTheClassicNotebookAndNotebook01RunsThere() throws Exception {
        Browser.requireBrowser();
        requireDebianNotebook();
        Path scratch = FerLab.scratchNotebooks();
        // notebook 6 does not tell a kernel its notebook (JupyterLab's JPY_SESSION_NAME): say it, so the figures
        // this run redraws keep naming 01-eda in figures/manifest.csv
        try (FerLab lab = new FerLab(scratch, Map.of("FER_PYTHON", DEBIAN_PYTHON, "FER_NOTEBOOK", "01-eda"));
             Browser browser = new Browser("chromedriver-classic.log", 1400, 2200)) {
            try {
                assertTrue(lab.log().contains("fer: lab: opening the classic notebook, not JupyterLab: FER_PYTHON="
                        + DEBIAN_PYTHON + " has no JupyterLab"), "fer lab did not say why it opens the classic notebook:\n" + lab.log());
                runNotebook01(browser, lab);
            } finally {
                Files.writeString(Browser.OUT.resolve("fer-lab-classic.log"), lab.log());
            }
        }
    }

    /** Debian's classic notebook for /usr/bin/python3 (jupyter-notebook), or skip (fail under CI=true). */
    private static void requireDebianNotebook() throws Exception {
        boolean has = false;
        if (Files.isExecutable(Path.of(DEBIAN_PYTHON))) {
            Process p = new ProcessBuilder(DEBIAN_PYTHON, "-c", "import notebook, nbconvert").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            has = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        if (!has) Browser.requireOrSkip("needs Debian's classic notebook for " + DEBIAN_PYTHON + " (apt-get install jupyter-notebook)");
    }

    private static void runNotebook01(Browser b, FerLab lab) throws Exception {
        b.driver.get(lab.baseUrl + "/notebooks/01-eda.ipynb?token=" + lab.token);
        b.waitUpTo(Duration.ofSeconds(60)).until(x -> Boolean.TRUE.equals(
                b.js("return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded);")));
        b.waitUpTo(Duration.ofSeconds(180)).until(x -> "java".equals(
                b.js("return Jupyter.notebook.kernel && Jupyter.notebook.kernel.name;")));
        waitKernelIdle(b, Duration.ofSeconds(180));
        assertEquals("Java", b.driver.findElement(By.cssSelector("#kernel_indicator .kernel_indicator_name")).getText());

        long t0 = System.nanoTime();
        var w = b.waitUpTo(Duration.ofSeconds(30));
        w.until(ExpectedConditions.elementToBeClickable(By.id("celllink"))).click();
        w.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#run_all_cells > a"))).click();
        b.waitUpTo(RUN_ALL).until(x -> Boolean.TRUE.equals(b.js("return Jupyter.notebook.get_cells()"
                + ".filter(c => c.cell_type === 'code').every(c => typeof c.input_prompt_number === 'number');"))
                && x.findElements(By.cssSelector("#kernel_indicator_icon.kernel_idle_icon")).size() == 1);
        System.out.printf("browser: notebook 01 ran in the classic notebook in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        List<String> errors = new ArrayList<>();
        for (WebElement e : b.driver.findElements(By.cssSelector(".output_area .output_error"))) errors.add(e.getText());
        assertEquals(List.of(), errors, "error output in the page");
        @SuppressWarnings("unchecked")
        List<List<Number>> sizes = (List<List<Number>>) b.js("return Array.from(document.querySelectorAll("
                + "'.output_area .output_png img')).map(i => [i.naturalWidth, i.naturalHeight]);");
        assertFalse(sizes.isEmpty(), "no image output in the page");
        assertTrue(sizes.stream().allMatch(s -> s.get(0).intValue() > 0 && s.get(1).intValue() > 0), "an image did not decode: " + sizes);
        List<WebElement> tables = b.driver.findElements(By.cssSelector(".output_area .output_html table.fer-table"));
        assertFalse(tables.isEmpty(), "no rendered Tablesaw HTML table (table.fer-table)");
        assertTrue(tables.get(0).findElements(By.cssSelector("tbody tr")).size() > 0, "the table has no rows");

        b.js("var i = document.querySelector('.output_area .output_png img'); if (i) i.scrollIntoView();");
        b.screenshot("classic-notebook-01-executed.png");
    }

    private static void waitKernelIdle(Browser b, Duration d) {
        b.waitUpTo(d).until(x -> Boolean.TRUE.equals(b.js(
                "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                        + " && Jupyter.notebook.kernel.is_connected()"
                        + " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'));")));
    }
}
