package io.ppctl.docker;

import io.ppctl.context.ContextArchive;

/**
 * What {@link ImageBuilder} reports while the daemon builds. Calls come from one thread (the one reading the
 * daemon's answer), in the order the daemon sent them.
 */
public interface BuildListener {
    /** The whole context reached the daemon. */
    void contextSent(ContextArchive.Stats stats);

    /** A Dockerfile step began: "Step 4/9 : RUN make" is (4, 9, "RUN make"). */
    void step(int number, int total, String instruction);

    /** A line the step printed (RUN output, "Using cache", the daemon's warnings). */
    void output(String line);

    /** The daemon's bookkeeping: intermediate containers and layer IDs. */
    void detail(String line);

    /** Something the engine does differently that the user should know about, as one warning line. */
    void warn(String line);
}
