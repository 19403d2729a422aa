package fer.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mean saliency per class over a split (vanilla gradient and Grad-CAM for each face's true class, each map
 * scaled to sum 1), the mean face per class, and the share of the mean maps on the eyes and mouth regions.
 *
 * @param layer the vertex Grad-CAM used
 */
public record ClassMeans(List<String> classes, int height, int width, int[] counts, float[][] meanFaces,
                         float[][] vanilla, float[][] gradCam, String layer) {

    /** One class's region shares: eyes and mouth for both methods. */
    public record Shares(String cls, int n, double eyesVanilla, double mouthVanilla, double eyesGradCam, double mouthGradCam) {}

    /** Region shares per class (classes without faces are left out). */
    public List<Shares> shares() {
        List<Shares> out = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            if (counts[c] == 0) continue;
            out.add(new Shares(classes.get(c), counts[c],
                    FaceRegions.EYES.massFraction(vanilla[c], height, width), FaceRegions.MOUTH.massFraction(vanilla[c], height, width),
                    FaceRegions.EYES.massFraction(gradCam[c], height, width), FaceRegions.MOUTH.massFraction(gradCam[c], height, width)));
        }
        return out;
    }

    /** The shares as an HTML table, with the regions' area shares (a uniform map's values) as the last row. */
    public String html() {
        StringBuilder b = new StringBuilder("<table><tr><th>class</th><th>faces</th><th>eyes · vanilla</th><th>mouth · vanilla</th>"
                + "<th>eyes · Grad-CAM</th><th>mouth · Grad-CAM</th></tr>");
        for (Shares s : shares()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr>",
                    s.cls(), s.n(), s.eyesVanilla(), s.mouthVanilla(), s.eyesGradCam(), s.mouthGradCam()));
        }
        double ea = FaceRegions.EYES.areaFraction(height, width), ma = FaceRegions.MOUTH.areaFraction(height, width);
        b.append(String.format(Locale.ROOT, "<tr><td><i>area share</i></td><td></td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td></tr></table>",
                ea, ma, ea, ma));
        return b.toString();
    }

    /** A few sentences read off the numbers: which classes look most at the mouth and at the eyes, against a uniform map. */
    public String reading() {
        List<Shares> s = shares();
        if (s.isEmpty()) return "No faces.";
        double ea = FaceRegions.EYES.areaFraction(height, width), ma = FaceRegions.MOUTH.areaFraction(height, width);
        Shares mouthV = s.stream().max((a, b) -> Double.compare(ratio(a.mouthVanilla(), a.eyesVanilla()), ratio(b.mouthVanilla(), b.eyesVanilla()))).get();
        Shares eyesV = s.stream().max((a, b) -> Double.compare(ratio(a.eyesVanilla(), a.mouthVanilla()), ratio(b.eyesVanilla(), b.mouthVanilla()))).get();
        Shares mouthG = s.stream().max((a, b) -> Double.compare(ratio(a.mouthGradCam(), a.eyesGradCam()), ratio(b.mouthGradCam(), b.eyesGradCam()))).get();
        Shares eyesG = s.stream().max((a, b) -> Double.compare(ratio(a.eyesGradCam(), a.mouthGradCam()), ratio(b.eyesGradCam(), b.mouthGradCam()))).get();
        double inFaceV = s.stream().mapToDouble(x -> (x.eyesVanilla() + x.mouthVanilla()) * x.n()).sum() / s.stream().mapToInt(Shares::n).sum();
        double inFaceG = s.stream().mapToDouble(x -> (x.eyesGradCam() + x.mouthGradCam()) * x.n()).sum() / s.stream().mapToInt(Shares::n).sum();
        return String.format(Locale.ROOT,
                "The eye and mouth regions cover %.0f%% of the image; they hold %.0f%% of the vanilla-gradient mass and %.0f%% of "
                + "the Grad-CAM mass (face-weighted mean over classes)%s. Vanilla gradient: the most mouth-weighted class is %s "
                + "(mouth/eyes %.2f), the most eye-weighted %s (eyes/mouth %.2f). Grad-CAM: most mouth-weighted %s (%.2f), most "
                + "eye-weighted %s (%.2f). A uniform map would give mouth/eyes %.2f.",
                100 * (ea + ma), 100 * inFaceV, 100 * inFaceG,
                inFaceV > ea + ma ? ", more than a uniform map: the gradients concentrate on the expressive parts" : ", no more than a uniform map",
                mouthV.cls(), ratio(mouthV.mouthVanilla(), mouthV.eyesVanilla()), eyesV.cls(), ratio(eyesV.eyesVanilla(), eyesV.mouthVanilla()),
                mouthG.cls(), ratio(mouthG.mouthGradCam(), mouthG.eyesGradCam()), eyesG.cls(), ratio(eyesG.eyesGradCam(), eyesG.mouthGradCam()),
                ma / ea);
    }

    private static double ratio(double a, double b) {
        return b <= 0 ? Double.POSITIVE_INFINITY : a / b;
    }
}
