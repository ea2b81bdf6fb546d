package io.ppctl.policies;

import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what is in a folder under policies/ the same way a pinned tree is read, so that digests compare. */
final class LocalTree {
    private LocalTree() {}

    /** The folder's tree, or empty when the folder does not exist. Links are recorded, never followed. */
    static Optional<PolicyTree> read(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw PpctlException.usage(dir + " is not a folder (a policy repo lives in a folder of that name)");
        }
        List<PolicyTree.File> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = relative(dir, p);
                if (Files.isSymbolicLink(p)) {
                    byte[] target = Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8);
                    files.add(new PolicyTree.File(rel, PolicyTree.MODE_SYMLINK, PolicyTree.contentHash(target)));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(new PolicyTree.File(rel, executable(p) ? PolicyTree.MODE_EXECUTABLE : PolicyTree.MODE_FILE,
                            PolicyTree.contentHash(Files.readAllBytes(p))));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw PpctlException.usage("cannot read " + dir + ": " + e.getMessage());
        }
        return Optional.of(PolicyTree.of(files));
    }

    private static String relative(Path root, Path p) {
        StringBuilder sb = new StringBuilder();
        for (Path part : root.relativize(p)) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    /** git's rule: a file is executable when its owner may execute it. */
    private static boolean executable(Path p) throws IOException {
        try {
            return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return Files.isExecutable(p);
        }
    }
}
