package io.ppctl.policies;

import io.ppctl.core.PpctlException;
import io.ppctl.version.Git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Map;

/**
 * Bare mirrors of the policy repos, one per URL, shared by every project of the user: a sync needs the network
 * only for commits the cache does not have yet. Location: $PPCTL_CACHE_DIR/policy-repos, else
 * $XDG_CACHE_HOME/ppctl/policy-repos, else ~/.cache/ppctl/policy-repos.
 */
public final class RepoCache {
    public static final String ENV_CACHE_DIR = "PPCTL_CACHE_DIR";
    private final Path root;
    /** One Mirror per URL and run, so two repos taken from the same URL fetch it once. */
    private final Map<String, Mirror> opened = new java.util.HashMap<>();

    public RepoCache(Path root) {
        this.root = root;
    }

    public static RepoCache fromEnv(Map<String, String> env) {
        Path base;
        if (notBlank(env.get(ENV_CACHE_DIR))) {
            base = Path.of(env.get(ENV_CACHE_DIR));
        } else if (notBlank(env.get("XDG_CACHE_HOME"))) {
            base = Path.of(env.get("XDG_CACHE_HOME"), "ppctl");
        } else {
            String home = notBlank(env.get("HOME")) ? env.get("HOME") : System.getProperty("user.home");
            base = Path.of(home, ".cache", "ppctl");
        }
        return new RepoCache(base.resolve("policy-repos").toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    /** The mirror of {@code url}, created empty on first use (nothing is fetched here). */
    Mirror mirror(String url) {
        return opened.computeIfAbsent(url, u -> {
            Path dir = dirOf(u);
            if (!Files.isDirectory(dir)) {
                create(dir, u);
            }
            return new Mirror(u, dir);
        });
    }

    /** The mirror of {@code url} if the cache has one; creates nothing. */
    java.util.Optional<Mirror> existing(String url) {
        Path dir = dirOf(url);
        return Files.isDirectory(dir) ? java.util.Optional.of(new Mirror(url, dir)) : java.util.Optional.empty();
    }

    private Path dirOf(String url) {
        String key = HexFormat.of().formatHex(PolicyTree.sha256().digest(url.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        return root.resolve(key + ".git");
    }

    /** git init into a temporary folder, then one rename: a concurrent ppctl sees no mirror or a whole one. */
    private void create(Path dir, String url) {
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".init-");
            Git.Result r = new Git(root).run("init", "--bare", "-q", tmp.toString());
            if (!r.ok()) {
                throw PpctlException.environment("cannot create the policy repo cache in " + root + ": " + r.firstErrorLine(),
                        "set " + ENV_CACHE_DIR + " to a writable folder", null);
            }
            // For people looking into the cache: which repo this is (never the credentials).
            Files.writeString(tmp.resolve("description"), GitUrls.redact(url) + "\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
                tmp = null;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another ppctl created it first; theirs is as good as ours.
            }
        } catch (IOException e) {
            throw PpctlException.environment("cannot create the policy repo cache in " + root + ": " + e.getMessage(),
                    "set " + ENV_CACHE_DIR + " to a writable folder", e);
        } finally {
            if (tmp != null) {
                FolderSwap.deleteTree(tmp);
            }
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
