package io.ppctl.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * QEMU emulation of arm64 through the kernel's binfmt_misc (registered by scripts/test from Debian's qemu-user-static).
 * The handler is kernel-wide, and engine tiers may run at the same time in other JVMs: a test that needs emulation
 * holds a shared lock on a file beside the handler's name for its duration, and the test that proves the path
 * without emulation holds it exclusively while it switches the handler off, and on again after, also when it fails.
 */
public final class Emulation implements AutoCloseable {
    private static final Path ARM64 = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");
    private static final Path LOCK = Path.of(
            // One file for all the engine tiers that run at once (each has a temporary folder of its own).
            System.getProperty("ppctl.test.locks", System.getProperty("java.io.tmpdir")), "ppctl-test-binfmt-qemu-aarch64.lock");
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean switchedOff;

    private Emulation(FileChannel channel, FileLock lock, boolean switchedOff) {
        this.channel = channel;
        this.lock = lock;
        this.switchedOff = switchedOff;
    }

    /** Whether arm64 binaries run on this machine (through a registered, enabled QEMU handler). */
    public static boolean arm64() {
        try {
            return Files.isRegularFile(ARM64) && Files.readString(ARM64).startsWith("enabled");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * For a test that runs arm64 containers: holds emulation on until closed (no other test switches it off
     * meanwhile); skips the test with the reason when this machine has no arm64 handler.
     */
    public static Emulation onForArm64(String test) {
        Emulation held = acquire(true, false);
        if (!arm64()) {
            held.close();
            Assumptions.abort(test + " runs arm64 containers under QEMU, and this machine has no binfmt_misc handler for "
                    + "arm64 (scripts/test registers Debian's qemu-user-static)");
        }
        return held;
    }

    /** Switches arm64 emulation off until closed; the handler must be there (and on) to begin with. */
    public static Emulation offForArm64() {
        Emulation held = acquire(false, true);
        if (!arm64()) {
            held.close();
            Assumptions.abort("the test without emulation switches the arm64 handler off for a while, and this machine has "
                    + "none (scripts/test registers Debian's qemu-user-static)");
        }
        write("0");
        return held;
    }

    private static Emulation acquire(boolean shared, boolean switchOff) {
        try {
            FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            try {
                return new Emulation(channel, channel.lock(0, Long.MAX_VALUE, shared), switchOff);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK, e);
        }
    }

    @Override
    public void close() {
        try {
            if (switchedOff && Files.isRegularFile(ARM64)) {
                write("1");
            }
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void write(String value) {
        try {
            Files.writeString(ARM64, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + ARM64 + " to " + value, e);
        }
    }
}
