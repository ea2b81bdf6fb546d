package io.ppctl.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A password store for the real docker-credential-pass (Debian golang-docker-credential-helpers): its own GNUPGHOME
 * with a GPG key made for the test (no passphrase), an initialised pass store, and a bin/ folder for more helpers.
 * Close it to stop the gpg-agent it started and delete everything.
 */
public final class PassStore implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env;

    private PassStore(Path dir) {
        this.dir = dir;
        this.env = Map.of("GNUPGHOME", dir.resolve("g").toString(), "PASSWORD_STORE_DIR", dir.resolve("store").toString(),
                "PATH", bin() + ":" + System.getenv("PATH"));
    }

    public static PassStore create() throws IOException {
        PassStore p = new PassStore(TestDocker.tempDir("ppctl-pass"));
        try {
            Files.createDirectories(p.dir.resolve("g"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectories(p.bin());
            p.run(null, "gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key",
                    "ppctl test <ppctl-test@example.invalid>", "default", "default", "never");
            String fingerprint = p.run(null, "gpg", "--list-keys", "--with-colons").lines().filter(l -> l.startsWith("fpr:"))
                    .findFirst().orElseThrow(() -> new IOException("gpg made no key")).split(":")[9];
            p.run(null, "pass", "init", fingerprint);
            return p;
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    /** What a process needs to use this store: GNUPGHOME, PASSWORD_STORE_DIR and PATH with {@link #bin()} first. */
    public Map<String, String> env() {
        return env;
    }

    public Path dir() {
        return dir;
    }

    /** A folder on {@link #env()}'s PATH for more docker-credential-* helpers. */
    public Path bin() {
        return dir.resolve("bin");
    }

    /** Stores credentials as `docker login` would, through docker-credential-pass store (the secret on stdin). */
    public void store(String serverUrl, String user, String secret) throws IOException {
        run("{\"ServerURL\":\"" + serverUrl + "\",\"Username\":\"" + user + "\",\"Secret\":\"" + secret + "\"}",
                "docker-credential-pass", "store");
    }

    @Override
    public void close() {
        try {
            run(null, "gpgconf", "--kill", "gpg-agent");
        } catch (IOException | RuntimeException ignored) {
            // nothing was started
        }
        TestProject.deleteTree(dir);
    }

    private String run(String stdin, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }
}
