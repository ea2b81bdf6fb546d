package io.ppctl.project;

import io.ppctl.config.ConfigLoader;
import io.ppctl.config.PpctlConfig;
import io.ppctl.core.PpctlException;
import io.ppctl.version.Git;
import io.ppctl.version.GitFacts;
import io.ppctl.version.Version;
import io.ppctl.version.VersionFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The project ppctl works on: its folder, its validated config, its VERSION and what git says about it.
 * Config and version are read on first use and then kept, so every step sees the same values.
 */
public final class Project {
    private final Path dir;
    private final Path configFile;
    private final boolean configRequired;
    private final Map<String, String> env;
    private PpctlConfig config;
    private Version version;
    private GitFacts git;

    private Project(Path dir, Path configFile, boolean configRequired, Map<String, String> env) {
        this.dir = dir;
        this.configFile = configFile;
        this.configRequired = configRequired;
        this.env = env;
    }

    /**
     * @param dir        the project folder (-C)
     * @param configFile the config file as given (-c), or null for ppctl.yaml in the project folder (optional then)
     */
    public static Project open(Path dir, Path configFile, Map<String, String> env) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw PpctlException.usage(dir + ": is a file, not a project folder (-C/--project-dir names the folder "
                    + "that holds ppctl.yaml and VERSION)");
        }
        if (!Files.isDirectory(d)) {
            throw PpctlException.usage(dir + ": project folder does not exist (check -C/--project-dir)");
        }
        Path cfg = configFile == null ? d.resolve("ppctl.yaml") : d.resolve(configFile).normalize();
        return new Project(d, cfg, configFile != null, Map.copyOf(env));
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return configFile;
    }

    public boolean configExists() {
        return Files.isRegularFile(configFile);
    }

    /** The process environment (or the one a test passed in). */
    public Map<String, String> env() {
        return env;
    }

    public synchronized PpctlConfig config() {
        if (config == null) {
            config = ConfigLoader.load(configFile, configRequired);
        }
        return config;
    }

    public VersionFile versionFile() {
        return new VersionFile(dir.resolve(config().version().file()));
    }

    public synchronized Version version() {
        if (version == null) {
            version = versionFile().read();
        }
        return version;
    }

    /** Forgets the cached version after VERSION was rewritten. */
    public synchronized void versionChanged(Version newVersion) {
        version = newVersion;
    }

    public Git gitRunner() {
        return new Git(dir);
    }

    public synchronized GitFacts git() {
        if (git == null) {
            git = GitFacts.read(gitRunner(), dir.relativize(stateDir()).toString().replace('\\', '/'));
        }
        return git;
    }

    /** Forgets what git said, after ppctl made a commit (release --bump): every later step sees the new commit. */
    public synchronized void gitChanged() {
        git = null;
    }

    /** Resolves a path from the config against the project folder. */
    public Path resolve(String relative) {
        return dir.resolve(relative).normalize();
    }

    /**
     * Fails (exit 2) unless ppctl can write its state folder: checked among the cheap checks, so a read-only
     * target/ stops a command in milliseconds and not after a build, the tests and a scan.
     */
    public void requireWritableState() {
        Path d = stateDir();
        try {
            // Probe the state folder, or the nearest folder that exists on the way to it: a command that fails
            // before writing anything must not leave a target/ppctl behind that the check itself made.
            Path probe = d;
            while (probe != null && !Files.exists(probe, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                probe = probe.getParent();
            }
            if (probe == null || !Files.isDirectory(probe)) {
                throw new java.nio.file.NotDirectoryException(String.valueOf(probe));
            }
            Files.delete(Files.createTempFile(probe, ".ppctl-write-check-", ""));
        } catch (java.io.IOException | SecurityException e) {
            throw PpctlException.usage(dir.relativize(d) + " is not writable (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); ppctl keeps its build record, gate verdicts and reports there: make target/ "
                    + "writable, or run from a writable checkout");
        }
    }

    /** ppctl's own working folder in the project (target/ppctl): build records, default reports. */
    public Path stateDir() {
        return dir.resolve("target").resolve("ppctl");
    }
}
