package io.ppctl.scan;

import io.ppctl.config.ScanConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The scan as it will run: {@code scan:} config overridden by options, paths resolved (config paths against the
 * project folder, {@code ~} against HOME). {@code ignoreFileRequired} is true when the user named the ignore file
 * (flag, or a non-default config value): then a missing file is an error rather than "nothing ignored".
 */
public record ScanSettings(Severity failOn, boolean ignoreUnfixed, Path ignoreFile, boolean ignoreFileRequired,
                           Path cacheDir, boolean skipDbUpdate, String dbRepository, String scannerImage,
                           String trivyPath, Duration timeout, Path home) {

    public static ScanSettings resolve(Project project, ScanOptions options) {
        ScanConfig c = project.config().scan();
        Severity failOn;
        if (options.failOn() != null) {
            failOn = Severity.threshold(options.failOn()).orElseThrow(() -> PpctlException.usage(
                    "--fail-on '" + options.failOn() + "' is not one of " + String.join(", ", ScanConfig.SEVERITIES)));
        } else {
            failOn = Severity.threshold(c.failOn()).orElseThrow();
        }
        Path ignoreFile = options.ignoreFile() != null ? options.ignoreFile() : project.resolve(c.ignoreFile());
        boolean ignoreRequired = options.ignoreFile() != null || !c.ignoreFile().equals(ScanConfig.DEFAULT.ignoreFile());
        return new ScanSettings(failOn,
                options.ignoreUnfixed() != null ? options.ignoreUnfixed() : c.ignoreUnfixed(),
                ignoreFile, ignoreRequired,
                cacheDir(c, project),
                options.skipDbUpdate() != null ? options.skipDbUpdate() : c.skipDbUpdate(),
                c.dbRepository().strip(), c.image().strip(), expandOrEmpty(c.trivy(), project), c.timeout(),
                home(project.env()));
    }

    /** scan.cacheDir; the default follows XDG_CACHE_HOME when it is set, as the policy repo cache does. */
    static Path cacheDir(ScanConfig c, Project project) {
        String xdg = project.env().get("XDG_CACHE_HOME");
        if (c.cacheDir().equals(ScanConfig.DEFAULT.cacheDir()) && xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "ppctl", "trivy");
        }
        return expand(c.cacheDir(), project);
    }

    private static String expandOrEmpty(String path, Project project) {
        return path.isBlank() ? "" : expand(path, project).toString();
    }

    static Path expand(String path, Project project) {
        String p = path.strip();
        if (p.equals("~") || p.startsWith("~/")) {
            return home(project.env()).resolve(p.equals("~") ? "" : p.substring(2)).normalize();
        }
        return project.resolve(p);
    }

    private static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }
}
