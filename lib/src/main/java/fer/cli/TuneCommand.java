package fer.cli;

import fer.Profile;
import fer.Study;
import fer.tune.HeadHyperparameters;
import fer.tune.Search;
import fer.tune.SearchConfig;
import fer.tune.SearchResult;
import fer.tune.SearchSpace;
import fer.tune.Strategy;
import fer.tune.TrialLog;
import fer.tune.TrialRecord;
import fer.tune.TrialExecutor;
import fer.tune.TrialRunner;
import fer.tune.Tuning;
import java.util.Locale;
import java.util.ServiceLoader;
import picocli.CommandLine.Mixin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer tune}: a hyperparameter search over Table 2, resumable, writing runs/hpo-NAME/best.json. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Search Table 2's hyperparameters (random search or successive halving); start the same --name again to resume.")
public final class TuneCommand implements Callable<Integer> {
    @Option(names = "--strategy", defaultValue = "random", description = "random | halving (default: ${DEFAULT-VALUE})")
    String strategy;

    @Option(names = "--trials", defaultValue = "12", description = "random: configurations; halving: sets the budget with --epochs (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--epochs", description = "epochs per random-search trial (default: quick 4, paper 10)")
    Integer epochs;

    @Option(names = "--budget", description = "images to train in all (samples x epochs); default trials x epochs x training images")
    Long budget;

    @Option(names = "--eta", defaultValue = "3", description = "halving: keep the best 1/eta of each rung (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--max-epochs", description = "halving: epochs of the last rung (default: 3 x --epochs)")
    Integer maxEpochs;

    @Option(names = "--name", description = "search name; the log is runs/hpo-NAME/ (default: <profile>-<strategy>)")
    String name;

    @Mixin StudyOptions options;

    @Option(names = "--seed", defaultValue = "42", description = "sampling and training seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--fresh", description = "discard an earlier search of this name instead of resuming it")
    boolean fresh;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "run each trial as an Apache Spark task on MASTER (local[N], spark://host:port, yarn, k8s://...);"
                    + " needs the Spark module (environment/spark), which environment/fer puts on the classpath with this option")
    String spark;

    @Override
    public Integer call() {
        if (name != null) fer.Names.check("search name", name);
        Checks.atLeast("--trials", trials, 1);
        Checks.atLeast("--epochs", epochs, 1);
        Checks.atLeast("--budget", budget, 1);
        Checks.atLeast("--eta", eta, 2);
        Checks.atLeast("--max-epochs", maxEpochs, 1);
        Study study = options.study();
        Profile p = study.profile();
        Strategy s = Strategy.parse(strategy);
        int e = epochs != null ? epochs : p == Profile.QUICK ? 4 : 10;
        String n = name != null ? name : p.id() + "-" + s.id();
        SearchConfig c = SearchConfig.of(n, SearchSpace.table2(), s, trials, e, seed)
                .withHalving(eta, 1, maxEpochs != null ? maxEpochs : 3 * e);
        if (budget != null) c = c.withBudgetImages(budget);
        SearchResult r;
        // held from before the trials are prepared (the base features can take minutes), so a second search of this
        // name is refused at once; --fresh empties the old log only once this search can start
        try (fer.RunLock lock = Search.lock(study, n)) {
            TrialRunner runner = Tuning.runner(study, seed);
            System.out.println("trials: " + runner.describe());
            if (fresh) Search.discard(study, n);
            if (spark == null) {
                r = Search.run(study, c, runner);
            } else {
                try (TrialExecutor ex = executor("spark").open(spark, "fer tune " + c.dirName(), runner)) {
                    r = Search.run(study, c, runner, ex);
                }
            }
        }
        TrialRecord best = r.best();
        if (best == null) {
            System.out.println("every trial failed: no best.json");
            return 1;
        }
        System.out.printf(Locale.ROOT, "best: trial %d, val_accuracy %.4f after %d epochs: %s%n", best.trial() + 1, best.objective(),
                best.epochs(), HeadHyperparameters.from(best.hyperparameters()));
        var w = study.workspace();
        System.out.println("log " + w.show(new TrialLog(r.dir()).file()) + ", best " + w.show(r.bestFile())
                + " (train it: fer train --hparams " + w.show(r.bestFile()) + ")");
        return 0;
    }

    /** The executor factory named {@code name} on the classpath (the Spark module's, through ServiceLoader). */
    static TrialExecutor.Factory executor(String name) {
        for (TrialExecutor.Factory f : ServiceLoader.load(TrialExecutor.Factory.class)) if (f.name().equals(name)) return f;
        throw new IllegalStateException("--" + name + ": no " + name + " trial executor on the classpath (META-INF/services/"
                + TrialExecutor.Factory.class.getName() + "); environment/fer adds environment/" + name
                + "/target/classpath/ when --" + name + " is given: build it with 'environment/fer setup'");
    }
}
