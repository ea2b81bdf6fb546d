package io.ppctl.scan;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ImagePuller;
import io.ppctl.event.EventBus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Picks the scanner, in this order: {@code scan.trivy} (an explicit executable; an error when it is not one),
 * a {@code trivy} executable on PATH, the scanner image {@code scan.image} if the daemon has it, else that image
 * pulled (bounded by scan.timeout). When nothing works the error lists what was tried and how to provide a scanner.
 */
final class ScannerLocator {
    static final String HINT = "install trivy on PATH, set scan.trivy: /path/to/trivy, or make scan.image pullable "
            + "(docker login + docker pull, or a mirror of the image); without internet access also set scan.dbRepository "
            + "to a mirror of the vulnerability DB, or prepare scan.cacheDir and set scan.skipDbUpdate: true";

    private ScannerLocator() {}

    static Scanner locate(ScanSettings s, Map<String, String> env, Supplier<DockerSession> docker, EventBus events,
                          String step) {
        List<String> tried = new ArrayList<>();
        if (!s.trivyPath().isEmpty()) {
            Path p = Path.of(s.trivyPath());
            if (!isExecutable(p)) {
                throw PpctlException.environment("scan.trivy: " + p + " is not an executable file",
                        "point scan.trivy at the trivy binary, or remove it to use the trivy on PATH or scan.image", null);
            }
            return new TrivyBinary(p, env);
        }
        tried.add("scan.trivy is not set");
        Optional<Path> onPath = findOnPath(env.get("PATH"), "trivy");
        if (onPath.isPresent()) {
            return new TrivyBinary(onPath.get(), env);
        }
        tried.add("no trivy executable on PATH");
        if (s.scannerImage().isEmpty()) {
            tried.add("scan.image is empty");
            throw unavailable(tried);
        }
        DockerSession d = docker.get();
        if (d.inspectImage(s.scannerImage()).isPresent()) {
            return new TrivyContainer(d, s.scannerImage());
        }
        events.log(step, "pulling scanner image " + s.scannerImage());
        try {
            new ImagePuller(d).pull(s.scannerImage(), s.timeout(), line -> events.debug("pull: " + line));
        } catch (PpctlException e) {
            if (e.exitCode() == ExitCode.INTERRUPTED) {
                throw e;
            }
            tried.add("scanner image " + s.scannerImage() + " is not present locally and could not be pulled ("
                    + e.getMessage() + ")");
            throw unavailable(tried);
        }
        return new TrivyContainer(d, s.scannerImage());
    }

    private static PpctlException unavailable(List<String> tried) {
        return PpctlException.environment("no vulnerability scanner available: " + String.join("; ", tried), HINT, null);
    }

    /** The first executable regular file called {@code name} in the folders of {@code pathVar}. */
    static Optional<Path> findOnPath(String pathVar, String name) {
        if (pathVar == null || pathVar.isBlank()) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(name);
            if (isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
