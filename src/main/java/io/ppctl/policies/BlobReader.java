package io.ppctl.policies;

import io.ppctl.core.ChildEnvironment;
import io.ppctl.core.PpctlException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Streams blob contents out of a repository with one {@code git cat-file --batch} process (raw bytes, in order). */
final class BlobReader {
    interface Sink {
        void accept(int index, byte[] content);
    }

    private BlobReader() {}

    static void read(Path gitDir, List<String> ids, Sink sink) {
        if (ids.isEmpty()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("git", "--git-dir=" + gitDir, "cat-file", "--batch")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        ChildEnvironment.withoutPpctl(pb.environment());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw PpctlException.environment("git is not installed or not on PATH", "install git (apt-get install git)", e);
        }
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = p.getOutputStream()) {
                for (String id : ids) {
                    out.write((id + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException ignored) {
                // git stopped reading; the reader reports what went wrong
            }
        });
        try (InputStream in = new BufferedInputStream(p.getInputStream())) {
            for (int i = 0; i < ids.size(); i++) {
                String header = readLine(in);
                String[] parts = header.split(" ");
                if (parts.length != 3 || !parts[1].equals("blob")) {
                    throw damaged(gitDir, "object " + ids.get(i) + ": " + header);
                }
                byte[] content = in.readNBytes(Integer.parseInt(parts[2]));
                if (in.read() != '\n') {
                    throw damaged(gitDir, "object " + ids.get(i) + " is truncated");
                }
                sink.accept(i, content);
            }
            writer.join();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw damaged(gitDir, "git cat-file did not finish");
            }
        } catch (IOException e) {
            throw damaged(gitDir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return "(end of output)";
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static PpctlException damaged(Path gitDir, String detail) {
        return PpctlException.environment("the policy repo cache " + gitDir + " is damaged: " + detail,
                "delete that folder; the next sync fetches it again", null);
    }
}
