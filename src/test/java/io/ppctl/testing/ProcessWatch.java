package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Reads every process's command line every few milliseconds, keeping those it saw and those holding a secret. */
public final class ProcessWatch implements AutoCloseable {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final Set<String> leaks = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private final Thread thread;

    /** Starts watching for {@code secret}; stop or close it to end. */
    public ProcessWatch(String secret) {
        thread = new Thread(() -> {
            while (running) {
                try (var procs = Files.list(Path.of("/proc"))) {
                    procs.filter(d -> d.getFileName().toString().matches("\\d+")).forEach(d -> {
                        try {
                            String cmd = new String(Files.readAllBytes(d.resolve("cmdline")),
                                    StandardCharsets.UTF_8).replace('\0', ' ');
                            seen.add(cmd);
                            if (cmd.contains(secret)) {
                                leaks.add(cmd.replace(secret, "<the password>"));
                            }
                        } catch (IOException gone) {
                            // the process ended meanwhile
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "process-watch");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(5000);
    }

    /** Every command line seen, to show the watch ran while the processes of interest lived. */
    public Set<String> seen() {
        return seen;
    }

    /** The command lines that held the secret, with it replaced. */
    public Set<String> leaks() {
        return leaks;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
