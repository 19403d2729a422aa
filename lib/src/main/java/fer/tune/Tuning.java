package fer.tune;

import fer.Profile;

/** The profile's default way to run trials, shared by notebook 04 and {@code fer tune}. */
public final class Tuning {
    /** Training images the quick search uses (all of synthetic FER's split is ~3,600; the subset keeps trials in seconds). */
    public static final int QUICK_TRAIN_IMAGES = 2000;
    /** Validation images the quick search scores on. */
    public static final int QUICK_VAL_IMAGES = 600;

    private Tuning() {}

    /**
     * Quick: the head on the frozen study base's cached features ({@link HeadTrials}); paper: the whole
     * model fine-tuned per trial ({@link FullModelTrials}).
     */
    public static TrialRunner runner(Profile profile, long seed) {
        return profile == Profile.QUICK ? HeadTrials.fromStudyBase(profile, QUICK_TRAIN_IMAGES, QUICK_VAL_IMAGES, seed)
                : new FullModelTrials(profile);
    }
}
