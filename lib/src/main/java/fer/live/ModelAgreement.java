package fer.live;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How often two models give a face the same top-1 expression, over the faces both runs kept of the same stills
 * (matched by box overlap, IoU ≥ 0.5, as Figure 18 matches them). Notebook 07 compares each project model with the
 * two real-face models, and those two with each other: agreement, not accuracy — no face here has a true label.
 */
public final class ModelAgreement {
    private ModelAgreement() {}

    /** One pair of runs: faces both have, faces with the same top-1 label. */
    public record Pair(String model, String other, int faces, int same) {
        /** Share of the compared faces with the same label, NaN when none were compared. */
        public double agreement() {
            return faces == 0 ? Double.NaN : (double) same / faces;
        }
    }

    /** Top-1 agreement of {@code a} and {@code b} over the faces of {@code a} that {@code b} also found. */
    public static Pair of(LiveReport a, LiveReport b) {
        int faces = 0, same = 0;
        for (LiveReport.FaceSample f : a.faces()) {
            LiveReport.FaceSample o = LiveFigures.match(b, f);
            if (o == null) continue;
            faces++;
            if (o.label() == f.label()) same++;
        }
        return new Pair(a.model(), b.model(), faces, same);
    }

    /** Every model of {@code models} against every reference, then each pair of references (in order). */
    public static List<Pair> pairs(List<LiveReport> models, List<LiveReport> references) {
        List<Pair> out = new ArrayList<>();
        for (LiveReport m : models) for (LiveReport r : references) out.add(of(m, r));
        for (int i = 0; i < references.size(); i++) {
            for (int j = i + 1; j < references.size(); j++) out.add(of(references.get(i), references.get(j)));
        }
        return out;
    }

    /** The pairs as a table: model, compared with, faces, same top-1, agreement %. */
    public static Table table(List<Pair> pairs) {
        Table t = Table.create("top-1 agreement on the detected faces");
        StringColumn model = StringColumn.create("model"), other = StringColumn.create("compared with");
        IntColumn faces = IntColumn.create("faces"), same = IntColumn.create("same top-1");
        DoubleColumn pct = DoubleColumn.create("agreement %");
        for (Pair p : pairs) {
            model.append(p.model());
            other.append(p.other());
            faces.append(p.faces());
            same.append(p.same());
            pct.append(p.faces() == 0 ? Double.NaN : Math.round(1000.0 * p.agreement()) / 10.0);
        }
        t.addColumns(model, other, faces, same, pct);
        return t;
    }
}
