package io.ppctl.core;

import java.util.Map;

/**
 * The environment of a process ppctl starts (git, Trivy, a credential helper): its own settings and the registry
 * credentials (PPCTL_*, such as PPCTL_GHCR_PASSWORD) are none of their business, and a secret in a child's
 * environment can reach whatever that child runs in turn (a git hook, an ssh command, a wrapper script).
 */
public final class ChildEnvironment {
    private ChildEnvironment() {}

    /** Removes ppctl's variables from {@code env} (a ProcessBuilder's environment) and returns it. */
    public static Map<String, String> withoutPpctl(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("PPCTL_"));
        return env;
    }
}
