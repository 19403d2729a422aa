package fer.explain;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The report's saliency map (Simonyan et al. 2014): the gradient of the class score with respect to the
 * input pixels, max of its absolute value over channels. The whole batch is one forward + backward pass.
 */
public record VanillaGradient() implements SaliencyMethod {
    @Override
    public String id() {
        return "vanilla";
    }

    @Override
    public String title() {
        return "vanilla gradient";
    }

    @Override
    public INDArray maps(GradientModel model, INDArray images, int[] targets) {
        return Tensors.maxAbsOverChannels(gradients(model, images, targets));
    }

    /** The signed input gradients [n, c, h, w] of each image's target class score. */
    public static INDArray gradients(GradientModel model, INDArray images, int[] targets) {
        return model.backward(images, Tensors.oneHot(targets, model.numClasses())).inputGradient();
    }
}
