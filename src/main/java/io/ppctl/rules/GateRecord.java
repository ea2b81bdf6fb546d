package io.ppctl.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.ExitCode;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;
import io.ppctl.core.PpctlException;
import io.ppctl.pipeline.StepContext;
import io.ppctl.project.Project;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which gates (smoke-test, integration-test, scan) an image passed, kept in target/ppctl/gates/IMAGE.json, per gate
 * and per configuration: the digest of the settings that judged ({@link RuledStep#gateSettings}). The release rule
 * "nothing is pushed that has not passed the smoke tests, the integration tests and the scan" is enforced by push
 * from these records, whether the gates ran in one `ppctl release` or as separate CI steps, and only for the
 * configuration push runs with: a pass under a looser `-c lax.yaml` is another record and never erases a failure.
 */
public final class GateRecord {
    /**
     * One gate's last outcome for the image under one configuration. {@code details}: what the gate attestation records of it (counts, failed
     * checks, the scan's threshold and findings by severity); null in records written before there were any.
     */
    public record Outcome(boolean passed, Instant at, String summary, Map<String, Object> details) {
        public Outcome(boolean passed, Instant at, String summary) {
            this(passed, at, summary, null);
        }
    }

    private static final ObjectMapper JSON = JsonMappers.files();

    private GateRecord() {}

    static Path file(Project project, String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return project.stateDir().resolve("gates").resolve(hex + ".json");
    }

    /** The short digest that names a configuration (16 hex digits of SHA-256). */
    public static String digest(String settings) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gate step's verdict, for the image it judged: the one in the step context, when there is one. */
    static void record(StepContext ctx, RuledStep gate, boolean passed, String summary) {
        ctx.get(TargetImage.KEY).ifPresent(image -> record(ctx.project(), image.id(), gate.kind(),
                digest(gate.gateSettings(ctx.project())), passed, summary, gate.gateDetails(ctx)));
    }

    /** Records the verdict of {@code gate} for the image under the configuration {@code configDigest}. */
    public static void record(Project project, String imageId, ReleaseStep gate, String configDigest, boolean passed,
                              String summary) {
        record(project, imageId, gate, configDigest, passed, summary, Map.of());
    }

    /** The same, with what the gate attestation keeps of the run ({@link Outcome#details}). */
    public static synchronized void record(Project project, String imageId, ReleaseStep gate, String configDigest, boolean passed,
                                           String summary, Map<String, Object> details) {
        Map<String, Map<String, Outcome>> all = new LinkedHashMap<>(read(project, imageId));
        Map<String, Outcome> byConfig = new LinkedHashMap<>(all.getOrDefault(gate.word(), Map.of()));
        byConfig.put(configDigest, new Outcome(passed, Instant.now(), summary, details.isEmpty() ? null : details));
        all.put(gate.word(), byConfig);
        try {
            AtomicFile.write(file(project, imageId), JSON.writeValueAsString(all));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** gate (its word) -> configuration digest -> outcome, as the file holds them. */
    private static Map<String, Map<String, Outcome>> read(Project project, String imageId) {
        try {
            var outcomes = JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Outcome.class);
            return JSON.readValue(InputFiles.readText(file(project, imageId), InputFiles.TEXT_LIMIT),
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, JSON.getTypeFactory().constructType(String.class), outcomes));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // An unreadable record (or one of an older ppctl, without configurations) proves nothing: not passed.
            return Map.of();
        }
    }

    /** gate -> outcome under the configuration given for it ({@code configDigests}: gate -> digest); absent when not run so. */
    public static Map<ReleaseStep, Outcome> outcomes(Project project, String imageId, Map<ReleaseStep, String> configDigests) {
        Map<ReleaseStep, Outcome> out = new LinkedHashMap<>();
        read(project, imageId).forEach((word, byConfig) -> ReleaseStep.of(word).ifPresent(gate -> {
            Outcome o = byConfig.get(configDigests.get(gate));
            if (o != null) {
                out.put(gate, o);
            }
        }));
        return out;
    }

    /** The gates this project requires: smoke tests and the scan always, integration tests when any are configured. */
    public static List<ReleaseStep> required(Project project) {
        List<ReleaseStep> gates = new ArrayList<>(List.of(ReleaseStep.SMOKE_TEST));
        if (!project.config().integrationTests().isEmpty()) {
            gates.add(ReleaseStep.INTEGRATION_TEST);
        }
        gates.add(ReleaseStep.SCAN);
        return gates;
    }

    /**
     * Throws (exit 1) unless {@code imageId} passed every required gate under the configuration given for it
     * ({@code configDigests}: gate -> digest), naming the ones it did not pass.
     */
    public static void requirePassed(Project project, String imageId, String imageName, Map<ReleaseStep, String> configDigests) {
        Map<String, Map<String, Outcome>> outcomes = read(project, imageId);
        List<String> missing = new ArrayList<>();
        for (ReleaseStep gate : required(project)) {
            Map<String, Outcome> byConfig = outcomes.getOrDefault(gate.word(), Map.of());
            Outcome o = byConfig.get(configDigests.get(gate));
            if (o == null) {
                missing.add(gate.word() + (byConfig.isEmpty() ? " (not run)" : " (not run under this configuration; "
                        + "its record is for " + (byConfig.size() == 1 ? "another" : "others") + ")"));
            } else if (!o.passed()) {
                missing.add(gate.word() + " (failed: " + o.summary() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new PpctlException(ExitCode.CHECK_FAILED, imageName + " has not passed "
                    + String.join(", ", missing) + "; nothing is pushed that has not passed the smoke tests, the "
                    + "integration tests and the scan", "run ppctl smoke-test, integration-test and scan on it first, "
                    + "with the same -c config as push, or ppctl release", null);
        }
    }
}
