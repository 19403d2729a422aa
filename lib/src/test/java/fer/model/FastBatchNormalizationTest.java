package fer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * {@link FastBatchNormalization} against DL4J's built-in batch norm (helpers off: DL4J's own Java/ND4J
 * arithmetic, the reference), on inputs with a large mean (where a naive E[x²] − E[x]² variance loses its
 * digits), for outputs, every parameter gradient (γ, β and the running-statistics updates), the gradient
 * at the input, and the parameters after a few SGD steps.
 */
class FastBatchNormalizationTest {
    static final String FLAG = "org.eclipse.deeplearning4j.helpers.disable";

    /** input (C channels, side×side) → batch norm → softmax over 3 classes. */
    static ComputationGraph net(boolean helpers, BatchNormalization bn, int channels, int side, CNN2DFormat format) {
        String before = System.getProperty(FLAG);
        System.setProperty(FLAG, Boolean.toString(!helpers));
        try {
            bn.setCnn2DFormat(format);
            ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).updater(new Sgd(0.1))
                    .graphBuilder().addInputs("in")
                    .setInputTypes(InputType.convolutional(side, side, channels, format))
                    .addLayer("bn", bn, "in")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                            .activation(Activation.SOFTMAX).build(), "bn")
                    .setOutputs("out").build());
            g.init();
            return g;
        } finally {
            if (before == null) System.clearProperty(FLAG);
            else System.setProperty(FLAG, before);
        }
    }

    static Object helperOf(ComputationGraph g) throws ReflectiveOperationException {
        Field f = org.deeplearning4j.nn.layers.normalization.BatchNormalization.class.getDeclaredField("helper");
        f.setAccessible(true);
        return f.get(g.getLayer("bn"));
    }

    @Test
    void installsItsHelperOnlyWhereDl4jHelpersAreOn() throws ReflectiveOperationException {
        ComputationGraph on = net(true, new FastBatchNormalization(), 4, 6, CNN2DFormat.NCHW);
        assertInstanceOf(FastBatchNormalization.Helper.class, helperOf(on));
        ComputationGraph off = net(false, new FastBatchNormalization(), 4, 6, CNN2DFormat.NCHW);
        assertNull(helperOf(off), "helpers disabled: DL4J's built-in layer, untouched");
    }

    @Test
    void matchesDl4jBuiltInBatchNormOnNchwFeatureMaps() {
        compare(CNN2DFormat.NCHW, 16, 8, 12);
        compare(CNN2DFormat.NCHW, 64, 32, 3); // small planes: the blocked copies
    }

    @Test
    void nhwcFallsBackToDl4jAndStillMatches() {
        compare(CNN2DFormat.NHWC, 8, 4, 6);
    }

    static void compare(CNN2DFormat format, int batch, int channels, int side) {
        ComputationGraph ref = net(false, new BatchNormalization.Builder().build(), channels, side, format);
        ComputationGraph fast = net(true, new FastBatchNormalization(), channels, side, format);
        fast.setParams(ref.params().dup());
        Nd4j.getRandom().setSeed(3);
        long[] shape = format == CNN2DFormat.NCHW ? new long[] {batch, channels, side, side} : new long[] {batch, side, side, channels};
        INDArray x = Nd4j.randn(DataType.FLOAT, shape).muli(3).addi(50); // mean 50, sd 3
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, 3);
        for (int i = 0; i < batch; i++) y.putScalar(i, i % 3, 1f);
        String what = format + " " + batch + "x" + channels + "x" + side + "x" + side;

        close(ref.outputSingle(true, x), fast.outputSingle(true, x), what + " training-mode output");
        close(gradient(ref, x, y), gradient(fast, x, y), what + " parameter gradients (incl. running statistics)");
        close(inputGradient(ref, x, y), inputGradient(fast, x, y), what + " gradient at the input");
        for (int i = 0; i < 3; i++) {
            ref.fit(new INDArray[] {x}, new INDArray[] {y});
            fast.fit(new INDArray[] {x}, new INDArray[] {y});
        }
        close(ref.params(), fast.params(), what + " parameters after 3 SGD steps");
        close(ref.outputSingle(false, x), fast.outputSingle(false, x), what + " inference output (running statistics)");
    }

    static INDArray gradient(ComputationGraph net, INDArray x, INDArray y) {
        net.setInput(0, x);
        net.setLabel(0, y);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    static INDArray inputGradient(ComputationGraph net, INDArray x, INDArray y) {
        net.setInput(0, x);
        net.setLabel(0, y);
        net.computeGradientAndScore();
        // the batch norm's own backward pass, fed the output layer's epsilon
        org.deeplearning4j.nn.api.Layer bn = net.getLayer("bn");
        org.deeplearning4j.nn.api.Layer out = net.getLayer("out");
        bn.setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray act = bn.activate(true, LayerWorkspaceMgr.noWorkspaces());
        out.setInput(act.reshape(act.size(0), -1), LayerWorkspaceMgr.noWorkspaces());
        ((org.deeplearning4j.nn.layers.BaseOutputLayer<?>) out).setLabels(y);
        INDArray eps = out.backpropGradient(null, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        return bn.backpropGradient(eps.reshape(act.shape()), LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
    }

    static void close(INDArray expected, INDArray actual, String what) {
        double norm = expected.norm2Number().doubleValue();
        double diff = expected.sub(actual).norm2Number().doubleValue();
        assertTrue(norm > 0, what + " is all zero");
        assertTrue(diff / norm < 1e-4, what + ": relative error " + diff / norm);
        System.out.printf("fast vs built-in batch norm, %s: relative error %.2e%n", what, diff / norm);
    }

    @Test
    void statisticsKeepTheirDigitsUnderALargeMean() {
        int n = 4, c = 3, s = 100;
        float[] data = new float[n * c * s];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < data.length; i++) data[i] = 10_000f + (float) r.nextGaussian();
        INDArray x = Nd4j.createFromArray(data).reshape(n, c, 10, 10);
        float[] mean = new float[c];
        float[] var = new float[c];
        PlaneBatchNorm.statistics(new PlaneBatchNorm.Planes(x.data().asNioFloat(), 0, n, c, s), mean, var);
        for (int ch = 0; ch < c; ch++) {
            double m = 0, q = 0;
            for (int i = 0; i < n; i++) for (int k = 0; k < s; k++) m += data[(i * c + ch) * s + k];
            m /= n * s;
            for (int i = 0; i < n; i++) for (int k = 0; k < s; k++) q += Math.pow(data[(i * c + ch) * s + k] - m, 2);
            q /= n * s;
            assertEquals(m, mean[ch], 1e-3, "mean of channel " + ch);
            assertEquals(q, var[ch], 1e-3 * q, "variance of channel " + ch + " (about 1 under a mean of 10,000)");
        }
    }
}
