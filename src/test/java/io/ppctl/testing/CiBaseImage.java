package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
            Path dir = TestDocker.tempDir("ppctl-ci-base");
            try {
                StandinImage.copyTree(Fixtures.dir(FIXTURE), dir);
                Files.copy(BASH, dir.resolve("bash"), StandardCopyOption.COPY_ATTRIBUTES);
                Files.copy(CA_BUNDLE, dir.resolve("ca-certificates.crt"));
                String body = Files.readString(dir.resolve("Dockerfile.body"));
                Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\n" + body);
                String tag = TestDocker.prefix() + "-ci-base:1";
                TestDocker.build(dir, tag);
                ref = tag;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TestProject.deleteTree(dir);
            }
        }
        return ref;
    }
}
