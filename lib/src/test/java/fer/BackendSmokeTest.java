package fer;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BackendSmokeTest {
    @Test
    void cpuBackendLoadsAndOneDnnBridgeAnswers() {
        INDArray a = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2});
        assertEquals(52.0, a.mmul(a.transpose()).sumNumber().doubleValue(), 1e-6);
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN(),
                "oneDNN build expected on the CPU backend");
        System.out.println("backend=" + Nd4j.getBackend().getClass().getSimpleName());
    }
}
