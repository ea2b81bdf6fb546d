package io.ppctl.registry;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a connection to a registry failed, read from the whole cause chain (Java's HTTP client reports an
 * unresolvable host as a ConnectException caused by UnresolvedAddressException), with the hint that fits that
 * cause: a DNS failure is not fixed by insecure: true.
 */
record ConnectFailure(Kind kind, String why, String hint) {
    enum Kind { UNRESOLVED, REFUSED, NO_ROUTE, PLAIN_HTTP, TLS, OTHER }

    /** Whether trying again cannot help: a name that does not resolve, a TLS mismatch. Refused connections can. */
    boolean permanent() {
        return kind == Kind.UNRESOLVED || kind == Kind.PLAIN_HTTP || kind == Kind.TLS;
    }

    /**
     * @param host     the host the request went to
     * @param insecure whether the registry entry already says insecure: true
     * @param resolves whether {@code host} resolves now (asked only when the chain does not say)
     */
    static ConnectFailure of(Throwable e, String host, boolean insecure, java.util.function.Predicate<String> resolves) {
        if (has(e, UnresolvedAddressException.class) || has(e, UnknownHostException.class)) {
            return unresolved(host);
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            String m = String.valueOf(ssl.getMessage());
            if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
                return new ConnectFailure(Kind.PLAIN_HTTP, "it answered TLS with plain HTTP", insecure ? null
                        : "for a registry that speaks plain HTTP set insecure: true in its registries entry");
            }
            return new ConnectFailure(Kind.TLS, "TLS failed (" + rootMessage(ssl) + ")", ssl instanceof SSLHandshakeException
                    && m.contains("PKIX") ? "its certificate is not trusted by this Java: add its CA to the trust store"
                    : "check that " + host + " serves HTTPS with a valid certificate for that name");
        }
        if (has(e, NoRouteToHostException.class)) {
            return new ConnectFailure(Kind.NO_ROUTE, "no route to host", "check the network, a firewall or the VPN");
        }
        if (has(e, ConnectException.class)) {
            if (!resolves.test(host)) {
                return unresolved(host);
            }
            return new ConnectFailure(Kind.REFUSED, "connection refused",
                    "nothing listens there: check the port in the repository and that the registry is running");
        }
        return new ConnectFailure(Kind.OTHER, rootMessage(e), null);
    }

    private static ConnectFailure unresolved(String host) {
        return new ConnectFailure(Kind.UNRESOLVED, "cannot resolve host " + host,
                "check the host in the registry's repository for a typo, and that this machine's DNS resolves it "
                        + "(getent hosts " + host + ")");
    }

    /** Asks the resolver. */
    static boolean resolves(String host) {
        try {
            InetAddress.getAllByName(host);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    static boolean has(Throwable e, Class<? extends Throwable> type) {
        return find(e, type) != null;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
