package io.ppctl.scan;

import io.ppctl.core.PpctlException;
import io.ppctl.docker.ContainerSpec;
import io.ppctl.docker.DockerSession;
import io.ppctl.docker.ExecResult;
import io.ppctl.docker.RunningContainer;
import io.ppctl.event.EventBus;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Trivy in the scanner image. The container gets exactly three mounts: the image archive (read-only), its report
 * folder and the database cache. Never the Docker socket: a third-party container that can reach the daemon
 * owns the machine. Trivy reads the archive with --input, so it needs no daemon at all.
 */
final class TrivyContainer implements Scanner {
    static final String IN = "/in";
    static final String OUT = "/out";
    static final String CACHE = "/cache";
    private final DockerSession docker;
    private final String image;

    TrivyContainer(DockerSession docker, String image) {
        this.docker = docker;
        this.image = image;
    }

    @Override
    public String kind() {
        return "image";
    }

    @Override
    public String location() {
        return image;
    }

    @Override
    public String scan(ScanWorkspace ws, ScanSettings s, EventBus events, String step) {
        String who = "Trivy (scanner image " + image + ")";
        List<String> args = TrivyCommand.args(IN + "/" + ws.imageTar().getFileName(), OUT + "/" + ws.report().getFileName(),
                CACHE, s);
        try {
            Files.createDirectories(s.cacheDir());
        } catch (IOException e) {
            throw PpctlException.environment("cannot create the Trivy cache folder " + s.cacheDir() + ": " + e.getMessage(),
                    "set scan.cacheDir to a writable folder", e);
        }
        // The official image's entrypoint is trivy; naming it keeps mirrors without an entrypoint working too.
        ContainerSpec spec = ContainerSpec.of(image, "scan").withEntrypoint(List.of("trivy")).withCommand(args)
                .withBind(ws.inDir(), IN, true).withBind(ws.outDir(), OUT, false).withBind(s.cacheDir(), CACHE, false);
        events.debug("running trivy " + String.join(" ", args) + " in " + image);
        RunningContainer c = docker.containers().start(spec);
        ExecResult r;
        try {
            r = c.awaitExit(ScannerFailure.bound(s.timeout()));
        } finally {
            // Remove the container even when Ctrl-C interrupted the wait: a pending interrupt would abort the removal call.
            boolean interrupted = Thread.interrupted();
            try {
                c.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        r.stderr().lines().forEach(l -> events.debug("trivy: " + l));
        if (r.timedOut()) {
            throw ScannerFailure.timedOut(who, s.timeout());
        }
        if (r.exitCode() != 0) {
            throw ScannerFailure.exited(who, r.exitCode(), r.stderr().isBlank() ? r.stdout() : r.stderr());
        }
        if (!Files.isRegularFile(ws.report())) {
            throw ScannerFailure.badReport(who, "it exited with 0 but wrote nothing to --output");
        }
        try {
            return new String(Files.readAllBytes(ws.report()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PpctlException.environment("cannot read Trivy's report " + ws.report() + ": " + e.getMessage(), null, e);
        }
    }
}
