package fer.tune;

import fer.Profile;
import fer.Study;

/** The profile's default way to run trials, shared by notebook 04 and {@code fer tune}. */
public final class Tuning {
    /** Training images the quick search uses (synthetic FER's split has ~2,900: a subset keeps a trial epoch near a second on 2 cores). */
    public static final int QUICK_TRAIN_IMAGES = 1200;
    /** Validation images the quick search scores on. */
    public static final int QUICK_VAL_IMAGES = 500;

    private Tuning() {}

    /**
     * Quick: the head on the frozen study base's cached features ({@link HeadTrials}); paper: the whole
     * model fine-tuned per trial ({@link FullModelTrials}).
     */
    public static TrialRunner runner(Study study, long seed) {
        return study.profile() == Profile.QUICK ? HeadTrials.fromStudyBase(study, QUICK_TRAIN_IMAGES, QUICK_VAL_IMAGES, seed)
                : new FullModelTrials(study);
    }
}
