package io.ppctl.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The base image the project's own Dockerfile is built on in CI, standing in for alpine (nothing can be pulled):
 * the run's busybox base plus Debian's bash-static and CA bundle, and the fixtures/ci-base scripts (an apk that only
 * confirms that bash and ca-certificates are present, addgroup/adduser for the one form the Dockerfile uses).
 * docs/ci-image.md lists every difference from the production build. Built once per test JVM; it inherits the run
 * label, so {@link TestDocker#cleanup()} removes it.
 */
public final class CiBaseImage {
    public static final String FIXTURE = "ci-base";
    /** Debian's bash-static (apt-get install bash-static) and the bundle Debian's ca-certificates generates. */
    static final Path BASH = Path.of("/bin/bash-static");
    static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    private static volatile String ref;

    private CiBaseImage() {}

    public static synchronized String ref() {
        if (ref == null || !TestDocker.imageExists(ref)) {
            for (Path needed : new Path[] {BASH, CA_BUNDLE}) {
                if (!Files.isReadable(needed)) {
                    throw new AssertionError(needed + " is missing: apt-get install -y bash-static ca-certificates");
                }
            }
            String tag = TestDocker.prefix() + "-ci-base:1";
            StandinImage.buildOnBase(FIXTURE, tag, Map.of("bash", BASH, "ca-certificates.crt", CA_BUNDLE));
            ref = tag;
        }
        return ref;
    }
}
