package fer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fer bench …}: speed measurements that print numbers (speed targets are checked here, not by
 * timed unit tests). Each research step adds its benchmark as a subcommand.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput: augmentation/batching, training steps.",
        subcommands = {
            fer.augment.AugmentBench.class,
        })
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }
}
