package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git copy of this repository's own policy platform (Dockerfile, ppctl.yaml, policies/, tests/, VERSION, ...) with
 * the real kyverno, pluto and helm in tools/ for {@code TOOLS_SOURCE=local}. ppctl.yaml is the project's own except
 * for what a test must change: the image name (the daemon is shared) and the registries (a local one).
 */
public final class ProjectCopy {
    /** What the project's image and release are made of; the rest of the repository is not needed. */
    static final List<String> FILES = List.of("Dockerfile", ".dockerignore", ".gitignore", ".trivyignore", "VERSION",
            "ppctl.yaml", "policies", "tests", "tools/README.md");
    public static final List<String> TOOLS = List.of("kyverno", "pluto", "helm");

    private ProjectCopy() {}

    /** The repository's root (Maven's basedir). */
    public static Path repoRoot() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    }

    /**
     * The copy, committed; {@code imageName} replaces image.name and {@code registriesYaml} the registries: block of
     * ppctl.yaml. The real binaries are hard links (same file system) or copies, and git ignores them (.gitignore).
     */
    public static TestProject create(String imageName, String registriesYaml) {
        TestProject p = TestProject.git();
        try {
            // The integration cases' ./values are mounted into the image, whose user (uid 10001) must read them.
            Files.setPosixFilePermissions(p.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String f : FILES) {
                Path from = repoRoot().resolve(f);
                Path to = p.path(f);
                Files.createDirectories(to.getParent());
                if (Files.isDirectory(from)) {
                    StandinImage.copyTree(from, to);
                } else {
                    Files.copy(from, to);
                }
            }
            for (String tool : TOOLS) {
                Path real = RealTools.binary(tool).toRealPath();
                Path to = p.path("tools/" + tool);
                try {
                    Files.createLink(to, real);
                } catch (IOException | UnsupportedOperationException otherFileSystem) {
                    Files.copy(real, to);
                }
            }
            String config = Files.readString(p.path("ppctl.yaml"));
            p.write("ppctl.yaml", replaceRegistries(replaceImageName(config, imageName), registriesYaml));
        } catch (IOException e) {
            p.close();
            throw new UncheckedIOException(e);
        }
        return p.commit("policy platform, as in the repository");
    }

    static String replaceImageName(String config, String imageName) {
        Matcher m = Pattern.compile("(?m)^(image:\\n  name: )\\S+$").matcher(config);
        if (!m.find()) {
            throw new AssertionError("ppctl.yaml has no 'image:\\n  name:' to replace");
        }
        return m.replaceFirst("$1" + Matcher.quoteReplacement(imageName));
    }

    /** Replaces the top-level registries: block (up to the next top-level key or comment) with {@code yaml}. */
    static String replaceRegistries(String config, String yaml) {
        Matcher m = Pattern.compile("(?ms)^registries:\\n.*?(?=^[#A-Za-z])").matcher(config);
        if (!m.find()) {
            throw new AssertionError("ppctl.yaml has no registries: block to replace");
        }
        return m.replaceFirst(Matcher.quoteReplacement(yaml.endsWith("\n") ? yaml + "\n" : yaml + "\n\n"));
    }
}
