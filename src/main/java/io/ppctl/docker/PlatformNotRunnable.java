package io.ppctl.docker;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;

/**
 * The daemon cannot run containers of an image's platform: a foreign architecture without emulation (the kernel's
 * binfmt_misc with QEMU) fails at its first exec with "exec format error". Checks that need a container cannot judge
 * such an image here; those that need none (image metadata, the scan) still can.
 */
public final class PlatformNotRunnable extends PpctlException {
    private final String platform;

    PlatformNotRunnable(String platform, String image) {
        super(ExitCode.ENVIRONMENT, "this machine cannot run " + platform + " containers (" + image + ": exec format error)",
                "to run them under emulation, register QEMU with binfmt_misc on the daemon's machine (Debian: apt-get install "
                        + "qemu-user-static; docs/multi-platform.md)", null);
        this.platform = platform;
    }

    public String platform() {
        return platform;
    }

    /** Whether a daemon's or a container's words say the binary is of a foreign architecture. */
    static boolean isExecFormatError(String text) {
        return text != null && text.contains("exec format error");
    }
}
