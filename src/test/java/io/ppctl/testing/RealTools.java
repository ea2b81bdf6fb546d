package io.ppctl.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real tools built by {@code scripts/install-real-tools.sh} (kyverno, pluto, helm, trivy, crane, cosign, the
 * distribution registry, containerd, dockerd). A test that needs one fails when it is missing: a silent fall-back to a
 * stand-in, or a skip, would let CI pass without ever meeting the real tool.
 */
public final class RealTools {
    private RealTools() {}

    /** The folder of links to the pinned binaries (system property {@code ppctl.tools.bin}, set by Failsafe). */
    public static Path binDir() {
        String configured = System.getProperty("ppctl.tools.bin");
        if (configured == null || configured.isBlank()) {
            String cache = System.getenv("PPCTL_TOOLS_CACHE");
            configured = (cache == null || cache.isBlank()
                    ? Path.of(System.getProperty("user.home"), ".cache", "ppctl-tools").toString() : cache) + "/bin";
        }
        return Path.of(configured);
    }

    /** The real binary of {@code tool}; fails the test (not skips it) when the installer has not built it. */
    public static Path binary(String tool) {
        Path p = binDir().resolve(tool);
        if (!Files.isExecutable(p)) {
            throw new AssertionError("real " + tool + " not found at " + p
                    + ": run scripts/install-real-tools.sh " + tool + " (the test suite never falls back to a stand-in)");
        }
        return p.toAbsolutePath();
    }
}
