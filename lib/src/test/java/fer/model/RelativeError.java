package fer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.ndarray.INDArray;

/** ‖expected − actual‖ / ‖expected‖, the measure every equivalence test of this package compares with. */
public final class RelativeError {
    private RelativeError() {}

    public static double of(INDArray expected, INDArray actual) {
        return expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    /** Asserts a relative error below 1e-4 (and a non-zero {@code expected}), and prints it under {@code what}. */
    public static void assertClose(INDArray expected, INDArray actual, String what) {
        assertTrue(expected.norm2Number().doubleValue() > 0, what + " is all zero");
        double rel = of(expected, actual);
        assertTrue(rel < 1e-4, what + ": relative error " + rel);
        System.out.printf("%s: relative error %.2e%n", what, rel);
    }
}
