package io.ppctl.config;

import io.ppctl.core.Quote;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code smokeTests:} declarative checks of the built image, in the spirit of container-structure-test.
 * {@code declared} is false when the config has no smokeTests section: the policy platform's own defaults apply.
 */
public record SmokeTestsConfig(boolean declared, List<CommandCheck> commands, List<FileCheck> files, MetadataCheck metadata) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final SmokeTestsConfig NONE = new SmokeTestsConfig(false, List.of(), List.of(), MetadataCheck.NONE);

    public record CommandCheck(String name, List<String> command, int exitCode, List<Pattern> expectedOutput,
                               List<Pattern> excludedOutput, List<Pattern> expectedError, List<Pattern> excludedError,
                               Map<String, String> env, Duration timeout) {}

    public record FileCheck(String path, boolean shouldExist, String type, String permissions,
                            List<Pattern> expectedContents, List<Pattern> excludedContents) {}

    public record MetadataCheck(Map<String, Pattern> labels, String user, String workdir, Map<String, Pattern> env) {
        public static final MetadataCheck NONE = new MetadataCheck(Map.of(), "", "", Map.of());

        public boolean isEmpty() {
            return labels.isEmpty() && user.isEmpty() && workdir.isEmpty() && env.isEmpty();
        }
    }

    static SmokeTestsConfig read(ConfigReader r) {
        if (!r.present()) {
            return NONE;
        }
        List<CommandCheck> commands = r.list("commands", SmokeTestsConfig::readCommand);
        List<FileCheck> files = r.list("files", SmokeTestsConfig::readFile);
        ConfigReader m = r.section("metadata");
        MetadataCheck metadata = new MetadataCheck(patternMap(m, "labels"), m.string("user", ""), m.string("workdir", ""),
                patternMap(m, "env"));
        m.finish();
        r.finish();
        return new SmokeTestsConfig(true, commands, files, metadata);
    }

    private static CommandCheck readCommand(ConfigReader r) {
        String name = r.string("name", null);
        List<String> command = r.stringList("command", List.of(), false);
        if (name == null || name.isBlank()) {
            r.problem(null, "missing 'name'");
        }
        if (command.isEmpty()) {
            r.problem("command", "missing or empty; write it as a list such as [\"kyverno\", \"version\"]");
        }
        return new CommandCheck(name, command, r.integer("exitCode", 0, 0, 255),
                r.patternList("expectedOutput"), r.patternList("excludedOutput"),
                r.patternList("expectedError"), r.patternList("excludedError"),
                r.stringMap("env"), r.duration("timeout", DEFAULT_TIMEOUT));
    }

    private static FileCheck readFile(ConfigReader r) {
        String path = r.string("path", null);
        if (path == null || !path.startsWith("/")) {
            r.problem(path == null ? null : "path", path == null ? "missing 'path'" : Quote.of(path) + " must be an absolute path inside the image");
        }
        String permissions = r.string("permissions", "");
        if (!permissions.isEmpty() && !permissions.matches("[-dlcbps][-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]")) {
            r.problem("permissions", Quote.of(permissions) + " is not a mode string such as -rwxr-xr-x");
        }
        String type = r.choice("type", "any", List.of("file", "directory", "any"));
        List<Pattern> contents = r.patternList("expectedContents");
        List<Pattern> excluded = r.patternList("excludedContents");
        if ((!contents.isEmpty() || !excluded.isEmpty()) && "directory".equals(type)) {
            r.problem("expectedContents", "content checks need 'type: file'");
        }
        return new FileCheck(path, r.bool("shouldExist", true), type, permissions, contents, excluded);
    }

    private static Map<String, Pattern> patternMap(ConfigReader r, String key) {
        Map<String, String> raw = r.stringMap(key);
        Map<String, Pattern> out = new java.util.LinkedHashMap<>();
        raw.forEach((k, v) -> {
            try {
                out.put(k, Pattern.compile(v));
            } catch (java.util.regex.PatternSyntaxException e) {
                r.problem(key, "value of '" + k + "' is not a valid regular expression: " + e.getDescription());
            }
        });
        return out;
    }
}
