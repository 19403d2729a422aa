package org.ferlab.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * JupyterLab 4 as a user works it: the file browser, the menu bar (Run, Kernel, File), the notebook toolbar's
 * kernel name and status. Clicks go through the page; what the page shows is read from the DOM, and what it
 * holds (outputs' types, execution counts, the session's kernel) from the notebook model through
 * {@code window.jupyterapp}, which the server exposes with {@code --LabApp.expose_app_in_browser}.
 */
final class JupyterLabPage {
    /** JavaScript: the current widget, when it is a notebook panel. */
    private static final String PANEL = "var w = window.jupyterapp && jupyterapp.shell.currentWidget;"
            + " if (!w || !w.content || !w.content.model || !w.sessionContext) return null;";

    private final Browser b;

    JupyterLabPage(Browser browser) {
        this.b = browser;
    }

    /** Opens JupyterLab at the URL the server printed and waits for the file browser's listing. */
    void open(String url) {
        b.driver.get(url);
        b.waitUpTo(Duration.ofSeconds(120)).until(x -> Boolean.TRUE.equals(b.js("return !!window.jupyterapp;"))
                && !b.driver.findElements(By.cssSelector(".jp-DirListing-item")).isEmpty());
    }

    /** Menu bar item {@code top} (e.g. "Run"), then its entry running {@code command} (e.g. "runmenu:run-all"). */
    void menu(String top, String command) {
        closeMenus();
        var w = b.waitUpTo(Duration.ofSeconds(30));
        WebElement item = w.until(x -> x.findElements(By.cssSelector(".lm-MenuBar-item")).stream()
                .filter(e -> e.getText().strip().equals(top)).findFirst().orElse(null));
        item.click();
        w.until(x -> x.findElements(By.cssSelector(".lm-Menu-item[data-command='" + command + "']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null)).click();
    }

    private void closeMenus() {
        if (b.driver.findElements(By.cssSelector(".lm-Menu")).stream().anyMatch(WebElement::isDisplayed)) {
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
        }
    }

    /** Double-clicks {@code file} in the file browser (showing the file browser first) and waits for its panel. */
    void openFromFileBrowser(String file) {
        if (b.driver.findElements(By.cssSelector(".jp-DirListing-item")).stream().noneMatch(WebElement::isDisplayed)) {
            b.driver.findElement(By.cssSelector(".jp-SideBar [data-id='filebrowser']")).click();
        }
        WebElement item = b.waitUpTo(Duration.ofSeconds(30)).until(x -> x.findElements(By.cssSelector(".jp-DirListing-item"))
                .stream().filter(e -> String.valueOf(e.getAttribute("title")).startsWith("Name: " + file + "\n"))
                .findFirst().orElse(null));
        new Actions(b.driver).doubleClick(item).perform();
        b.waitUpTo(Duration.ofSeconds(60)).until(x -> file.equals(b.js(PANEL + " return w.context.path;")));
    }

    /** Clicks the Launcher's card {@code title} in {@code category} ("Notebook", "Console"), opening a Launcher first. */
    void launch(String category, String title) {
        By card = By.cssSelector(".jp-LauncherCard[data-category='" + category + "'][title='" + title + "']");
        if (b.driver.findElements(card).stream().noneMatch(WebElement::isDisplayed)) menu("File", "launcher:create");
        b.waitUpTo(Duration.ofSeconds(30)).until(ExpectedConditions.elementToBeClickable(card)).click();
    }

    /** The cards the Launcher shows in {@code category}: their titles. */
    @SuppressWarnings("unchecked")
    List<String> launcherCards(String category) {
        b.waitUpTo(Duration.ofSeconds(30)).until(x -> !x.findElements(By.cssSelector(".jp-LauncherCard")).isEmpty());
        return (List<String>) b.js("return Array.from(document.querySelectorAll(\".jp-LauncherCard[data-category='\" + arguments[0]"
                + " + \"']\")).map(c => c.getAttribute('title'));", category);
    }

    /**
     * The current notebook as the model holds it: {@code path}, {@code kernel} (kernelspec name), {@code display}
     * (what the toolbar shows), {@code status}, {@code code} (code cells), {@code ran} (with an execution count),
     * {@code errors} (one line per error output), {@code images} (image/png outputs), {@code tables} (tables in
     * text/html outputs); null when the current tab is not a notebook.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> notebookState() {
        return (Map<String, Object>) b.js(PANEL
                + "var s = w.sessionContext, k = s.session && s.session.kernel, cells = w.content.model.cells;"
                + "var r = {path: w.context.path, kernel: k ? k.name : '', display: s.kernelDisplayName,"
                + "         status: s.kernelDisplayStatus, code: 0, ran: 0, errors: [], images: 0, tables: 0};"
                + "for (var i = 0; i < cells.length; i++) {"
                + "  var c = cells.get(i); if (c.type !== 'code') continue;"
                + "  r.code++; if (c.executionCount != null) r.ran++;"
                + "  for (var j = 0; j < c.outputs.length; j++) {"
                + "    var o = c.outputs.get(j).toJSON(), d = o.data || {};"
                + "    if (o.output_type === 'error') r.errors.push('cell ' + (i + 1) + ': ' + o.ename + ': ' + o.evalue);"
                + "    if (d['image/png']) r.images++;"
                + "    var h = d['text/html']; if (h) r.tables += ([].concat(h).join('').match(/<table[\\s>]/g) || []).length;"
                + "  }"
                + "}"
                + "return r;");
    }

    /** The kernel status the notebook toolbar's indicator shows ("idle", "busy", ...). */
    String toolbarStatus() {
        return (String) b.js(PANEL + " var e = w.node.querySelector('.jp-Notebook-ExecutionIndicator');"
                + " return e ? e.getAttribute('data-status') : '';");
    }

    /** The kernel name the notebook toolbar shows. */
    String toolbarKernelName() {
        return (String) b.js(PANEL + " var e = w.node.querySelector('.jp-KernelName'); return e ? e.innerText.trim() : '';");
    }

    /**
     * Natural width and height of every image in the current notebook's outputs, each scrolled into view first
     * (as a reader scrolling down would), waiting up to {@code d} for each to finish loading.
     */
    @SuppressWarnings("unchecked")
    List<List<Number>> outputImageSizes(Duration d) {
        long n = ((Number) b.js(PANEL + " return w.node.querySelectorAll('.jp-OutputArea-output img').length;")).longValue();
        for (int i = 0; i < n; i++) {
            final int k = i;
            b.js(PANEL + " w.node.querySelectorAll('.jp-OutputArea-output img')[arguments[0]].scrollIntoView();", k);
            try {
                b.waitUpTo(d).until(x -> Boolean.TRUE.equals(b.js(PANEL
                        + " var im = w.node.querySelectorAll('.jp-OutputArea-output img')[arguments[0]];"
                        + " return im.complete && im.naturalWidth > 0;", k)));
            } catch (org.openqa.selenium.TimeoutException notLoaded) {
                // reported by the caller with the sizes
            }
        }
        return (List<List<Number>>) b.js(PANEL + " return Array.from(w.node.querySelectorAll('.jp-OutputArea-output img'))"
                + ".map(i => [i.naturalWidth, i.naturalHeight]);");
    }

    /** Body rows of every table rendered in the current notebook's HTML outputs. */
    @SuppressWarnings("unchecked")
    List<Number> outputTableRows() {
        return (List<Number>) b.js(PANEL + " return Array.from(w.node.querySelectorAll('.jp-OutputArea-output.jp-RenderedHTML table'))"
                + ".map(t => t.querySelectorAll('tbody tr').length);");
    }

    /** Scrolls the current notebook so that the first cell whose source contains {@code text} is at the top. */
    void scrollToCellContaining(String text) {
        b.js(PANEL + " var nb = w.content; for (var i = 0; i < nb.widgets.length; i++) {"
                + " if (nb.widgets[i].model.sharedModel.getSource().indexOf(arguments[0]) >= 0) {"
                + "   nb.widgets[i].node.scrollIntoView(); return; } }", text);
    }

    /**
     * Puts {@code source} into the notebook's last cell when that is an empty code cell (where Run › Run Selected
     * Cell left the cursor), else into a new cell at the end, selects it and runs it with Run › Run Selected
     * Cell; returns its index.
     */
    int runNewCell(String source) {
        Number i = (Number) b.js(PANEL + " var nb = w.content, n = nb.model.cells.length, last = n && nb.model.cells.get(n - 1);"
                + " if (last && last.type === 'code' && last.sharedModel.getSource() === '') n = n - 1;"
                + " else nb.model.sharedModel.insertCell(n, {cell_type: 'code', source: ''});"
                + " nb.model.cells.get(n).sharedModel.setSource(arguments[0]);"
                + " nb.activeCellIndex = n; nb.mode = 'command'; return n;", source);
        menu("Run", "runmenu:run");
        return i.intValue();
    }

    /** What the output area of cell {@code index} shows. */
    String outputText(int index) {
        return (String) b.js(PANEL + " var c = w.content.widgets[arguments[0]];"
                + " var o = c && c.node.querySelector('.jp-OutputArea'); return o ? o.innerText : '';", index);
    }

    /** Clicks the open dialog's button labelled {@code label} (e.g. "Restart", "Select"). */
    void dialogButton(String label) {
        b.waitUpTo(Duration.ofSeconds(30)).until(x -> x.findElements(By.cssSelector(".jp-Dialog button")).stream()
                .filter(e -> e.isDisplayed() && e.getText().strip().equals(label)).findFirst().orElse(null)).click();
        b.waitUpTo(Duration.ofSeconds(30)).until(x -> x.findElements(By.cssSelector(".jp-Dialog")).isEmpty());
    }

    /** True while a dialog is open. */
    boolean dialogOpen() {
        return !b.driver.findElements(By.cssSelector(".jp-Dialog")).isEmpty();
    }

    /**
     * A short signature (length and tail of its data URI) of the first image in the output of the first cell whose source
     * contains {@code text}; "" when it shows none. Changes when an update_display_data redraws it in place.
     */
    String cellImageSignature(String text) {
        return (String) b.js(PANEL + " var nb = w.content; for (var i = 0; i < nb.widgets.length; i++) {"
                + " if (nb.widgets[i].model.sharedModel.getSource().indexOf(arguments[0]) >= 0) {"
                + "   var im = nb.widgets[i].node.querySelector('.jp-OutputArea-output img');"
                + "   return im ? im.src.length + ':' + im.src.slice(-48) : ''; } } return '';", text);
    }

    /** The ipywidgets control (slider, dropdown, toggle buttons) whose description label reads {@code description}. */
    WebElement widgetControl(String description) {
        return b.waitUpTo(Duration.ofSeconds(60)).until(x -> x.findElements(By.cssSelector(".jupyter-widgets.widget-inline-hbox"))
                .stream().filter(e -> e.findElements(By.cssSelector(".widget-label")).stream()
                        .anyMatch(l -> l.getText().strip().equals(description))).findFirst().orElse(null));
    }

    /** What a slider's readout shows. */
    String sliderReadout(String description) {
        return widgetControl(description).findElement(By.cssSelector(".widget-readout")).getText().strip();
    }

    /** Moves a slider one step right with the keyboard, as a user tabbing to its handle would. */
    void sliderStepRight(String description) {
        WebElement handle = widgetControl(description).findElement(By.cssSelector(".noUi-handle"));
        handle.click();
        handle.sendKeys(Keys.ARROW_RIGHT);
    }

    /** Clicks the widget button labelled {@code label}. */
    void clickWidgetButton(String label) {
        b.waitUpTo(Duration.ofSeconds(60)).until(x -> x.findElements(By.cssSelector("button.jupyter-button")).stream()
                .filter(e -> e.getText().strip().equals(label) && e.isEnabled()).findFirst().orElse(null)).click();
    }

    /** Every Label widget's text (LabelView is a div.widget-label). */
    @SuppressWarnings("unchecked")
    List<String> widgetLabels() {
        return (List<String>) b.js("return Array.from(document.querySelectorAll('.jupyter-widgets.widget-label'))"
                + ".map(e => e.innerText.trim());");
    }

    /** The data-URI signature of the first image inside an HTML widget ("" when none). */
    String widgetImageSignature() {
        return (String) b.js("var im = document.querySelector('.widget-html-content img');"
                + " return im ? im.src.length + ':' + im.src.slice(-48) : '';");
    }

    /** Body rows of the first table inside an HTML widget (-1 when none). */
    long widgetTableRows() {
        return ((Number) b.js("var t = document.querySelector('.widget-html-content table');"
                + " return t ? t.querySelectorAll('tbody tr').length : -1;")).longValue();
    }
}
