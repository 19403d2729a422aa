package fer;

import java.util.Locale;

/**
 * How big a run is. {@code QUICK} (default) uses the embedded synthetic dataset and sizes that finish
 * in minutes on a 2-core CPU; {@code PAPER} uses FER-2013 and the report's settings (meant for a GPU).
 */
public enum Profile {
    QUICK,
    PAPER;

    /** The profile named by {@code FER_PROFILE} (or system property {@code fer.profile}); QUICK if unset. */
    public static Profile fromEnvironment() {
        String name = System.getProperty("fer.profile");
        if (name == null || name.isBlank()) name = System.getenv("FER_PROFILE");
        return name == null || name.isBlank() ? QUICK : parse(name);
    }

    /** Parses {@code quick} or {@code paper}, any case; anything else is an error naming the choices. */
    public static Profile parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown profile '" + name + "': expected quick or paper");
        }
    }

    /** Lower-case name, as written in manifests and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
