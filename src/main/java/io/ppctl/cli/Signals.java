package io.ppctl.cli;

/** Public door to {@link InterruptHandler} for main(). */
public final class Signals {
    private Signals() {}

    public static void install(Thread worker) {
        InterruptHandler.install(worker);
    }
}
