package fer.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Integrated Gradients (Sundararajan et al. 2017): (x - x') times the mean gradient along the straight path
 * from a baseline x' to x, by the midpoint rule with {@code steps} points (all the path's points of one
 * image go through the network as batches). Completeness: the attributions sum to f(x) - f(x'), up to the
 * rule's error, which {@link Attribution#completenessGap()} reports. The map is |sum over channels|.
 *
 * @param blurSigma the blurred baseline's Gaussian sigma in pixels (ignored for the black baseline)
 */
public record IntegratedGradients(int steps, Baseline baseline, double blurSigma) implements SaliencyMethod {
    /** Where the path starts. */
    public enum Baseline {
        /** An all-zero (black) image. */
        BLACK,
        /** The image itself, Gaussian-blurred: removes detail but keeps brightness (no "black is neutral" assumption). */
        BLUR
    }

    public IntegratedGradients {
        if (steps < 1) throw new IllegalArgumentException("IG needs at least 1 step, got " + steps);
        if (baseline == null) throw new IllegalArgumentException("IG baseline must be set");
    }

    /** m = 50 steps (the issue's), blur sigma = side / 8 when the blurred baseline is used. */
    public static IntegratedGradients of(Baseline baseline, int side) {
        return new IntegratedGradients(50, baseline, side / 8.0);
    }

    /** Attributions of one image with the scores at both ends of the path. */
    public record Attribution(INDArray attributions, double scoreAtImage, double scoreAtBaseline) {
        /** Sum of all attributions. */
        public double sum() {
            return attributions.sumNumber().doubleValue();
        }

        /** |sum - (f(x) - f(x'))| / |f(x) - f(x')|: 0 for exact completeness. */
        public double completenessGap() {
            double delta = scoreAtImage - scoreAtBaseline;
            return Math.abs(sum() - delta) / Math.max(Math.abs(delta), 1e-12);
        }
    }

    @Override
    public String id() {
        return baseline == Baseline.BLACK ? "ig-black" : "ig-blur";
    }

    @Override
    public String title() {
        return "IG " + (baseline == Baseline.BLACK ? "black" : "blur σ=" + Math.round(blurSigma)) + " m=" + steps;
    }

    @Override
    public INDArray maps(GradientModel model, INDArray images, int[] targets) {
        long n = images.size(0);
        INDArray out = Nd4j.create(DataType.FLOAT, n, images.size(2), images.size(3));
        for (int i = 0; i < n; i++) {
            INDArray a = attribute(model, Tensors.one(images, i), targets[i]).attributions();
            out.putSlice(i, Nd4j.math().abs(a.castTo(DataType.FLOAT).sum(1)).reshape(images.size(2), images.size(3)));
        }
        return out;
    }

    /** Attributions [1, c, h, w] of image {@code x} ([1, c, h, w]) for class {@code target}. */
    public Attribution attribute(GradientModel model, INDArray x, int target) {
        INDArray x0 = baselineOf(x);
        INDArray diff = x.sub(x0);
        INDArray sum = Nd4j.zeros(x.dataType(), x.shape());
        for (int done = 0; done < steps; ) {
            int k = Math.min(Tensors.MAX_BATCH, steps - done);
            INDArray batch = Tensors.repeat(x0, k);
            for (int j = 0; j < k; j++) {
                double alpha = (done + j + 0.5) / steps;
                Tensors.one(batch, j).addi(diff.mul(alpha));
            }
            INDArray g = model.backward(batch, Tensors.oneHot(target, k, model.numClasses())).inputGradient();
            sum.addi(g.castTo(x.dataType()).sum(true, 0));
            done += k;
        }
        INDArray attributions = diff.mul(sum.divi(steps));
        INDArray ends = model.scores(Nd4j.concat(0, x, x0));
        return new Attribution(attributions, ends.getDouble(0, target), ends.getDouble(1, target));
    }

    /** The baseline image for {@code x} ([1, c, h, w]). */
    public INDArray baselineOf(INDArray x) {
        return baseline == Baseline.BLACK ? Nd4j.zerosLike(x) : gaussianBlur(x, blurSigma);
    }

    /** Separable Gaussian blur of every channel (edges reflected), sigma in pixels. */
    static INDArray gaussianBlur(INDArray x, double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double total = 0;
        for (int i = -r; i <= r; i++) total += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= total;
        int h = (int) x.size(2), w = (int) x.size(3);
        INDArray out = x.dup();
        for (int n = 0; n < x.size(0); n++) {
            for (int c = 0; c < x.size(1); c++) {
                double[] img = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                        .castTo(DataType.DOUBLE).dup().data().asDouble();
                double[] tmp = new double[h * w];
                for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
                    double s = 0;
                    for (int d = -r; d <= r; d++) s += k[d + r] * img[y * w + reflect(xx + d, w)];
                    tmp[y * w + xx] = s;
                }
                double[] res = new double[h * w];
                for (int y = 0; y < h; y++) for (int xx = 0; xx < w; xx++) {
                    double s = 0;
                    for (int d = -r; d <= r; d++) s += k[d + r] * tmp[reflect(y + d, h) * w + xx];
                    res[y * w + xx] = s;
                }
                out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                        .assign(Nd4j.create(res, new long[] {h, w}).castTo(x.dataType()));
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - i - 1;
        return i;
    }
}
