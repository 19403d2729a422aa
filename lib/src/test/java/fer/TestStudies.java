package fer;

/** The study a unit test runs in: the project's workspace as Surefire sets it up (FER_DATA holds no dataset), quick profile. */
public final class TestStudies {
    private TestStudies() {}

    /** Quick profile, the project's folders, synthetic FER, no progress output. */
    public static Study quick() {
        return Study.of(Profile.QUICK, Workspace.fromEnvironment());
    }
}
