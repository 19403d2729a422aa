package fer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Java side of the {@code environment/fer} launcher: every research step's subcommand.
 *
 * <p>This package is the CLI's edge: each command parses its options, builds the study ({@link StudyOptions}) and hands
 * it to the step packages, which know nothing of picocli. Adding a subcommand is one line in {@code subcommands} below
 * plus a command class here.
 */
@Command(name = "fer", mixinStandardHelpOptions = true, version = "fer 0.1.0",
        description = "Facial expression recognition study (FER-2013) in Java: data, training, tuning, evaluation.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DataCommand.class,
            TrainCommand.class,
            TuneCommand.class,
            BenchCommand.class,
            ModelCommand.class,
            EvaluateCommand.class,
            ExplainCommand.class,
            LiveCommand.class,
            ImportCommand.class,
            PredictCommand.class,
        })
public final class FerCli implements Callable<Integer> {

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    /** Runs the CLI and returns its exit code (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FerCli());
        // A research tool's users read messages, not stack traces: print the message, exit non-zero.
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("fer: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (System.getenv("FER_DEBUG") != null) ex.printStackTrace(line.getErr());
            return 2;
        });
        return cli.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
