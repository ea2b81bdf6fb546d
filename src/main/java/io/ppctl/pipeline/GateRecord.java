package io.ppctl.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ppctl.core.PpctlException;
import io.ppctl.project.Project;
import io.ppctl.report.AtomicFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which gates (smoke-test, integration-test, scan) an image passed, by image ID, kept in target/ppctl/gates/. The
 * release rule "nothing is pushed that has not passed the smoke tests, the integration tests and the scan" is
 * enforced by push from these records, whether the gates ran in one `ppctl release` or as separate CI steps.
 */
public final class GateRecord {
    public static final String SMOKE = "smoke-test";
    public static final String INTEGRATION = "integration-test";
    public static final String SCAN = "scan";

    /**
     * One gate's last outcome for the image. {@code details}: what the gate attestation records of it (counts, failed
     * checks, the scan's threshold and findings by severity); null in records written before there were any.
     */
    public record Outcome(boolean passed, Instant at, String summary, Map<String, Object> details) {
        public Outcome(boolean passed, Instant at, String summary) {
            this(passed, at, summary, null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private GateRecord() {}

    static Path file(Project project, String imageId) {
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return project.stateDir().resolve("gates").resolve(hex + ".json");
    }

    public static void record(Project project, String imageId, String gate, boolean passed, String summary) {
        record(project, imageId, gate, passed, summary, Map.of());
    }

    public static synchronized void record(Project project, String imageId, String gate, boolean passed, String summary,
                                           Map<String, Object> details) {
        Map<String, Outcome> all = new LinkedHashMap<>(read(project, imageId));
        all.put(gate, new Outcome(passed, Instant.now(), summary, details.isEmpty() ? null : details));
        try {
            AtomicFile.write(file(project, imageId), JSON.writeValueAsString(all));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Map<String, Outcome> read(Project project, String imageId) {
        try {
            return JSON.readValue(Files.readString(file(project, imageId)),
                    JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Outcome.class));
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            // An unreadable record proves nothing: treat every gate as not passed.
            return Map.of();
        }
    }

    /** The gates this project requires: smoke tests and the scan always, integration tests when any are configured. */
    public static List<String> required(Project project) {
        List<String> gates = new ArrayList<>(List.of(SMOKE));
        if (!project.config().integrationTests().isEmpty()) {
            gates.add(INTEGRATION);
        }
        gates.add(SCAN);
        return gates;
    }

    /** Throws (exit 1) unless {@code imageId} passed every required gate, naming the ones it did not pass. */
    public static void requirePassed(Project project, String imageId, String imageName) {
        Map<String, Outcome> outcomes = read(project, imageId);
        List<String> missing = new ArrayList<>();
        for (String gate : required(project)) {
            Outcome o = outcomes.get(gate);
            if (o == null) {
                missing.add(gate + " (not run)");
            } else if (!o.passed()) {
                missing.add(gate + " (failed: " + o.summary() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new PpctlException(io.ppctl.core.ExitCode.CHECK_FAILED, imageName + " has not passed "
                    + String.join(", ", missing) + "; nothing is pushed that has not passed the smoke tests, the "
                    + "integration tests and the scan", "run ppctl smoke-test, integration-test and scan on it first, "
                    + "or ppctl release", null);
        }
    }
}
