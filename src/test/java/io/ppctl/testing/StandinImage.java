package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The policy platform image for tests: the local busybox base plus stand-in kyverno, helm and pluto scripts that print
 * what the real tools print (fixtures/policy-platform-standins, see its README). Built once per test JVM, removed by
 * {@link TestDocker#cleanup()} (it inherits the run label from the base image).
 */
public final class StandinImage {
    public static final String FIXTURE = "policy-platform-standins";
    private static volatile String ref;

    private StandinImage() {}

    public static synchronized String ref() {
        if (ref == null || !TestDocker.imageExists(ref)) {
            String tag = TestDocker.prefix() + "-standins:v1.2.3";
            buildOnBase(FIXTURE, tag, Map.of());
            ref = tag;
        }
        return ref;
    }

    /**
     * The integration cases the image's bundled chart and policies decide, as the ppctl.yaml lines under
     * {@code integrationTests:}: one the policies accept (when {@code withPassingCase}) and one the stand-in kyverno
     * refuses with its one violation.
     */
    public static String integrationCases(boolean withPassingCase) {
        String refused = String.join("\n",
                "  - name: privileged values are refused",
                "    chart: /repos/backend-applications/charts/app",
                "    values: [/repos/backend-applications/charts/app/values-privileged.yaml]",
                "    policies: /repos/security-policy",
                "    expect: fail",
                "    expectViolations: [disallow-privileged/privileged-containers]");
        return !withPassingCase ? refused : String.join("\n",
                "  - name: chart meets the policies",
                "    chart: /repos/backend-applications/charts/app",
                "    policies: /repos/security-policy",
                refused);
    }

    /** The image ID of {@link #ref()}. */
    public static String id() {
        return TestDocker.docker("image", "inspect", "--format", "{{.Id}}", ref()).trim();
    }

    /**
     * Builds the fixture folder {@code fixture} as "FROM {@link TestDocker#baseImage()}" plus its Dockerfile.body, with
     * {@code extra} files (context name -> host file) copied into the build context first.
     */
    static void buildOnBase(String fixture, String tag, Map<String, Path> extra) {
        Path dir = TestDocker.tempDir("ppctl-fixture-image");
        try {
            copyTree(Fixtures.dir(fixture), dir);
            for (Map.Entry<String, Path> e : extra.entrySet()) {
                Files.copy(e.getValue(), dir.resolve(e.getKey()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            String body = Files.readString(dir.resolve("Dockerfile.body"));
            Files.writeString(dir.resolve("Dockerfile"), "FROM " + TestDocker.baseImage() + "\n" + body);
            TestDocker.build(dir, tag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TestProject.deleteTree(dir);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
