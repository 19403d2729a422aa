package fer.data;

import fer.Profile;
import java.nio.file.Path;

/**
 * Which dataset to load and how: the parameter cell of notebook 01 builds one of these.
 *
 * @param source  a {@code fer2013.csv}, a folder-form root, or a folder holding {@code fer2013.csv} +
 *                {@code fer2013new.csv} (FER+); {@code null}: look under {@code data/} (or {@code FER_DATA}),
 *                else use the synthetic set of the profile's size
 * @param side    image side in pixels (48 = FER-2013's own)
 * @param lenient skip and report bad items instead of failing on the first
 * @param profile QUICK: small synthetic set when no FER-2013 is found; PAPER: full-size synthetic set
 * @param split   how to divide it into train / validation / test (paper: seeded stratified 80/20)
 */
public record DatasetConfig(Path source, int side, boolean lenient, Profile profile, SplitConfig split) {
    public DatasetConfig {
        if (profile == null) profile = Profile.fromEnvironment();
        if (split == null) split = SplitConfig.paper();
        new ReadOptions(side, lenient); // validates side
    }

    /** The paper's settings for a profile: auto-resolved dataset, 48×48, strict, seed-42 80/20 split. */
    public static DatasetConfig of(Profile profile) {
        return new DatasetConfig(null, ReadOptions.FER_SIDE, false, profile, SplitConfig.paper());
    }

    /** {@link #of(Profile)} for the profile named by {@code FER_PROFILE}. */
    public static DatasetConfig defaults() {
        return of(Profile.fromEnvironment());
    }

    public DatasetConfig withSource(Path p) { return new DatasetConfig(p, side, lenient, profile, split); }

    public DatasetConfig withSide(int s) { return new DatasetConfig(source, s, lenient, profile, split); }

    public DatasetConfig withLenient(boolean l) { return new DatasetConfig(source, side, l, profile, split); }

    public DatasetConfig withSplit(SplitConfig s) { return new DatasetConfig(source, side, lenient, profile, s); }

    ReadOptions readOptions() {
        return new ReadOptions(side, lenient);
    }
}
