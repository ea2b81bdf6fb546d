package io.ppctl.pipeline;

/**
 * Thrown by a gate that could not judge one platform's image on this machine (its containers cannot run here: no
 * emulation for a foreign architecture). What could be judged without them is left in the context as usual. The gate
 * is then recorded as not passed for that image, so push refuses it, and the step goes on with the other platforms.
 */
public final class PlatformSkipped extends RuntimeException {
    public PlatformSkipped(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
