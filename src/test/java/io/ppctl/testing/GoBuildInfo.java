package io.ppctl.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a Go binary says it was built from ({@code go version -m}): the module versions Trivy's Go binary analyzer
 * reads, so a test can plant an advisory for exactly what a real tool contains.
 */
public final class GoBuildInfo {
    private GoBuildInfo() {}

    /** The version of {@code module} in the binary's build info; fails the test when it is not there. */
    public static String moduleVersion(Path binary, String module) {
        String out = TestDocker.exec(List.of("go", "version", "-m", binary.toString()), null, Map.of()).output();
        for (String line : out.lines().toList()) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3 && f[0].equals("dep") && f[1].equals(module)) {
                return f[2];
            }
        }
        throw new AssertionError(module + " is not in the build info of " + binary + ":\n" + out);
    }

    /** v1.7.28 -> v1.7.29: a planted advisory's fix, just above what the binary contains. */
    public static String nextPatch(String version) {
        int dot = version.lastIndexOf('.');
        return version.substring(0, dot + 1) + (Integer.parseInt(version.substring(dot + 1)) + 1);
    }
}
