package fer.train;

import fer.model.Models;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Counts correct predictions during {@code fit} without a second forward pass. DL4J's forward-pass
 * callback omits the output layer's activations, so this listener takes the activations that feed the
 * softmax layer and applies its weights itself: argmax of {@code xW + b} equals argmax of the softmax.
 * The count therefore includes dropout, as Keras' training accuracy does.
 */
public final class TrainingAccuracy extends BaseTrainingListener {
    private final String feeding;
    private INDArray labels;
    private long correct;
    private long seen;

    public TrainingAccuracy(ComputationGraph net) {
        this.feeding = net.getConfiguration().getVertexInputs().get(Models.OUTPUT).get(0);
    }

    /** The labels of the batch about to be fitted. */
    public void nextBatch(INDArray batchLabels) {
        this.labels = batchLabels;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        INDArray x = activations.get(feeding);
        if (x == null || labels == null) return;
        ComputationGraph g = (ComputationGraph) model;
        var out = g.getLayer(Models.OUTPUT);
        INDArray flat = x.rank() == 2 ? x : x.reshape('c', x.size(0), x.length() / x.size(0));
        INDArray logits = flat.castTo(out.getParam("W").dataType()).mmul(out.getParam("W")).addiRowVector(out.getParam("b"));
        INDArray predicted = logits.argMax(1);
        INDArray truth = labels.argMax(1);
        correct += predicted.eq(truth).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        seen += labels.size(0);
        labels = null;
    }

    public void reset() {
        correct = 0;
        seen = 0;
    }

    /** Accuracy over the batches since {@link #reset}, NaN before the first. */
    public double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }
}
