package fer;

import java.util.regex.Pattern;

/**
 * The one check for every name a user gives that becomes a file or folder name (a run, a model, a search): letters,
 * digits, {@code .}, {@code _} and {@code -} only, not empty, not starting with {@code .} (so neither {@code ..} nor a
 * hidden file), at most 100 characters. A name that passes resolves to a direct child of the folder it names something
 * in, so nothing outside that one child is ever written or deleted. It lives in the root package because every step that
 * stores something under a name (train, tune, import, live) and the CLI share it.
 */
public final class Names {
    /** The safe file-name alphabet. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    static final int MAX_LENGTH = 100;

    private Names() {}

    /**
     * {@code name} if it is a safe file name, else an {@link IllegalArgumentException} in one line naming the kind
     * ("run name", "model name", "search name"), the name as given and what is wrong with it.
     */
    public static String check(String kind, String name) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(kind + " " + quoted(name) + " " + problem
                    + " (use letters, digits, '.', '_' and '-'; not starting with '.')");
        }
        return name;
    }

    /** Whether {@code name} passes {@link #check}. */
    public static boolean isSafe(String name) {
        return problem(name) == null;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) return "is empty";
        if (name.length() > MAX_LENGTH) return "is longer than " + MAX_LENGTH + " characters";
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) return "contains a path separator";
        if (name.startsWith(".")) return name.equals("..") || name.equals(".") ? "names a folder, not a file" : "starts with '.'";
        if (name.contains("..")) return "contains '..'";
        if (!SAFE.matcher(name).matches()) {
            int bad = name.codePoints().filter(c -> !(c < 128 && SAFE.matcher(Character.toString(c)).matches())).findFirst().orElse('?');
            return "contains " + (Character.isWhitespace(bad) || Character.isISOControl(bad)
                    ? String.format("U+%04X", bad) : "'" + Character.toString(bad) + "'");
        }
        return null;
    }

    private static String quoted(String name) {
        if (name == null) return "(none)";
        String s = name.length() > 60 ? name.substring(0, 60) + "..." : name;
        return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
