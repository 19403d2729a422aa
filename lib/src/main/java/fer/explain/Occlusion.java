package fer.explain;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014): slide a {@code patch} x {@code patch} square filled with
 * the image's mean gray over the image with {@code stride}; a pixel's value is the mean drop of the class
 * score over the patches covering it (positive part: evidence for the class). Forward passes only, so it
 * cross-checks the gradient methods without sharing their code path. The occluded copies go as batches.
 */
public record Occlusion(int patch, int stride) implements SaliencyMethod {
    public Occlusion {
        if (patch < 1 || stride < 1) throw new IllegalArgumentException("occlusion patch and stride must be positive: " + patch + ", " + stride);
    }

    /** An 8-pixel patch, stride 4, scaled to the input side (48: 8 and 4). */
    public static Occlusion of(int side) {
        return new Occlusion(Math.max(2, side / 6), Math.max(1, side / 12));
    }

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String title() {
        return "occlusion " + patch + "px/" + stride;
    }

    @Override
    public INDArray maps(GradientModel model, INDArray images, int[] targets) {
        long n = images.size(0);
        INDArray out = Nd4j.create(DataType.FLOAT, n, images.size(2), images.size(3));
        for (int i = 0; i < n; i++) {
            INDArray drops = sensitivity(model, Tensors.one(images, i));
            out.putSlice(i, drops.slice(targets[i]));
        }
        return org.nd4j.linalg.ops.transforms.Transforms.relu(out, false);
    }

    /** Mean score drop per pixel for every class at once, [classes, h, w] (signed), of one image [1, c, h, w]. */
    public INDArray sensitivity(GradientModel model, INDArray x) {
        int h = (int) x.size(2), w = (int) x.size(3), classes = model.numClasses();
        int ph = Math.min(patch, h), pw = Math.min(patch, w);
        int[] ys = positions(h), xs = positions(w);
        int total = ys.length * xs.length;
        double fill = x.meanNumber().doubleValue();
        double[] base = model.scores(x).castTo(DataType.DOUBLE).data().asDouble();
        double[] sum = new double[classes * h * w];
        int[] count = new int[h * w];
        for (int done = 0; done < total; ) {
            int k = Math.min(Tensors.MAX_BATCH, total - done);
            INDArray batch = Tensors.repeat(x, k);
            for (int j = 0; j < k; j++) {
                int py = ys[(done + j) / xs.length], px = xs[(done + j) % xs.length];
                batch.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.interval(py, py + ph),
                        NDArrayIndex.interval(px, px + pw)).assign(fill);
            }
            double[] s = model.scores(batch).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            for (int j = 0; j < k; j++) {
                int py = ys[(done + j) / xs.length], px = xs[(done + j) % xs.length];
                for (int y = py; y < py + ph; y++) for (int xx = px; xx < px + pw; xx++) {
                    count[y * w + xx]++;
                    for (int c = 0; c < classes; c++) sum[c * h * w + y * w + xx] += base[c] - s[j * classes + c];
                }
            }
            done += k;
        }
        for (int c = 0; c < classes; c++) for (int p = 0; p < h * w; p++) sum[c * h * w + p] /= Math.max(1, count[p]);
        return Nd4j.create(sum, new long[] {classes, h, w}).castTo(DataType.FLOAT);
    }

    /** Patch origins covering 0..n: every stride, plus one flush with the far edge. */
    private int[] positions(int n) {
        int p = Math.min(patch, n);
        java.util.List<Integer> list = new java.util.ArrayList<>();
        for (int o = 0; o + p <= n; o += stride) list.add(o);
        if (list.isEmpty() || list.get(list.size() - 1) + p < n) list.add(n - p);
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
