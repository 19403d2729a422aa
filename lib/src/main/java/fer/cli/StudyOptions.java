package fer.cli;

import fer.Profile;
import fer.Study;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every study command shares, and the CLI's edge: {@link #study()} reads the environment once
 * ({@link Study#fromEnvironment()}: FER_PROFILE, FER_DATA, FER_OUTPUT, the dataset notebook 01 chose) and applies
 * {@code --profile} and {@code --data} on top. Commands hand the result down; nothing below reads the environment.
 */
public final class StudyOptions {
    @Option(names = "--profile", paramLabel = "quick|paper", description = "quick | paper (default: FER_PROFILE, else quick)")
    String profile;

    @Option(names = "--data", paramLabel = "PATH",
            description = "dataset: a fer2013.csv, a folder form (train/, test/) or a FER+ folder "
                    + "(default: what notebook 01 chose, else FER-2013 under data/ or FER_DATA, else synthetic FER)")
    Path data;

    /** The study the command runs in. */
    public Study study() {
        Study s = Study.fromEnvironment();
        if (profile != null) s = s.withProfile(Profile.parse(profile));
        if (data != null) s = s.withSource(data);
        return s;
    }

    /** True when {@code --profile} was given (some commands otherwise take the profile from a model's manifest). */
    boolean profileGiven() {
        return profile != null;
    }
}
