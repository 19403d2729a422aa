package fer.explain;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Grad-CAM (Selvaraju et al. 2017): the feature maps A_k of a convolutional layer weighted by the spatial
 * mean of d score / d A_k, summed, ReLU, bilinearly upsampled to the input. One backward pass per batch.
 *
 * @param layer the vertex explained; null for {@link GradientModel#lastConvVertex()}
 */
public record GradCam(String layer) implements SaliencyMethod {
    /** Grad-CAM on the model's last convolutional block. */
    public static GradCam lastConv() {
        return new GradCam(null);
    }

    @Override
    public String id() {
        return "gradcam";
    }

    @Override
    public String title() {
        return "Grad-CAM" + (layer == null ? "" : " " + layer);
    }

    @Override
    public INDArray maps(GradientModel model, INDArray images, int[] targets) {
        String at = layer == null ? model.lastConvVertex() : layer;
        GradientModel.Backward b = model.backward(images, Tensors.oneHot(targets, model.numClasses()), at);
        return fromActivations(model, at, b.activations().get(at), b.gradients().get(at), (int) images.size(2), (int) images.size(3));
    }

    /** Grad-CAM maps from a layer's activations and their gradients (as {@link GradientModel#backward} returns them). */
    static INDArray fromActivations(GradientModel model, String at, INDArray a, INDArray g, int h, int w) {
        if (!(model.activationType(at) instanceof InputType.InputTypeConvolutional c)) {
            throw new IllegalArgumentException("Grad-CAM needs a convolutional feature map; vertex " + at + " outputs "
                    + model.activationType(at));
        }
        if (c.getFormat() == CNN2DFormat.NHWC) {
            a = a.permute(0, 3, 1, 2);
            g = g.permute(0, 3, 1, 2);
        }
        a = a.castTo(DataType.FLOAT);
        g = g.castTo(DataType.FLOAT);
        long n = a.size(0), k = a.size(1);
        INDArray weights = g.mean(2, 3).reshape(n, k, 1, 1);
        INDArray cam = Transforms.relu(a.mul(weights).sum(1), false); // [n, u, v]
        return upsample(cam, h, w);
    }

    /** Bilinear resize of [n, u, v] maps to [n, h, w] (pixel centres aligned, edges clamped). */
    static INDArray upsample(INDArray maps, int h, int w) {
        int n = (int) maps.size(0), u = (int) maps.size(1), v = (int) maps.size(2);
        float[] src = maps.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] dst = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < h; y++) {
                double sy = Math.max(0, Math.min(u - 1, (y + 0.5) * u / h - 0.5));
                int y0 = (int) Math.floor(sy), y1 = Math.min(u - 1, y0 + 1);
                double fy = sy - y0;
                for (int x = 0; x < w; x++) {
                    double sx = Math.max(0, Math.min(v - 1, (x + 0.5) * v / w - 0.5));
                    int x0 = (int) Math.floor(sx), x1 = Math.min(v - 1, x0 + 1);
                    double fx = sx - x0;
                    int o = i * u * v;
                    double top = src[o + y0 * v + x0] * (1 - fx) + src[o + y0 * v + x1] * fx;
                    double bot = src[o + y1 * v + x0] * (1 - fx) + src[o + y1 * v + x1] * fx;
                    dst[i * h * w + y * w + x] = (float) (top * (1 - fy) + bot * fy);
                }
            }
        }
        return Nd4j.create(dst, new long[] {n, h, w});
    }
}
