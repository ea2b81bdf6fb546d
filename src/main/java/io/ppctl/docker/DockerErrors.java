package io.ppctl.docker;

import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.core.Text;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CancellationException;

/** Turns docker-java's exceptions into ppctl's, with a message a user can act on. */
public final class DockerErrors {
    static final String DAEMON_HINT = "start Docker (dockerd), or point DOCKER_HOST / the docker context at a running daemon";

    private DockerErrors() {}

    /** Wraps any exception thrown by a docker-java call made while doing {@code what}. */
    public static PpctlException wrap(String what, Throwable e) {
        if (e instanceof PpctlException p) {
            return p;
        }
        if (isInterrupt(e)) {
            Thread.currentThread().interrupt();
            return PpctlException.interrupted();
        }
        if (e instanceof NotFoundException nf) {
            return new PpctlException(ExitCode.USAGE, what + ": " + daemonMessage(nf), null, e);
        }
        if (e instanceof DockerException de) {
            return new PpctlException(ExitCode.ENVIRONMENT, what + ": the Docker daemon answered " + de.getHttpStatus()
                    + ": " + daemonMessage(de), null, e);
        }
        if (isConnectionProblem(e)) {
            return PpctlException.environment(what + ": lost the connection to the Docker daemon (" + rootMessage(e) + ")",
                    DAEMON_HINT, e);
        }
        return new PpctlException(ExitCode.ENVIRONMENT, what + ": " + rootMessage(e), null, e);
    }

    /** The daemon's own message from a JSON error body such as {"message":"..."}. */
    static String daemonMessage(DockerException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf("{\"message\":\"");
        if (i >= 0) {
            int start = i + 12;
            int end = m.indexOf("\"}", start);
            if (end > start) {
                return m.substring(start, end).replace("\\\"", "\"");
            }
        }
        return m.replaceFirst("^Status \\d+: ", "").trim();
    }

    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.SocketTimeoutException
                    || (t instanceof IOException && String.valueOf(t.getMessage()).contains("No such file"))
                    || t.getClass().getName().contains("ConnectionClosed")
                    || t.getClass().getName().contains("NoHttpResponse")
                    || t.getClass().getName().contains("ConnectTimeout")) {
                return true;
            }
        }
        return false;
    }

    static boolean isInterrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException
                    && !(t instanceof java.net.SocketTimeoutException) || t instanceof CancellationException
                    || t instanceof java.nio.channels.ClosedByInterruptException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : Text.firstLine(m);
    }
}
