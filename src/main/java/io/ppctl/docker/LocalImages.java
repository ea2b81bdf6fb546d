package io.ppctl.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.ImageHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the daemon holds locally: the tags of a repository, and the layers of an image with what made them. */
public final class LocalImages {
    /** A local tag: {@code repository:tag} points at {@code imageId}, whose size is {@code size} bytes. */
    public record LocalTag(String repository, String tag, String imageId, long size) {
        public String reference() {
            return repository + ":" + tag;
        }
    }

    /**
     * One entry of an image's history: the instruction that made it ("RUN apk add ...", "COPY policies /policies")
     * and the bytes it added (0 for metadata-only steps such as ENV or LABEL).
     */
    public record Layer(String instruction, long size) {}

    private static final Pattern SHELL_RUN = Pattern.compile("^/bin/sh -c (?!#\\(nop\\))(.*)$", Pattern.DOTALL);
    private static final Pattern NOP = Pattern.compile("^/bin/sh -c #\\(nop\\)\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern INSTRUCTION = Pattern.compile(
            "(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\\b");
    private static final Pattern ARGS_PREFIX = Pattern.compile("^\\|(\\d+) (.*)$", Pattern.DOTALL);

    private final DockerSession session;

    public LocalImages(DockerSession session) {
        this.session = session;
    }

    /** Every local tag of {@code repository} (any tag; Podman's docker.io/library/x counts as x). */
    public List<LocalTag> tags(String repository) {
        List<Image> images;
        try {
            // API 1.41 ignores the old name filter; "reference" selects by repository.
            images = session.client().listImagesCmd().withReferenceFilter(repository).exec();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("listing local images of " + repository, e);
        }
        List<LocalTag> out = new ArrayList<>();
        for (Image image : images) {
            if (image.getRepoTags() == null) {
                continue;
            }
            long size = -1;
            for (String ref : image.getRepoTags()) {
                int colon = ref.lastIndexOf(':');
                if (colon > 0 && ImageNames.sameRepository(ref.substring(0, colon), repository)) {
                    if (size < 0) {
                        size = session.size(image.getId(), image.getSize() == null ? 0 : image.getSize());
                    }
                    out.add(new LocalTag(repository, ref.substring(colon + 1), image.getId(), size));
                }
            }
        }
        return out;
    }

    /** The image's history, newest layer first, as {@code docker history} lists it. */
    public List<Layer> history(String image) {
        List<ImageHistory> entries;
        try {
            entries = session.client().imageHistoryCmd(image).exec();
        } catch (NotFoundException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw DockerErrors.wrap("reading the history of " + image, e);
        }
        List<Layer> out = new ArrayList<>();
        for (ImageHistory h : entries) {
            out.add(new Layer(instruction(h.getCreatedBy()), h.getSize() == null ? 0 : h.getSize()));
        }
        return out;
    }

    /**
     * The Dockerfile instruction behind a history entry's "created by": the classic builder records
     * {@code /bin/sh -c #(nop) COPY ...} for metadata and file steps, {@code /bin/sh -c apk add ...} for shell RUNs,
     * and prefixes RUNs that saw build args with {@code |2 A=1 B=2} (values are dropped here: they may be secrets).
     */
    static String instruction(String createdBy) {
        if (createdBy == null || createdBy.isBlank()) {
            return "(unknown instruction)";
        }
        String s = createdBy.strip();
        Matcher args = ARGS_PREFIX.matcher(s);
        if (args.matches()) {
            String rest = args.group(2);
            int n = Integer.parseInt(args.group(1));
            for (int i = 0; i < n; i++) {
                int space = rest.indexOf(' ');
                if (space < 0) {
                    break;
                }
                rest = rest.substring(space + 1);
            }
            s = rest.strip();
        }
        Matcher nop = NOP.matcher(s);
        if (nop.matches()) {
            return collapse(nop.group(1));
        }
        Matcher run = SHELL_RUN.matcher(s);
        if (run.matches()) {
            return "RUN " + collapse(run.group(1));
        }
        // BuildKit-made base layers already name their instruction ("COPY ... # buildkit"); anything else is an exec-form RUN.
        String plain = collapse(s.replaceFirst("\\s*# buildkit$", ""));
        return INSTRUCTION.matcher(plain).lookingAt() ? plain : "RUN " + plain;
    }

    private static String collapse(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}
