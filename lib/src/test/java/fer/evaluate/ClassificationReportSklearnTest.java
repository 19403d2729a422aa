package fer.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fer.data.Emotion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * The classification report against scikit-learn itself (Debian's python3-sklearn): the same labels and
 * predictions go to {@code sklearn.metrics.classification_report}, and every number of its dict and every
 * character of its text (2 and 4 digits) must agree.
 */
class ClassificationReportSklearnTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT = String.join("\n",
            "import json, sys, warnings",
            "warnings.simplefilter('ignore')",
            "from sklearn.metrics import classification_report",
            "out = []",
            "for c in json.load(sys.stdin):",
            "    kw = dict(labels=c['labels'], target_names=c['names'], zero_division=c['zero_division'])",
            "    d = classification_report(c['y_true'], c['y_pred'], output_dict=True, **kw)",
            "    d = {k: (float(v) if not isinstance(v, dict) else {m: float(x) for m, x in v.items()}) for k, v in d.items()}",
            "    out.append({'dict': d, 'text2': classification_report(c['y_true'], c['y_pred'], digits=2, **kw),",
            "                'text4': classification_report(c['y_true'], c['y_pred'], digits=4, **kw)})",
            "json.dump(out, sys.stdout)");

    @BeforeAll
    static void sklearnPresent() throws Exception {
        String why = null;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            why = PYTHON + " not found";
        } else {
            Process p = new ProcessBuilder(PYTHON, "-c", "import sklearn").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) why = PYTHON + " cannot import sklearn: " + out;
        }
        if (why == null) return;
        String msg = why + ". The classification report is checked against scikit-learn: install Debian's python3-sklearn"
                + " (apt-get install python3-sklearn; .ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg);
        Assumptions.assumeTrue(false, msg);
    }

    /** One comparison: labels, predictions, classes, zero_division. */
    private record Case(String name, int[] yTrue, int[] yPred, List<Emotion> classes, double zeroDivision) {}

    @Test
    void agreesWithScikitLearnOnEveryNumber() throws Exception {
        List<Case> cases = cases();
        List<Map<String, Object>> expected = sklearn(cases);
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ClassificationReport r = ClassificationReport.of(ClassificationReport.evaluation(c.yTrue(), c.yPred(), c.classes()),
                    c.classes(), c.zeroDivision());
            Map<String, Object> want = expected.get(i);
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = (Map<String, Object>) want.get("dict");
            Map<String, Object> got = r.asDict();
            assertEquals(dict.keySet(), got.keySet(), c.name() + ": rows");
            int compared = 0;
            for (var row : dict.entrySet()) {
                if (row.getValue() instanceof Map<?, ?> cols) {
                    Map<?, ?> mine = (Map<?, ?>) got.get(row.getKey());
                    for (var col : cols.entrySet()) {
                        double w = ((Number) col.getValue()).doubleValue();
                        double g = ((Number) mine.get(col.getKey())).doubleValue();
                        assertEquals(w, g, 1e-12, c.name() + ": " + row.getKey() + " " + col.getKey());
                        compared++;
                    }
                } else {
                    assertEquals(((Number) row.getValue()).doubleValue(), (double) got.get(row.getKey()), 1e-12, c.name() + ": " + row.getKey());
                    compared++;
                }
            }
            assertEquals(4 * (c.classes().size() + 2) + (r.accuracyRow() ? 1 : 4), compared, c.name() + ": numbers compared");
            assertEquals(want.get("text2"), r.text(2), c.name() + ": text, 2 digits");
            assertEquals(want.get("text4"), r.text(4), c.name() + ": text, 4 digits");
        }
    }

    @Test
    void pythonRoundingIsHalfEvenOnTheBinaryValue() {
        // 0.125 is exact in binary: Python writes 0.12 (Java's %.2f writes 0.13); 0.285 is 0.28499999… in binary
        assertEquals("0.12", ClassificationReport.fixed(0.125, 2));
        assertEquals("0.38", ClassificationReport.fixed(0.375, 2));
        assertEquals("0.28", ClassificationReport.fixed(0.285, 2));
        assertEquals("1.00", ClassificationReport.fixed(0.999999, 2));
    }

    private static List<Case> cases() {
        List<Emotion> fer = Emotion.FER2013;
        List<Case> cases = new ArrayList<>();
        Random rnd = new Random(7);
        // a model right 60% of the time, FER-2013-like class frequencies
        int[] freq = {799, 87, 819, 1443, 993, 966, 634};
        int n = 500;
        int[] yt = new int[n], yp = new int[n];
        for (int i = 0; i < n; i++) {
            yt[i] = draw(freq, rnd);
            yp[i] = rnd.nextDouble() < 0.6 ? yt[i] : draw(freq, rnd);
        }
        cases.add(new Case("noisy", yt, yp, fer, 0));
        // disgust is never predicted: precision 0/0
        int[] yp2 = yp.clone();
        for (int i = 0; i < n; i++) if (yp2[i] == 1) yp2[i] = 3;
        cases.add(new Case("never predicted", yt, yp2, fer, 0));
        cases.add(new Case("never predicted, zero_division=1", yt, yp2, fer, 1));
        // fear is absent from the true labels but predicted: recall 0/0
        int[] ytFear = yt.clone();
        for (int i = 0; i < n; i++) if (ytFear[i] == 2) ytFear[i] = 4;
        cases.add(new Case("absent from y_true only", ytFear, yp, fer, 0));
        cases.add(new Case("absent from y_true only, zero_division=1", ytFear, yp, fer, 1));
        // ... and surprise neither true nor predicted: scikit-learn then prints "micro avg" instead of "accuracy"
        int[] yt3 = yt.clone(), yp3 = yp.clone();
        for (int i = 0; i < n; i++) {
            if (yt3[i] == 2) yt3[i] = 4;
            if (yt3[i] == 5) yt3[i] = 6;
            if (yp3[i] == 5) yp3[i] = 0;
        }
        cases.add(new Case("absent from y_true and a class absent from both", yt3, yp3, fer, 0));
        cases.add(new Case("absent from both, zero_division=1", yt3, yp3, fer, 1));
        // exact binary ties: recall 1/8, 3/8, 5/8 (Python rounds these half-to-even)
        List<Integer> t = new ArrayList<>(), p = new ArrayList<>();
        for (int k = 0; k < 8; k++) { t.add(0); p.add(k < 1 ? 0 : 6); }
        for (int k = 0; k < 8; k++) { t.add(3); p.add(k < 3 ? 3 : 4); }
        for (int k = 0; k < 8; k++) { t.add(4); p.add(k < 5 ? 4 : 2); }
        for (int k = 0; k < 16; k++) { t.add(6); p.add(k < 2 ? 6 : 1); }
        cases.add(new Case("binary ties", ints(t), ints(p), fer, 0));
        // perfect
        cases.add(new Case("perfect", yt, yt.clone(), fer, 0));
        // FER+'s eight classes, contempt rare
        int[] yt8 = new int[300], yp8 = new int[300];
        for (int i = 0; i < yt8.length; i++) {
            yt8[i] = rnd.nextInt(20) == 0 ? 7 : rnd.nextInt(7);
            yp8[i] = rnd.nextDouble() < 0.7 ? yt8[i] : rnd.nextInt(8);
        }
        cases.add(new Case("FER+ 8 classes", yt8, yp8, Emotion.FERPLUS, 0));
        return cases;
    }

    private static int draw(int[] freq, Random rnd) {
        int total = Arrays.stream(freq).sum(), x = rnd.nextInt(total);
        for (int c = 0; c < freq.length; c++) {
            if ((x -= freq[c]) < 0) return c;
        }
        return freq.length - 1;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sklearn(List<Case> cases) throws IOException, InterruptedException {
        List<Map<String, Object>> in = cases.stream().map(c -> Map.<String, Object>of(
                "y_true", c.yTrue(), "y_pred", c.yPred(),
                "labels", java.util.stream.IntStream.range(0, c.classes().size()).boxed().toList(),
                "names", c.classes().stream().map(Emotion::title).toList(),
                "zero_division", (int) c.zeroDivision())).collect(Collectors.toList());
        Process proc = new ProcessBuilder(PYTHON, "-c", SCRIPT).start();
        proc.getOutputStream().write(JSON.writeValueAsBytes(in));
        proc.getOutputStream().close();
        byte[] out = proc.getInputStream().readAllBytes();
        String err = new String(proc.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "scikit-learn did not finish");
        assertEquals(0, proc.exitValue(), "scikit-learn failed: " + err);
        return JSON.readValue(out, List.class);
    }
}
