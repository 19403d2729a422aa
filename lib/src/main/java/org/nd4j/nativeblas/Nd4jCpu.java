package org.nd4j.nativeblas;

/**
 * Bridge that lets DL4J 1.0.0-M2.1's layer API find oneDNN.
 *
 * <p>DL4J's {@code BaseMKLDNNHelper} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by
 * reflection to ask whether oneDNN is on, but M2.1 moved that class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings}. Without this bridge the lookup fails silently and
 * convolution, pooling and batch norm fall back to im2col+gemm (4-5x slower on CPU).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {}

    /** Delegates to the relocated native environment (CPU backend only). */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {}

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** True when libnd4j was built with oneDNN and it is enabled. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object instance = env.getMethod("getInstance").invoke(null);
                return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false; // not the CPU backend (e.g. CUDA): no oneDNN helpers
            }
        }
    }
}
