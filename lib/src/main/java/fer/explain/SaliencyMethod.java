package fer.explain;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A way of saying which pixels a class score depends on. Every method returns one non-negative map per
 * image at the model's input size, {@code [n, height, width]}; larger means more important.
 */
public interface SaliencyMethod {
    /** Short name used on the command line, in file names and figure rows: {@code vanilla}, {@code ig-blur}, ... */
    String id();

    /** Row label on figures, with the method's parameters. */
    String title();

    /** The maps of {@code images} (NCHW, the model's input) for class {@code targets[i]} of image i. */
    INDArray maps(GradientModel model, INDArray images, int[] targets);
}
