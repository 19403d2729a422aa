package fer.evaluate;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Untrained networks with fixed (seeded) weights: evaluation code needs a model, not a good one. */
public final class TinyNets {
    private TinyNets() {}

    /** conv 3×3 (4 filters, tanh) → global max pool → softmax over {@code classes}; inputs "input", output "predictions". */
    public static ComputationGraph fixed(int side, int channels, int classes, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).weightInit(WeightInit.XAVIER)
                .graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(side, side, channels))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).stride(2, 2).activation(Activation.TANH).build(), "input")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), "conv")
                .addLayer("predictions", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("predictions").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        // sharpen the output so predictions differ between images (an untrained net is otherwise near-uniform)
        net.getLayer("predictions").getParam("W").muli(40);
        return net;
    }
}
