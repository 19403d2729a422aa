package fer.tune;

/**
 * What a search is: its name (the log lives in {@code runs/hpo-NAME/}), space, strategy, seed and budget.
 *
 * @param trials       random search: configurations to try; halving: with {@code epochs}, sets the budget
 * @param epochs       random search: epochs per trial
 * @param budgetImages images to train in all (samples x epochs); 0 = trials x epochs x training images,
 *                     i.e. what the random search with these settings spends
 * @param eta          halving: keep the best 1/eta of each rung
 * @param minEpochs    halving: epochs of the first rung
 * @param maxEpochs    halving: epochs a configuration reaches in the last rung
 */
public record SearchConfig(String name, SearchSpace space, Strategy strategy, int trials, int epochs, long seed,
                           long budgetImages, int eta, int minEpochs, int maxEpochs) {
    public SearchConfig {
        fer.Names.check("search name", name);
        if (trials < 1 || epochs < 1) throw new IllegalArgumentException("trials and epochs must be >= 1");
        if (budgetImages < 0) throw new IllegalArgumentException("budget must be >= 1 image (0: the default), got " + budgetImages);
    }

    /** A search with halving's defaults eta 3, first rung 1 epoch, last rung 3 x epochs. */
    public static SearchConfig of(String name, SearchSpace space, Strategy strategy, int trials, int epochs, long seed) {
        return new SearchConfig(name, space, strategy, trials, epochs, seed, 0, 3, 1, 3 * epochs);
    }

    public SearchConfig withName(String n) {
        return new SearchConfig(n, space, strategy, trials, epochs, seed, budgetImages, eta, minEpochs, maxEpochs);
    }

    public SearchConfig withStrategy(Strategy s) {
        return new SearchConfig(name, space, s, trials, epochs, seed, budgetImages, eta, minEpochs, maxEpochs);
    }

    public SearchConfig withBudgetImages(long b) {
        return new SearchConfig(name, space, strategy, trials, epochs, seed, b, eta, minEpochs, maxEpochs);
    }

    public SearchConfig withHalving(int eta, int minEpochs, int maxEpochs) {
        return new SearchConfig(name, space, strategy, trials, epochs, seed, budgetImages, eta, minEpochs, maxEpochs);
    }

    /** The budget in images for a runner with {@code trainImages} images per epoch. */
    public long budget(int trainImages) {
        return budgetImages > 0 ? budgetImages : (long) trials * epochs * trainImages;
    }

    /** The halving bracket this budget buys. */
    public HalvingPlan halvingPlan(int trainImages) {
        return HalvingPlan.fit(budget(trainImages) / trainImages, eta, minEpochs, maxEpochs);
    }

    /** The folder of a search's log: {@code hpo-NAME}. */
    public String dirName() {
        return "hpo-" + name;
    }
}
