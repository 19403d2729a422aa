package fer.engine;

import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Batch-normalisation arithmetic for NCHW float tensors, one feature-map plane (one sample, one channel:
 * H×W contiguous floats) at a time, on the calling thread (-Dfer.bn.threads=N splits the planes over N tasks of
 * the common fork-join pool; in a training step a second thread gained nothing measurable).
 *
 * <p>Why this exists: in DL4J M2.1 a training step's batch norm costs 4–9× PyTorch's (profile in
 * docs/train.md). DL4J computes the batch mean and variance with ND4J reductions over dimensions 0, 2, 3
 * of an NCHW array (strided, slow), and libnd4j's {@code batchnorm_bp} adds the mean/variance terms of the
 * gradient in generic code around oneDNN's plain-layout kernel. Here every pass reads a plane into a
 * small on-heap scratch array (one bulk copy, then L1-resident), so the per-channel reductions and the
 * element-wise passes all run at memory speed: two passes forward (statistics, then y = a·x + b), two
 * backward (two sums per channel, then dx).
 *
 * <p>Numerics: sums are accumulated per plane in float over 4 lanes, then across planes in double; the
 * variance uses sums shifted by one sample of the channel, so a large mean does not cancel digits.
 */
final class PlaneBatchNorm {
    private PlaneBatchNorm() {}

    /** Floats per bulk copy into a scratch array (16 KiB: stays in L1 with the loop's other data). */
    static final int BLOCK_FLOATS = 4096;

    /** A tensor [n, c, s] (s = H·W) in a buffer, from element {@code offset}. */
    record Planes(FloatBuffer buf, long offset, int n, int c, int s) {
        int planes() {
            return n * c;
        }

        /** Copies planes p … p + count − 1 (plane p: sample p / c, channel p % c) into {@code into}. */
        void read(int p, int count, float[] into) {
            buf.get(Math.toIntExact(offset + (long) p * s), into, 0, count * s);
        }

        void write(int p, int count, float[] from) {
            buf.put(Math.toIntExact(offset + (long) p * s), from, 0, count * s);
        }

        /** Planes per bulk copy: small planes (3×3 maps) go in blocks, since each copy has a fixed cost. */
        int block() {
            return Math.max(1, BLOCK_FLOATS / s);
        }
    }

    /** Work split into contiguous plane ranges: enough tasks for every core, none tiny. */
    private static int tasks(Planes x) {
        int cores = Integer.getInteger("fer.bn.threads", 1);
        if (cores <= 1) return 1;
        long work = (long) x.planes() * x.s();
        if (work < 32_768) return 1; // thread hand-off costs more than the pass
        return Math.min(x.planes(), cores * 2);
    }

    private static int from(int task, int tasks, int planes) {
        return (int) ((long) planes * task / tasks);
    }

    /** What a pass does with one block of whole planes, read into {@code xs} (and {@code ys} when a second tensor is read). */
    @FunctionalInterface
    private interface Block {
        void run(int task, int firstPlane, int count, float[] xs, float[] ys);
    }

    /**
     * Runs {@code body} over every block of planes of {@code x} (and the same planes of {@code second}, when not null),
     * split into {@code tasks} contiguous ranges on the common fork-join pool; each task has its own scratch arrays.
     */
    private static void forBlocks(int tasks, Planes x, Planes second, Block body) {
        int len = x.s();
        IntStream.range(0, tasks).parallel().forEach(t -> {
            float[] xs = new float[x.block() * len];
            float[] ys = second == null ? null : new float[x.block() * len];
            int end = from(t + 1, tasks, x.planes());
            for (int p0 = from(t, tasks, x.planes()); p0 < end; p0 += x.block()) {
                int count = Math.min(x.block(), end - p0);
                x.read(p0, count, xs);
                if (second != null) second.read(p0, count, ys);
                body.run(t, p0, count, xs, ys);
            }
        });
    }

    /** Per-channel batch mean and biased variance (what DL4J's layer and oneDNN use in training). */
    static void statistics(Planes x, float[] mean, float[] var) {
        int c = x.c();
        float[] shift = new float[c];
        for (int ch = 0; ch < c; ch++) shift[ch] = x.buf().get(Math.toIntExact(x.offset() + (long) ch * x.s()));
        int tasks = tasks(x);
        double[][] sums = new double[tasks][2 * c];
        int len = x.s();
        forBlocks(tasks, x, null, (t, p0, count, block, unused) -> {
            double[] acc = sums[t];
            for (int j = 0; j < count; j++) {
                int ch = (p0 + j) % c;
                float k = shift[ch];
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
                int i = j * len;
                int stop = i + len;
                for (; i + 3 < stop; i += 4) {
                    float d0 = block[i] - k, d1 = block[i + 1] - k, d2 = block[i + 2] - k, d3 = block[i + 3] - k;
                    s0 += d0; s1 += d1; s2 += d2; s3 += d3;
                    q0 += d0 * d0; q1 += d1 * d1; q2 += d2 * d2; q3 += d3 * d3;
                }
                for (; i < stop; i++) {
                    float d = block[i] - k;
                    s0 += d;
                    q0 += d * d;
                }
                acc[2 * ch] += (double) s0 + s1 + s2 + s3;
                acc[2 * ch + 1] += (double) q0 + q1 + q2 + q3;
            }
        });
        double m = (double) x.n() * x.s();
        for (int ch = 0; ch < c; ch++) {
            double s = 0, q = 0;
            for (double[] acc : sums) {
                s += acc[2 * ch];
                q += acc[2 * ch + 1];
            }
            double d = s / m;
            mean[ch] = (float) (shift[ch] + d);
            var[ch] = (float) Math.max(0, q / m - d * d);
        }
    }

    /** y = a[ch]·x + b[ch], plane by plane ({@code y} may be {@code x}). */
    static void affine(Planes x, Planes y, float[] a, float[] b) {
        int c = x.c();
        int tasks = tasks(x);
        int len = x.s();
        forBlocks(tasks, x, null, (t, p0, count, block, unused) -> {
            for (int j = 0; j < count; j++) {
                float ai = a[(p0 + j) % c], bi = b[(p0 + j) % c];
                for (int i = j * len, stop = i + len; i < stop; i++) block[i] = block[i] * ai + bi;
            }
            y.write(p0, count, block);
        });
    }

    /**
     * The training-mode gradient: from dL/dy and the forward input x with its batch statistics, writes
     * dL/dx into {@code dx} and returns per channel {dL/dγ, dL/dβ} in {@code dGamma}, {@code dBeta}.
     * dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy·x̂)), with x̂ = (x − μ)/σ.
     */
    static void backward(Planes x, Planes dy, Planes dx, float[] mean, float[] invStd, float[] gamma,
                         float[] dGamma, float[] dBeta) {
        int c = x.c();
        int tasks = tasks(x);
        double[][] sums = new double[tasks][2 * c];
        int len = x.s();
        forBlocks(tasks, x, dy, (t, p0, count, xs, gs) -> {
            double[] acc = sums[t];
            for (int j = 0; j < count; j++) {
                int ch = (p0 + j) % c;
                float mu = mean[ch];
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
                int i = j * len;
                int stop = i + len;
                for (; i + 3 < stop; i += 4) {
                    s0 += gs[i]; s1 += gs[i + 1]; s2 += gs[i + 2]; s3 += gs[i + 3];
                    q0 += gs[i] * (xs[i] - mu);
                    q1 += gs[i + 1] * (xs[i + 1] - mu);
                    q2 += gs[i + 2] * (xs[i + 2] - mu);
                    q3 += gs[i + 3] * (xs[i + 3] - mu);
                }
                for (; i < stop; i++) {
                    s0 += gs[i];
                    q0 += gs[i] * (xs[i] - mu);
                }
                acc[2 * ch] += (double) s0 + s1 + s2 + s3;
                acc[2 * ch + 1] += (double) q0 + q1 + q2 + q3;
            }
        });
        double m = (double) x.n() * x.s();
        float[] k0 = new float[c];
        float[] k1 = new float[c];
        float[] a = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double sdy = 0, sdyx = 0;
            for (double[] acc : sums) {
                sdy += acc[2 * ch];
                sdyx += acc[2 * ch + 1];
            }
            double is = invStd[ch];
            double dg = sdyx * is;
            dBeta[ch] = (float) sdy;
            dGamma[ch] = (float) dg;
            double ai = gamma[ch] * is;
            double k1d = -ai * dg * is / m;
            a[ch] = (float) ai;
            k1[ch] = (float) k1d;
            k0[ch] = (float) (-ai * sdy / m); // dx = a·dy + k1·(x − μ) + k0
        }
        forBlocks(tasks, x, dy, (t, p0, count, xs, gs) -> {
            for (int j = 0; j < count; j++) {
                int ch = (p0 + j) % c;
                float ai = a[ch], k1i = k1[ch], k0i = k0[ch], mu = mean[ch];
                for (int i = j * len, stop = i + len; i < stop; i++) gs[i] = ai * gs[i] + k1i * (xs[i] - mu) + k0i;
            }
            dx.write(p0, count, gs);
        });
    }
}
