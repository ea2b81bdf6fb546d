package io.ppctl.scan;

import io.ppctl.core.ChildEnvironment;
import io.ppctl.core.Cleanup;
import io.ppctl.core.PpctlException;
import io.ppctl.event.EventBus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Trivy as an executable on this machine. It runs in the scan's temporary folder, not the project folder, so that
 * Trivy does not pick up a trivy.yaml or .trivyignore of its own accord: ppctl passes everything explicitly and
 * applies the ignore file itself.
 */
final class TrivyBinary implements Scanner {
    private final Path executable;
    private final Map<String, String> env;

    TrivyBinary(Path executable, Map<String, String> env) {
        this.executable = executable;
        this.env = env;
    }

    @Override
    public String kind() {
        return "binary";
    }

    @Override
    public String location() {
        return executable.toString();
    }

    @Override
    public String scan(ScanWorkspace ws, ScanSettings s, EventBus events, String step) {
        run(TrivyCommand.args(ws.imageTar().toString(), ws.report().toString(), s.cacheDir().toString(), s), ws, s, events);
        return ws.readReport(who());
    }

    @Override
    public void convert(ScanWorkspace ws, ScanSettings s, String format, String outputName, EventBus events) {
        run(TrivyCommand.convertArgs(format, ws.outDir().resolve(outputName).toString(), ws.report().toString()), ws, s, events);
    }

    private void run(List<String> args, ScanWorkspace ws, ScanSettings s, EventBus events) {
        String who = who();
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.addAll(args);
        events.debug("running " + String.join(" ", cmd));
        Path stdout = ws.dir().resolve("trivy.stdout");
        Path stderr = ws.dir().resolve("trivy.stderr");
        Process p;
        try {
            CacheFolder.prepare(s.cacheDir(), s.home());
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(ws.dir().toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            ChildEnvironment.withoutPpctl(pb.environment());
            p = pb.start();
        } catch (IOException e) {
            throw PpctlException.environment("cannot run " + executable + ": " + e.getMessage(),
                    "check scan.trivy or the trivy on PATH", e);
        }
        try (Cleanup.Handle ignored = Cleanup.global().register("trivy process " + p.pid(), () -> destroy(p))) {
            if (!p.waitFor(ScannerFailure.bound(s.timeout()).toMillis(), TimeUnit.MILLISECONDS)) {
                throw ScannerFailure.timedOut(who, s.timeout());
            }
        } catch (InterruptedException e) {
            // Closing the handle above already killed Trivy.
            Thread.currentThread().interrupt();
            throw PpctlException.interrupted();
        }
        String log = read(stderr);
        log.lines().forEach(l -> events.debug("trivy: " + l));
        if (p.exitValue() != 0) {
            throw ScannerFailure.exited(who, p.exitValue(), log);
        }
    }

    private static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw PpctlException.environment("cannot read " + file + ": " + e.getMessage(), null, e);
        }
    }
}
