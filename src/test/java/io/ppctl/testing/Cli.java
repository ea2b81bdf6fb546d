package io.ppctl.testing;

import io.ppctl.Ppctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs ppctl the way users do: in-process through the same entry point, or as a real process from the jar. */
public final class Cli {
    private Cli() {}

    /** In-process, with the process environment plus {@code extraEnv}. */
    public static CliResult run(Map<String, String> extraEnv, String... args) {
        return run(java.io.InputStream.nullInputStream(), extraEnv, args);
    }

    /** In-process, reading {@code stdin} as its standard input (--password-stdin, --signing-password-stdin). */
    public static CliResult runWithStdin(String stdin, Map<String, String> extraEnv, String... args) {
        return run(new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), extraEnv, args);
    }

    private static CliResult run(java.io.InputStream stdin, Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(isolated());
        env.putAll(extraEnv);
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Ppctl.run(new io.ppctl.cli.Invocation(o, e, env, false, stdin), args);
        }
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path cacheHome;

    /**
     * What every ppctl a test starts gets unless the test says otherwise: XDG_CACHE_HOME in a temporary folder of
     * this test run (removed when the JVM ends), so that no test writes into the real ~/.cache/ppctl (Trivy's cache,
     * the policy repo mirrors).
     */
    public static synchronized Map<String, String> isolated() {
        if (cacheHome == null) {
            try {
                cacheHome = Files.createTempDirectory("ppctl-test-cache");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Path dir = cacheHome;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TestProject.deleteTree(dir)));
        }
        return Map.of("XDG_CACHE_HOME", cacheHome.toString());
    }

    public static CliResult run(String... args) {
        return run(Map.of(), args);
    }

    /** In-process, as {@code ppctl -C projectDir args...}. */
    public static CliResult inProject(Path projectDir, Map<String, String> extraEnv, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = projectDir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return run(extraEnv, all);
    }

    public static CliResult inProject(Path projectDir, String... args) {
        return inProject(projectDir, Map.of(), args);
    }

    /** The packaged jar (Failsafe runs after `package` and passes its path). */
    public static Path jar() {
        String p = System.getProperty("ppctl.jar", "target/ppctl.jar");
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: run the *IT tests through `mvn verify`");
        }
        return jar;
    }

    /** Starts ppctl as its own process (for signals and the process list); stdout and stderr go to files. */
    public static ProcessBuilder processBuilder(Path workDir, Map<String, String> extraEnv, String... args) {
        // The test JVM's temporary folder (an engine tier's own under scripts/test), where the left-behind check looks.
        // The launcher's JIT and GC settings (./ppctl), as users run it.
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().putAll(isolated());
        pb.environment().putAll(extraEnv);
        return pb;
    }

    /** Runs the jar to completion (bounded) and captures its output. */
    public static CliResult runJar(Path workDir, Map<String, String> extraEnv, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("ppctl-out", ".txt");
        Path err = Files.createTempFile("ppctl-err", ".txt");
        try {
            Process p = processBuilder(workDir, extraEnv, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("ppctl " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
            }
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
