package io.ppctl.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * QEMU emulation of arm64 through the kernel's binfmt_misc (registered by scripts/test from Debian's qemu-user-static).
 * A test that proves the path without emulation switches the handler off for its duration and on again after, also
 * when it fails; the handler is kernel-wide, so only one such test runs at a time (Failsafe runs classes one by one).
 */
public final class Emulation implements AutoCloseable {
    private static final Path ARM64 = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");

    private Emulation() {}

    /** Whether arm64 binaries run on this machine (through a registered, enabled QEMU handler). */
    public static boolean arm64() {
        try {
            return Files.isRegularFile(ARM64) && Files.readString(ARM64).startsWith("enabled");
        } catch (IOException e) {
            return false;
        }
    }

    public static void assumeArm64(String test) {
        Assumptions.assumeTrue(arm64(), test + " runs arm64 containers under QEMU, and this machine has no binfmt_misc "
                + "handler for arm64 (scripts/test registers Debian's qemu-user-static)");
    }

    /** Switches arm64 emulation off until closed; the caller needs it on (and so writable) to begin with. */
    public static Emulation offForArm64() {
        assumeArm64("the test without emulation (it switches the handler off for a while)");
        write("0");
        return new Emulation();
    }

    @Override
    public void close() {
        write("1");
    }

    private static void write(String value) {
        try {
            Files.writeString(ARM64, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot switch " + ARM64 + " to " + value, e);
        }
    }
}
