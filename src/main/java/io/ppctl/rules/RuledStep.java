package io.ppctl.rules;

import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;

import java.util.Map;

/**
 * A step of the release vocabulary: its name, description and whether it is a gate come from its
 * {@link ReleaseStep}, and a gate's verdicts are kept for the image it judged, for push to enforce.
 */
public interface RuledStep extends Step {
    ReleaseStep kind();

    @Override
    default String name() {
        return kind().word();
    }

    @Override
    default String description() {
        return kind().description();
    }

    /**
     * For a gate: the settings that decide its verdict (checks, cases, scan threshold...), as text. Its digest keys
     * the gate record, so a pass under one configuration never stands for another (see {@link GateRecord}).
     */
    default String gateSettings(Project project) {
        return "";
    }

    /** What a gate's record (and so the gate attestation) keeps of its run besides pass and summary; read after {@link #run}. */
    default Map<String, Object> gateDetails(StepContext ctx) {
        return Map.of();
    }

    @Override
    default void judged(StepContext ctx, boolean passed, String summary) {
        if (kind().gate()) {
            GateRecord.record(ctx, this, passed, summary);
        }
    }
}
