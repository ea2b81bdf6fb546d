package io.ppctl.pipeline;

import java.util.Optional;

/**
 * One unit of a pipeline (build, tag, smoke-test, ...). A step never prints: it publishes events and returns
 * a one-line summary; it fails by throwing a PpctlException that carries the exit code.
 */
public interface Step {
    /** Short name, as used by --skip and in reports: build, tag, smoke-test, integration-test, scan, push. */
    String name();

    /** What the step does, for the console and --dry-run plans. */
    String description();

    /** A reason not to run (nothing configured, ...), or empty to run. Checked just before the step would start. */
    default Optional<String> skipReason(StepContext ctx) {
        return Optional.empty();
    }

    /**
     * Whether this step is one of the release gates (smoke-test, integration-test, scan): its outcome is recorded
     * per image ID ({@link GateRecord}), and push refuses an image that has not passed them all.
     */
    default boolean gate() {
        return false;
    }

    /**
     * For a gate: the settings that decide its verdict (checks, cases, scan threshold...), as text. Its digest keys
     * the gate record, so a pass under one configuration never stands for another (see {@link GateRecord}).
     */
    default String gateSettings(io.ppctl.project.Project project) {
        return "";
    }

    /** What a gate's record (and so the gate attestation) keeps of its run besides pass and summary; read after {@link #run}. */
    default java.util.Map<String, Object> gateDetails(StepContext ctx) {
        return java.util.Map.of();
    }

    /** Does the work; returns a one-line summary such as "12 passed" or "image sha256:3f2a... 142.1 MB". */
    String run(StepContext ctx) throws Exception;
}
