package fer.engine;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU with a faster backward pass: dL/dz = step(z) · dL/dy, two of libnd4j's vectorised element-wise
 * ("legacy") ops, instead of {@code relu_bp}, a custom op that calls a {@code std::function} per element
 * and writes a new array. On a VGG16 activation (32×64×48×48) that is about 1.5 ms instead of 5
 * ({@code fer bench profile}; the whole step in docs/train.md).
 *
 * <p>The result is written over {@code z}: DL4J's {@code IActivation} contract lets backprop modify its
 * input, and every caller here hands over a pre-activation it owns (the convolution's recomputed or
 * copied output, the activation layer's copy of its input, a dense layer's fresh pre-output). Anything
 * but plain float ReLU (a max value, threshold, slope, other types, shapes that differ) takes DL4J's
 * path. Forward pass and serialised form aside ({@code "@class"}), it is DL4J's ReLU;
 * {@code -Dfer.relu.fast=false} makes {@link #create()} return DL4J's own.
 */
public class FastRelu extends ActivationReLU {
    /** The ReLU the project's networks use. */
    public static ActivationReLU create() {
        return Boolean.parseBoolean(System.getProperty("fer.relu.fast", "true")) ? new FastRelu() : new ActivationReLU();
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray z, INDArray epsilon) {
        if (z.dataType() != DataType.FLOAT || epsilon.dataType() != DataType.FLOAT || !z.equalShapes(epsilon)
                || getMax() != null || getThreshold() != null || getNegativeSlope() != null) {
            return super.backprop(z, epsilon);
        }
        Nd4j.getExecutioner().exec(new Step(z, z, 0.0)); // 1 where z > 0, else 0
        return new Pair<>(z.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "relu";
    }
}
