package fer.explain;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SmoothGrad (Smilkov et al. 2017): the mean input gradient over {@code samples} copies of the image with
 * Gaussian noise of standard deviation {@code noise} x (max - min of the image), then max |.| over
 * channels. The copies of one image go through the network as one batch.
 *
 * @param seed noise seed; image i of a call uses the stream {@code seed + i}
 */
public record SmoothGrad(int samples, double noise, long seed) implements SaliencyMethod {
    public SmoothGrad {
        if (samples < 1) throw new IllegalArgumentException("SmoothGrad needs at least 1 sample, got " + samples);
        if (noise < 0) throw new IllegalArgumentException("SmoothGrad noise must be >= 0, got " + noise);
    }

    /** Smilkov et al.'s suggested setting: 25 samples (the n), 15 % noise. */
    public static SmoothGrad defaults(long seed) {
        return new SmoothGrad(25, 0.15, seed);
    }

    @Override
    public String id() {
        return "smoothgrad";
    }

    @Override
    public String title() {
        return "SmoothGrad n=" + samples + " σ=" + noise;
    }

    @Override
    public INDArray maps(GradientModel model, INDArray images, int[] targets) {
        long n = images.size(0);
        INDArray out = Nd4j.create(DataType.FLOAT, n, images.size(2), images.size(3));
        for (int i = 0; i < n; i++) {
            INDArray x = Tensors.one(images, i).castTo(DataType.FLOAT);
            double sigma = noise * (x.maxNumber().doubleValue() - x.minNumber().doubleValue());
            SplittableRandom rnd = new SplittableRandom(seed + i);
            INDArray sum = Nd4j.zeros(DataType.FLOAT, x.shape());
            for (int done = 0; done < samples; ) {
                int k = Math.min(Tensors.MAX_BATCH, samples - done);
                INDArray batch = Tensors.repeat(x, k);
                float[] eps = new float[(int) batch.length()];
                for (int p = 0; p < eps.length; p++) eps[p] = (float) (sigma * gauss(rnd));
                batch.addi(Nd4j.create(eps, batch.shape()));
                INDArray g = model.backward(batch, Tensors.oneHot(targets[i], k, model.numClasses())).inputGradient();
                sum.addi(g.castTo(DataType.FLOAT).sum(true, 0));
                done += k;
            }
            out.putSlice(i, Tensors.maxAbsOverChannels(sum.divi(samples)).reshape(images.size(2), images.size(3)));
        }
        return out;
    }

    private static double gauss(SplittableRandom r) {
        // Marsaglia polar method: exact normal draws from a seeded stream
        double u, v, s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
