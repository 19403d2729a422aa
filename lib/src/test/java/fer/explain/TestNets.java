package fer.explain;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small networks for the saliency tests: conv, batch norm, ReLU, max pooling, dense, dropout, softmax. */
public final class TestNets {
    private TestNets() {}

    /** A tiny CNN on side x side x channels images, {@code classes} outputs, batch-norm statistics set to non-trivial values. */
    public static ComputationGraph tiny(int side, int channels, int classes, DataType dt, long seed) {
        var g = new NeuralNetConfiguration.Builder().seed(seed).dataType(dt).updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(side, side, channels))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(6).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn1", new BatchNormalization.Builder().build(), "c1")
                .addLayer("r1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "bn1")
                .addLayer("p1", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "r1")
                // a batch norm after pooling cannot be folded into a convolution: the gradient copy's other path
                .addLayer("bn2", new BatchNormalization.Builder().build(), "p1")
                .addLayer("c2", new ConvolutionLayer.Builder(3, 3).nOut(8).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build(), "bn2")
                .addLayer("fc", new DenseLayer.Builder().nOut(12).activation(Activation.SIGMOID).build(), "c2")
                .addLayer("drop", new DropoutLayer.Builder(0.5).build(), "fc")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "drop")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(g);
        net.init();
        for (String name : new String[] {"bn1", "bn2"}) {
            var bn = net.getLayer(name);
            bn.getParam("mean").assign(Nd4j.rand(dt, bn.getParam("mean").shape()).subi(0.5));
            // DL4J stores log10 of the standard deviation by default: std between 0.5 and 2
            bn.getParam("log10stdev").assign(Nd4j.rand(dt, bn.getParam("log10stdev").shape()).muli(0.6).subi(0.3));
            bn.getParam("gamma").assign(Nd4j.rand(dt, bn.getParam("gamma").shape()).addi(0.5));
            bn.getParam("beta").assign(Nd4j.rand(dt, bn.getParam("beta").shape()).subi(0.5));
        }
        return net;
    }

    /** {@code n} random images in [0, 1), NCHW. */
    public static INDArray images(int n, int channels, int side, DataType dt, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(dt, n, channels, side, side);
    }
}
