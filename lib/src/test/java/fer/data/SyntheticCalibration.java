package fer.data;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Calibrates synthetic FER's difficulty: trains a small CNN of its own (not the project's model, which
 * lives in fer.model) on the quick-size set and prints test accuracy per epoch and the most confused
 * pairs. Not a unit test (minutes of CPU): run by hand, see docs/data.md.
 *
 * <pre>java -cp lib/target/test-classes:lib/target/classpath/* fer.data.SyntheticCalibration [epochs] [train] [test]</pre>
 */
public final class SyntheticCalibration {
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        SyntheticConfig cfg = SyntheticConfig.quick();
        if (args.length > 2) cfg = cfg.withSizes(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        long t0 = System.nanoTime();
        SyntheticFer.Generated g = SyntheticFer.generate(cfg, null);
        System.out.printf("generated %d images in %.1f s (%s)%n", cfg.total(), (System.nanoTime() - t0) / 1e9, cfg);
        DataSet train = toDataSet(g, 0, cfg.trainSize());
        DataSet test = toDataSet(g, cfg.trainSize(), cfg.total());
        MultiLayerNetwork net = smallCnn();
        for (int e = 1; e <= epochs; e++) {
            long t1 = System.nanoTime();
            train.shuffle(100 + e);
            for (DataSet b : train.batchBy(32)) net.fit(b);
            int[][] cm = confusion(net, test);
            System.out.printf("epoch %d: test accuracy %.3f (%.0f s)%n", e, accuracy(cm), (System.nanoTime() - t1) / 1e9);
            report(cm); // every epoch: a run cut short still leaves its numbers
        }
    }

    static MultiLayerNetwork smallCnn() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).updater(new Adam(1e-3)).weightInit(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).dropOut(0.6).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(7).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(48, 48, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet toDataSet(SyntheticFer.Generated g, int from, int to) {
        int n = to - from;
        float[] x = new float[n * 48 * 48];
        float[] y = new float[n * 7];
        for (int i = 0; i < n; i++) {
            byte[] px = g.pixels()[from + i];
            for (int k = 0; k < px.length; k++) x[i * 2304 + k] = (px[k] & 255) / 255f;
            y[i * 7 + g.labels()[from + i]] = 1;
        }
        INDArray f = Nd4j.create(x, new long[] {n, 1, 48, 48});
        return new DataSet(f, Nd4j.create(y, new long[] {n, 7}));
    }

    static int[][] confusion(MultiLayerNetwork net, DataSet test) {
        int[][] cm = new int[7][7];
        for (DataSet b : test.batchBy(128)) {
            INDArray out = net.output(b.getFeatures(), false);
            INDArray pred = out.argMax(1), truth = b.getLabels().argMax(1);
            for (int i = 0; i < pred.length(); i++) cm[truth.getInt(i)][pred.getInt(i)]++;
        }
        return cm;
    }

    static double accuracy(int[][] cm) {
        int ok = 0, all = 0;
        for (int i = 0; i < 7; i++) for (int j = 0; j < 7; j++) { all += cm[i][j]; if (i == j) ok += cm[i][j]; }
        return (double) ok / all;
    }

    static void report(int[][] cm) {
        System.out.println("confusion matrix (rows: true, columns: predicted; angry disgust fear happy sad surprise neutral)");
        for (int[] row : cm) {
            StringBuilder b = new StringBuilder();
            for (int v : row) b.append(String.format("%5d", v));
            System.out.println(b);
        }
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < 7; i++) for (int j = i + 1; j < 7; j++) pairs.add(new int[] {i, j, cm[i][j] + cm[j][i]});
        pairs.sort((p, q) -> q[2] - p[2]);
        System.out.println("most confused pairs (both directions):");
        for (int k = 0; k < 5; k++) {
            int[] p = pairs.get(k);
            System.out.printf("  %s / %s: %d%n", Emotion.ofLabel(p[0]).id(), Emotion.ofLabel(p[1]).id(), p[2]);
        }
    }
}
