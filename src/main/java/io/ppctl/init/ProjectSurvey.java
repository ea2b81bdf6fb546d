package io.ppctl.init;

import io.ppctl.build.DockerfileArgs;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;
import io.ppctl.version.Git;
import io.ppctl.core.ExitCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What ppctl init finds in a project folder: the Dockerfile's tool pins and image title, the policy repos under
 * policies/, the .gitignore, and where the git remote origin points. Reads files and asks git; writes nothing.
 *
 * @param toolPins  every {@code *_VERSION} ARG with a literal default, in Dockerfile order
 * @param title     the Dockerfile's {@code org.opencontainers.image.title} label, when it is a plain value
 * @param gitignore the .gitignore's text, or null when there is none
 */
public record ProjectSurvey(Path dir, String dockerfile, Map<String, String> toolPins, Optional<String> title,
                            List<String> policyRepos, String gitignore, Optional<GitRemote> remote) {

    private static final Pattern TITLE = Pattern.compile(
            "org\\.opencontainers\\.image\\.title=(?:\"([^\"$]*)\"|'([^'$]*)'|([^\\s\"'$\\\\]+))");

    public static ProjectSurvey of(Path dir, String dockerfile) {
        String text = read(dir.resolve(dockerfile), "Dockerfile")
                .orElseThrow(() -> PpctlException.usage(dir.resolve(dockerfile) + ": no Dockerfile here; ppctl init describes the "
                        + "image a Dockerfile builds (write one first, or name it with --dockerfile FILE)"));
        Map<String, String> pins = new LinkedHashMap<>(DockerfileArgs.toolVersions(DockerfileArgs.declared(text), Map.of()));
        // A pin made of other args (${BASE_VERSION}) has no version a check could look for.
        pins.values().removeIf(v -> v.contains("$"));
        return new ProjectSurvey(dir, dockerfile, pins, title(text), policyRepos(dir),
                read(dir.resolve(".gitignore"), ".gitignore").orElse(null), remote(dir));
    }

    static Optional<String> title(String dockerfile) {
        Matcher m = TITLE.matcher(dockerfile);
        if (!m.find()) {
            return Optional.empty();
        }
        String value = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** The folders directly under policies/: each is copied to /repos/NAME in a policy-platform image. */
    static List<String> policyRepos(Path dir) {
        Path policies = dir.resolve("policies");
        if (!Files.isDirectory(policies)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(policies)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw PpctlException.usage(policies + ": cannot list the policy repos: " + e.getMessage());
        }
    }

    /** origin's URL, when the folder is in a git work tree that has one; no git at all is no remote either. */
    static Optional<GitRemote> remote(Path dir) {
        try {
            Git.Result r = new Git(dir, 10).run("remote", "get-url", "origin");
            return r.ok() ? GitRemote.parse(r.stdout().strip()) : Optional.empty();
        } catch (PpctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            return Optional.empty();
        }
    }

    private static Optional<String> read(Path file, String what) {
        try {
            return Optional.of(InputFiles.readText(file, InputFiles.TEXT_LIMIT));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw PpctlException.usage(file + ": is a folder, not a " + what);
            }
            throw PpctlException.usage(file + ": cannot read the " + what + ": " + e.getMessage());
        }
    }
}
