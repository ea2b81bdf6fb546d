package io.ppctl.init;

import java.util.Set;

/** Whether a .gitignore keeps target/ (Maven's output and ppctl's state folder target/ppctl) out of git. */
public final class GitIgnore {
    /** The entries that ignore the whole target folder at the top, or at any depth. */
    private static final Set<String> TARGET = Set.of("target", "target/", "/target", "/target/", "target/*", "/target/*",
            "target/**", "/target/**", "**/target", "**/target/");

    private GitIgnore() {}

    public static boolean ignoresTarget(String gitignore) {
        boolean ignored = false;
        for (String raw : gitignore.split("\r?\n")) {
            String line = raw.strip();
            // A later "!target" takes it back, as git reads the file: the last match wins.
            if (TARGET.contains(line)) {
                ignored = true;
            } else if (line.startsWith("!") && TARGET.contains(line.substring(1))) {
                ignored = false;
            }
        }
        return ignored;
    }

    /** The file with {@code target/} added as its last line (created when {@code gitignore} is null). */
    public static String withTarget(String gitignore) {
        if (gitignore == null || gitignore.isEmpty()) {
            return "target/\n";
        }
        return gitignore + (gitignore.endsWith("\n") ? "" : "\n") + "target/\n";
    }
}
