package io.ppctl.supplychain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.JsonMappers;
import io.ppctl.project.Project;
import io.ppctl.core.InputFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an image was built from, recorded by `ppctl build` per image ID in target/ppctl/provenance/, so that a later
 * `ppctl push` (another process, maybe another CI step) can state it in the provenance attestation. Build arg
 * values are not kept: they may be secrets; their names are.
 */
public record BuildFacts(String imageId, String ppctlVersion, Instant startedOn, Instant finishedOn, String dockerfile,
                         String dockerfileSha256, String target, List<String> buildArgs, Map<String, String> labels,
                         Map<String, String> toolPins, String gitCommit, String gitRemote, boolean dirty,
                         List<BaseImage> baseImages, List<PolicyRepo> policyRepos, boolean noCache, boolean pull) {

    /** A FROM (or COPY --from) image and the local image ID it resolved to. */
    public record BaseImage(String reference, String imageId) {}

    /** One policies.lock entry. */
    public record PolicyRepo(String name, String url, String ref, String commit, String path, String digest) {}

    private static final ObjectMapper JSON = JsonMappers.files().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Path file(Project project, String imageId) {
        return project.stateDir().resolve("provenance").resolve(imageId.replace("sha256:", "") + ".json");
    }

    public void save(Project project) {
        try {
            AtomicFile.write(file(project, imageId), JSON.writeValueAsString(this));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Optional<BuildFacts> load(Project project, String imageId) {
        try {
            // A FIFO or an oversized file here counts as no record, as a damaged one does.
            return Optional.ofNullable(JSON.readValue(InputFiles.readText(file(project, imageId),
                    InputFiles.TEXT_LIMIT), BuildFacts.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
