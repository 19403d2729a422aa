package fer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Divides a {@link FerDataset} into train / validation / test (report Section 5.2): the test part is the
 * source's own test data, untouched; validation is a seeded, stratified share of each class of the
 * training part. On FER-2013's folder form, {@link SplitConfig#paper()} gives 22,968 / 5,741 / 7,178.
 *
 * <p>Each class loses {@code floor(n × fraction)} images to validation, chosen by a Fisher–Yates shuffle
 * driven by {@link java.util.Random} (whose sequence the Java specification fixes), so the same seed gives
 * the same split on every JVM and machine.
 */
public final class Splits {
    private Splits() {}

    /** Splits with the paper's settings. */
    public static SplitDataset paper(FerDataset data) {
        return split(data, SplitConfig.paper());
    }

    /**
     * The source's own two parts, nothing held out: train = all of Training / train/, test = the rest
     * (validation empty). What the report's Figures 2 and 3 count.
     */
    public static SplitDataset sourceParts(FerDataset data) {
        return split(data, new SplitConfig(SplitConfig.PAPER_SEED, 0.0, false));
    }

    /** Splits as configured. */
    public static SplitDataset split(FerDataset data, SplitConfig cfg) {
        var split = data.index().stringColumn("split");
        InMemoryImages images = data.images();
        int nClasses = images.classes().size();
        List<List<Integer>> trainByClass = new ArrayList<>();
        for (int c = 0; c < nClasses; c++) trainByClass.add(new ArrayList<>());
        List<Integer> val = new ArrayList<>(), test = new ArrayList<>(), train = new ArrayList<>();
        boolean official = cfg.officialSplits();
        if (official && data.format() == DatasetFormat.FOLDERS && !hasRole(data, Role.VALIDATION)) {
            throw new IllegalArgumentException(data.path() + ": officialSplits needs a validation part (CSV PublicTest, or a val/ folder);"
                    + " this folder form has only train/ and test/");
        }
        for (int i = 0; i < images.size(); i++) {
            Role r = role(split.get(i), official);
            switch (r) {
                case TRAIN -> trainByClass.get(images.label(i)).add(i);
                case VALIDATION -> val.add(i);
                case TEST -> test.add(i);
            }
        }
        Random rnd = new Random(cfg.seed());
        for (List<Integer> ids : trainByClass) {
            int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
            for (int i = a.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            int nVal = official ? 0 : (int) Math.floor(a.length * cfg.validationFraction());
            for (int k = 0; k < a.length; k++) (k < nVal ? val : train).add(a[k]);
        }
        int[] tr = sorted(train), va = sorted(val), te = sorted(test);
        return new SplitDataset(images.subset(tr), images.subset(va), images.subset(te), tr, va, te, cfg);
    }

    private enum Role { TRAIN, VALIDATION, TEST }

    private static boolean hasRole(FerDataset d, Role want) {
        return d.index().stringColumn("split").unique().asList().stream().anyMatch(s -> role(s, true) == want);
    }

    /**
     * What a source split becomes: Training/train → train; val/validation folders → validation; PublicTest →
     * test (validation when official); PrivateTest/test → test.
     */
    private static Role role(String sourceSplit, boolean official) {
        String s = sourceSplit.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "training", "train" -> Role.TRAIN;
            case "val", "validation" -> Role.VALIDATION;   // a copy that ships its own validation folder
            case "publictest" -> official ? Role.VALIDATION : Role.TEST;
            default -> Role.TEST;
        };
    }

    private static int[] sorted(List<Integer> ids) {
        int[] a = ids.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
