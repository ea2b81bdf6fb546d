package io.ppctl.rules;

import io.ppctl.pipeline.Step;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;

import java.util.List;
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

    /** A gate runs on each platform's image of a multi-platform build, each in its own context, judged per image. */
    @Override
    default List<Part> parts(StepContext ctx) {
        if (!kind().gate()) {
            return List.of();
        }
        return ctx.get(TargetImage.PLATFORMS).map(images -> images.images().stream()
                .map(image -> new Part(image.platform().toString(), ctx.forPart(TargetImage.KEY, image))).toList())
                .orElse(List.of());
    }

    @Override
    default void judged(StepContext ctx, boolean passed, String summary) {
        if (kind().gate()) {
            GateRecord.record(ctx, this, passed, summary);
        }
    }
}
