package io.ppctl.release;

import io.ppctl.core.Durations;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * One release at a time per project: an OS file lock on target/ppctl/release.lock, which the kernel releases
 * when the process dies, so a crashed run never blocks the next one. The file names the holder for the message.
 * It is a POSIX lock: the process loses it as soon as it closes ANY descriptor of the file, so nothing else in
 * ppctl may open this file while a release runs (the build context leaves target/ppctl out for that reason).
 */
public final class ReleaseLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ReleaseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, waiting up to {@code wait} (zero: refuse at once) when another run holds it. */
    public static ReleaseLock acquire(Path file, Duration wait) {
        return acquire(file, wait, message -> { });
    }

    /**
     * As {@link #acquire(Path, Duration)}; {@code onWait} hears once that this run waits and for whom, so a queued
     * release does not look like a hung one.
     */
    public static ReleaseLock acquire(Path file, Duration wait, java.util.function.Consumer<String> onWait) {
        boolean told = false;
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                FileLock l;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
                            .getBytes(StandardCharsets.UTF_8)), 0);
                    ch.force(false);
                    return new ReleaseLock(ch, l);
                }
                String holder = InputFiles.readText(file, InputFiles.TEXT_LIMIT).trim();
                holder = holder.isEmpty() ? "unknown process" : holder;
                if (System.nanoTime() >= deadline) {
                    ch.close();
                    throw new PpctlException(ExitCode.ENVIRONMENT, "another ppctl release is running in this project ("
                            + holder + ")", "wait for it to finish, or pass --wait-lock DURATION to queue behind it", null);
                }
                if (!told) {
                    onWait.accept("another ppctl release is running in this project (" + holder + "); waiting up to "
                            + Durations.format(wait) + " for it to finish (--wait-lock)");
                    told = true;
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw PpctlException.environment("cannot take the release lock " + file + ": " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the process anyway
        }
    }
}
