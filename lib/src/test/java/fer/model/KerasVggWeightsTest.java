package fer.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class KerasVggWeightsTest {
    static final int WIDTH = 2; // narrow VGG: 2, 4, 8, 16, 16 filters keeps the file tiny
    static final int SIDE = 32;

    /** Random Keras-layout kernels for the 13 convs of a VGG16 of the given width. */
    static List<KerasH5Fixture.Conv> randomConvs(long seed) {
        Random rnd = new Random(seed);
        List<KerasH5Fixture.Conv> convs = new ArrayList<>();
        int in = 3;
        int i = 0;
        for (int b = 0; b < Models.VGG_CONVS_PER_BLOCK.length; b++) {
            int out = WIDTH * Math.min(1 << b, 8);
            for (int c = 0; c < Models.VGG_CONVS_PER_BLOCK[b]; c++) {
                float[] k = new float[9 * in * out];
                for (int j = 0; j < k.length; j++) k[j] = (float) rnd.nextGaussian() * 0.3f;
                float[] bias = new float[out];
                for (int j = 0; j < out; j++) bias[j] = (float) rnd.nextGaussian() * 0.1f;
                convs.add(new KerasH5Fixture.Conv(Models.vggConvNames().get(i++), k, new long[] {3, 3, in, out}, bias));
                in = out;
            }
        }
        return convs;
    }

    static ComputationGraph tinyVgg() {
        ModelSpec spec = ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(WIDTH).withInputSide(SIDE).withDense(8, 8);
        return Models.build(spec, Optimizer.adam(1e-3));
    }

    @Test
    void importedKernelsGiveTheActivationsOfADirectKerasConvolution(@TempDir Path dir) {
        Path h5 = dir.resolve(KerasVggWeights.FILE_NAME);
        List<KerasH5Fixture.Conv> convs = randomConvs(7);
        KerasH5Fixture.write(h5, convs, List.of("block1_pool", "block2_pool"));
        ComputationGraph net = tinyVgg();

        List<String> set = KerasVggWeights.apply(h5, net);
        assertEquals(Models.vggConvNames(), set);

        // every layer: W[o,i,y,x] == K[y,x,i,o]
        for (KerasH5Fixture.Conv c : convs) {
            INDArray W = net.getLayer(c.name()).getParam("W");
            long[] s = c.shape();
            INDArray k = Nd4j.create(c.kernel(), s, 'c');
            assertEquals(k.getDouble(1, 2, s[2] - 1, 0), W.getDouble(0, s[2] - 1, 1, 2), 0, c.name());
            assertEquals(k.permute(3, 2, 0, 1), W.castTo(DataType.FLOAT), c.name());
            assertEquals(Nd4j.create(c.bias()), net.getLayer(c.name()).getParam("b").reshape(c.bias().length), c.name());
        }

        // a known input through the first two convolutions, computed directly in Keras' layout
        Random rnd = new Random(3);
        float[][][] x = new float[3][SIDE][SIDE];
        INDArray input = Nd4j.create(DataType.FLOAT, 1, 3, SIDE, SIDE);
        for (int ch = 0; ch < 3; ch++) {
            for (int y = 0; y < SIDE; y++) {
                for (int xx = 0; xx < SIDE; xx++) {
                    x[ch][y][xx] = rnd.nextFloat();
                    input.putScalar(new long[] {0, ch, y, xx}, x[ch][y][xx]);
                }
            }
        }
        Map<String, INDArray> acts = net.feedForward(new INDArray[] {input}, false, false);
        float[][][] a1 = convSameRelu(x, convs.get(0));
        float[][][] a2 = convSameRelu(a1, convs.get(1));
        assertClose(a1, acts.get("block1_conv1"), "block1_conv1");
        assertClose(a2, acts.get("block1_conv2"), "block1_conv2");
    }

    @Test
    void aFileWithoutTheVggLayersIsRejectedNamingFileAndLayer(@TempDir Path dir) {
        Path h5 = dir.resolve("other.h5");
        KerasH5Fixture.write(h5, randomConvs(1).subList(0, 3), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasVggWeights.apply(h5, tinyVgg()));
        assertTrue(e.getMessage().contains(h5.toString()) && e.getMessage().contains("block2_conv2"), e.getMessage());
    }

    @Test
    void missingWeightsFallBackToRandomInitWithANotice(@TempDir Path dir) {
        ComputationGraph net = tinyVgg();
        INDArray before = net.getLayer("block1_conv1").getParam("W").dup();
        var opts = new PretrainedWeights.Options(dir.resolve("none.zip"), dir.resolve("none.h5"), false,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
        PretrainedWeights.Result r = PretrainedWeights.applyImageNet(net, Architecture.CUSTOM, opts);
        assertEquals(PretrainedWeights.Source.RANDOM_INIT, r.source());
        assertTrue(r.notice().contains("RANDOM"), r.notice());
        assertEquals(before, net.getLayer("block1_conv1").getParam("W"));

        Path h5 = dir.resolve("k.h5");
        KerasH5Fixture.write(h5, randomConvs(5), List.of());
        var withH5 = new PretrainedWeights.Options(dir.resolve("none.zip"), h5, false, opts.connectTimeout(), opts.stallTimeout());
        PretrainedWeights.Result r2 = PretrainedWeights.applyImageNet(net, Architecture.CUSTOM, withH5);
        assertEquals(PretrainedWeights.Source.IMAGENET_KERAS_H5, r2.source());
        assertNotEquals(before, net.getLayer("block1_conv1").getParam("W"));
    }

    /** Keras Conv2D(3x3, padding='same', relu) on CHW input with an HWIO kernel. */
    static float[][][] convSameRelu(float[][][] x, KerasH5Fixture.Conv c) {
        int in = (int) c.shape()[2];
        int out = (int) c.shape()[3];
        int h = x[0].length;
        int w = x[0][0].length;
        float[][][] y = new float[out][h][w];
        for (int o = 0; o < out; o++) {
            for (int r = 0; r < h; r++) {
                for (int q = 0; q < w; q++) {
                    double s = c.bias()[o];
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            int rr = r + ky - 1;
                            int qq = q + kx - 1;
                            if (rr < 0 || rr >= h || qq < 0 || qq >= w) continue;
                            for (int i = 0; i < in; i++) {
                                s += x[i][rr][qq] * c.kernel()[((ky * 3 + kx) * in + i) * out + o];
                            }
                        }
                    }
                    y[o][r][q] = (float) Math.max(0, s);
                }
            }
        }
        return y;
    }

    static void assertClose(float[][][] expected, INDArray actual, String what) {
        double maxErr = 0;
        double maxVal = 0;
        for (int o = 0; o < expected.length; o++) {
            for (int r = 0; r < expected[0].length; r++) {
                for (int q = 0; q < expected[0][0].length; q++) {
                    maxErr = Math.max(maxErr, Math.abs(expected[o][r][q] - actual.getDouble(0, o, r, q)));
                    maxVal = Math.max(maxVal, Math.abs(expected[o][r][q]));
                }
            }
        }
        assertTrue(maxVal > 0.1, what + ": activations should not all be ~0");
        assertTrue(maxErr < 1e-4 * Math.max(1, maxVal), what + ": max abs error " + maxErr);
    }
}
