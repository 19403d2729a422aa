package fer.train;

import static org.junit.jupiter.api.Assertions.*;

import fer.AppendLog;
import fer.tune.TrialLog;
import fer.tune.TrialRecord;
import fer.tune.TrialStatus;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26 case 2: a torn last line (a writer killed mid-line) once became a broken log, because the resumed writer
 * appended onto the fragment ({@code ..."err{"trial":9,...}) and the next read stopped at "not a trial record". A child JVM
 * appends large trial records to {@code trials.jsonl} and rows to {@code history.csv} and is killed with SIGKILL at
 * random moments, many times; after each kill the tail is also cut at a random offset inside its last line (what a crash
 * mid-write leaves when the kernel finished the write). Each restart appends again: both logs must always parse whole.
 */
class TornLogKillTest {
    static final int KILLS = 12;

    /** The child: appends to the two logs in {@code args[0]} until killed, numbering records on from the log. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TrialLog log = new TrialLog(dir);
        Path csv = dir.resolve(Trainer.HISTORY);
        String note = log.repair();
        String csvNote = AppendLog.repair(csv);
        System.out.println("REPAIRED " + (note != null) + " " + (csvNote != null));
        int next = log.latest().keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int row = (Files.exists(csv) ? History.read(csv).size() : 0) + 1;
        Random rnd = new Random(next * 31L + 7);
        System.out.println("READY " + next);
        System.out.flush();
        for (int t = next; ; t++) {
            // 100 to 2,100 epochs per record: lines of ~15 KB to ~300 KB, writes a SIGKILL can land inside
            int n = 100 + rnd.nextInt(2_000);
            List<EpochMetrics> h = new ArrayList<>(n);
            for (int e = 1; e <= n; e++) h.add(new EpochMetrics(e, rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), 1e-3, 0.5));
            log.append(new TrialRecord(t, t, 0, 0, n, Map.of("lr", 1e-3), 42, TrialStatus.COMPLETE, h, 0.5, 64L * n, 1.0, 1, null));
            History.append(csv, new EpochMetrics(row++, 1.5, 0.4, 1.6, 0.35, 3e-4, 2.25));
            Thread.sleep(rnd.nextInt(15)); // keeps the log to some MB over the test
        }
    }

    @Test
    void killedWritersNeverLeaveALogThatFailsToParse(@TempDir Path dir) throws Exception {
        Random rnd = new Random(26);
        Path trials = dir.resolve(TrialLog.FILE);
        Path csv = dir.resolve(Trainer.HISTORY);
        int cutByHand = 0, tornByKill = 0, repairs = 0;
        for (int k = 0; k <= KILLS; k++) {
            Path out = dir.resolve("child-" + k + ".log");
            Process p = child(dir, out);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("READY")) {
                assertTrue(p.isAlive(), "child ended: " + Files.readString(out));
                assertTrue(System.nanoTime() < deadline, "child not ready in 60 s");
                Thread.sleep(5);
            }
            String said = Files.readString(out);
            if (said.contains("REPAIRED true")) repairs++;
            // the log as the restarted writer left it, after its repair: whole lines only, every one a record
            assertTrue(Files.notExists(trials) || Files.size(trials) == 0 || endsWithNewline(trials), "writer did not repair " + trials);
            new TrialLog(dir).lines();
            if (Files.exists(csv)) History.read(csv);
            if (k == KILLS) {
                p.destroyForcibly().waitFor();
                break;
            }
            Thread.sleep(100 + rnd.nextInt(400));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            if (Files.exists(trials) && Files.size(trials) > 0 && !endsWithNewline(trials)) tornByKill++;
            // and a crash's other shape: the tail cut at a random byte of the last line of one of the logs
            Path victim = rnd.nextBoolean() ? trials : csv;
            if (Files.exists(victim) && cutInsideLastLine(victim, rnd)) cutByHand++;
        }
        List<TrialRecord> all = new TrialLog(dir).lines();
        assertTrue(all.size() >= KILLS, "records written: " + all.size());
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i).trial() > all.get(i - 1).trial(), "records in order");
        History h = History.read(csv);
        for (int i = 0; i < h.size(); i++) assertEquals(i + 1, h.epochs().get(i).epoch(), "history rows numbered on");
        System.out.printf("%d kills: %d left a torn trials.jsonl by themselves, %d tails cut by hand, %d repairs reported%n",
                KILLS, tornByKill, cutByHand, repairs);
        assertTrue(cutByHand + tornByKill > 0 && repairs > 0, "no torn line was ever repaired");
    }

    private static boolean endsWithNewline(Path f) throws Exception {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            r.seek(r.length() - 1);
            return r.read() == '\n';
        }
    }

    /** Truncates {@code f} at a random offset strictly inside its last line; false when it has fewer than 2 lines. */
    private static boolean cutInsideLastLine(Path f, Random rnd) throws Exception {
        byte[] b = Files.readAllBytes(f);
        int end = b.length;
        if (end > 0 && b[end - 1] == '\n') end--;
        int start = end;
        while (start > 0 && b[start - 1] != '\n') start--;
        if (start == 0 || end - start < 2) return false;
        int cut = start + 1 + rnd.nextInt(end - start - 1);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(cut);
        }
        return true;
    }

    private static Process child(Path dir, Path out) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), TornLogKillTest.class.getName(),
                dir.toString())).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
