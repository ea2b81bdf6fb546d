package io.ppctl.pipeline;

/**
 * Thrown by a step that could not judge one part of its work here (a platform's image whose containers this machine
 * cannot run). What could be judged without it is left in that part's context as usual. The step is told it did not
 * pass that part ({@link Step#judged}), and goes on with the other parts.
 */
public final class PartSkipped extends RuntimeException {
    public PartSkipped(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
