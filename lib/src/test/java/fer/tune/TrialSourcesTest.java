package fer.tune;

import static org.junit.jupiter.api.Assertions.*;

import fer.Profile;
import fer.Study;
import fer.Workspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cluster's executors get: the paper profile's runner source rebuilds the same study in another JVM, and
 * Spark itself stays off the library's classpath (the notebook kernel's), in its own module environment/spark.
 */
class TrialSourcesTest {
    static TrialRunnerSource roundTrip(TrialRunnerSource s) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TrialRunnerSource) in.readObject();
        }
    }

    @Test
    void fullModelTrialsRebuildTheSameStudyElsewhere(@TempDir Path dir) throws Exception {
        Study study = Study.of(Profile.QUICK, Workspace.at(dir)).withSeed(9);
        FullModelTrials here = new FullModelTrials(study);
        TrialRunnerSource shipped = roundTrip(here.source());
        assertEquals(here.source().key(), shipped.key());
        assertTrue(shipped.key().contains(dir.toAbsolutePath().normalize().toString()), shipped.key());
        TrialRunner there = shipped.open();
        assertEquals(here.trainImages(), there.trainImages());
        assertEquals(here.datasetName(), there.datasetName());
        assertEquals(here.describe(), there.describe());
        // a custom plan cannot travel: executors would train the default one
        var custom = new FullModelTrials(study, fer.train.TrainingPlan.of(Profile.QUICK, fer.model.Architecture.CUSTOM));
        var e = assertThrows(UnsupportedOperationException.class, custom::source);
        assertTrue(e.getMessage().contains("custom TrainingPlan"), e.getMessage());
    }

    @Test
    void aRunnerWithoutASourceSaysSo() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new FakeTrials().source());
        assertTrue(e.getMessage().contains("FakeTrials cannot be shipped"), e.getMessage());
    }

    @Test
    void sparkIsNotOnTheLibrarysClasspath() {
        // lib/target/classpath is the kernel's; Spark (~120 jars) lives in environment/spark, added by fer tune --spark only
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"));
        assertFalse(java.util.ServiceLoader.load(TrialExecutor.Factory.class).iterator().hasNext(),
                "no trial executor factory in the library itself");
    }
}
