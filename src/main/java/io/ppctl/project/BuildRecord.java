package io.ppctl.project;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppctl.core.AtomicFile;
import io.ppctl.core.InputFiles;
import io.ppctl.core.JsonMappers;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last `ppctl build` produced, kept in target/ppctl/last-build.json so that `tag`, the tests, `scan`
 * and `push` use this exact image ID, not whatever a tag points to later. {@code recipe} (Dockerfile, args, labels,
 * base images) and {@code context} (the build context sent) are digests of what the image was built from (null when
 * not known), so that a build of the same inputs can reuse it. A multi-platform build lists one image per platform
 * in {@code platforms}; the fields above then describe its primary image (the daemon's own platform, else the first).
 * Made with {@link #builder()}; read back by Jackson through the constructor, so a field added later reads as null
 * from an older file.
 */
public record BuildRecord(String imageId, String imageName, String version, String commit, boolean dirty,
                          Instant builtAt, long size, int layers, Map<String, String> labels,
                          String recipe, String context, List<PlatformImage> platforms) {

    /** One platform's image of a multi-platform build; {@code platform} as linux/arm64. */
    public record PlatformImage(String platform, String imageId, long size, int layers, String recipe, String context,
                                Instant builtAt) {}

    public BuildRecord {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The image of {@code platform} in a multi-platform build, if it was one. */
    public Optional<PlatformImage> platform(String platform) {
        return platforms.stream().filter(i -> i.platform().equals(platform)).findFirst();
    }

    // Unknown fields are ignored so that records written by a newer ppctl still read.
    private static final ObjectMapper JSON = JsonMappers.files().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static Path file(Project project) {
        return project.stateDir().resolve("last-build.json");
    }

    public void save(Project project) {
        try {
            AtomicFile.write(file(project), JSON.writeValueAsString(this));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The last build of this project, or empty when there is none (or the record is unreadable). */
    public static Optional<BuildRecord> load(Project project) {
        try {
            BuildRecord r = JSON.readValue(InputFiles.readText(file(project), InputFiles.TEXT_LIMIT), BuildRecord.class);
            // A record without the image it names (hand-edited, or an empty object) is as good as none.
            return r == null || r.imageId() == null || r.imageId().isBlank() || r.imageName() == null || r.version() == null
                    ? Optional.empty() : Optional.of(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One setter per field, named after it; what is not set is null, 0 or false (no platforms). */
    public static final class Builder {
        private String imageId;
        private String imageName;
        private String version;
        private String commit;
        private boolean dirty;
        private Instant builtAt;
        private long size;
        private int layers;
        private Map<String, String> labels;
        private String recipe;
        private String context;
        private List<PlatformImage> platforms;

        private Builder() {}

        public Builder imageId(String imageId) { this.imageId = imageId; return this; }
        public Builder imageName(String imageName) { this.imageName = imageName; return this; }
        public Builder version(String version) { this.version = version; return this; }
        public Builder commit(String commit) { this.commit = commit; return this; }
        public Builder dirty(boolean dirty) { this.dirty = dirty; return this; }
        public Builder builtAt(Instant builtAt) { this.builtAt = builtAt; return this; }
        public Builder size(long size) { this.size = size; return this; }
        public Builder layers(int layers) { this.layers = layers; return this; }
        public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
        public Builder recipe(String recipe) { this.recipe = recipe; return this; }
        public Builder context(String context) { this.context = context; return this; }
        public Builder platforms(List<PlatformImage> platforms) { this.platforms = platforms; return this; }

        public BuildRecord build() {
            return new BuildRecord(imageId, imageName, version, commit, dirty, builtAt, size, layers, labels, recipe, context,
                    platforms);
        }
    }
}
