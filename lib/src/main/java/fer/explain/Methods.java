package fer.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses method lists such as {@code vanilla,smoothgrad,ig,gradcam,occlusion} into configured methods. */
public final class Methods {
    /** Every method name accepted; {@code ig} stands for both baselines. */
    public static final String NAMES = "vanilla, smoothgrad, ig (= ig-black + ig-blur), ig-black, ig-blur, gradcam, occlusion, all";

    private Methods() {}

    /** The methods named in {@code list} (comma-separated) with their default settings for a {@code side}-pixel input. */
    public static List<SaliencyMethod> parse(String list, int side, long seed) {
        List<SaliencyMethod> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            switch (name) {
                case "vanilla", "gradient" -> out.add(new VanillaGradient());
                case "smoothgrad" -> out.add(SmoothGrad.defaults(seed));
                case "ig" -> {
                    out.add(IntegratedGradients.of(IntegratedGradients.Baseline.BLACK, side));
                    out.add(IntegratedGradients.of(IntegratedGradients.Baseline.BLUR, side));
                }
                case "ig-black" -> out.add(IntegratedGradients.of(IntegratedGradients.Baseline.BLACK, side));
                case "ig-blur" -> out.add(IntegratedGradients.of(IntegratedGradients.Baseline.BLUR, side));
                case "gradcam", "grad-cam" -> out.add(GradCam.lastConv());
                case "occlusion" -> out.add(Occlusion.of(side));
                case "all" -> out.addAll(parse("vanilla,smoothgrad,ig,gradcam,occlusion", side, seed));
                default -> throw new IllegalArgumentException("unknown saliency method '" + raw.trim() + "': expected " + NAMES);
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no saliency method given: expected " + NAMES);
        return out;
    }
}
