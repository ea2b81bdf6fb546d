package io.ppctl.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/** Each cause in the chain gets its own message and hint; the chains are what Java's HTTP client throws. */
class ConnectFailureTest {
    private static <T extends Throwable> T causedBy(T e, Throwable cause) {
        e.initCause(cause);
        return e;
    }

    private static ConnectFailure of(Throwable e, boolean resolves) {
        return ConnectFailure.of(e, "reg.example", false, h -> resolves);
    }

    @Test
    void anUnresolvedAddressDeepInTheChainIsADnsFailure() {
        Throwable e = causedBy(new ConnectException(), causedBy(new ConnectException(), new UnresolvedAddressException()));
        ConnectFailure f = of(e, true);
        assertThat(f.kind()).isEqualTo(ConnectFailure.Kind.UNRESOLVED);
        assertThat(f.why()).isEqualTo("cannot resolve host reg.example");
        assertThat(f.hint()).contains("getent hosts reg.example").doesNotContain("insecure");
        assertThat(of(new IOException(new UnknownHostException("reg.example")), true).kind())
                .isEqualTo(ConnectFailure.Kind.UNRESOLVED);
    }

    @Test
    void aRefusedConnectionIsCheckedAgainstTheResolver() {
        Throwable e = causedBy(new ConnectException(), causedBy(new ConnectException(), new ClosedChannelException()));
        assertThat(of(e, true).kind()).isEqualTo(ConnectFailure.Kind.REFUSED);
        assertThat(of(e, true).hint()).contains("check the port");
        assertThat(of(e, false).kind()).as("the resolver says the name is gone").isEqualTo(ConnectFailure.Kind.UNRESOLVED);
    }

    @Test
    void tlsAgainstPlainHttpHintsAtInsecureOnlyWhenItIsNotSet() {
        Throwable e = new IOException(new SSLException("Unsupported or unrecognized SSL message"));
        assertThat(of(e, true).kind()).isEqualTo(ConnectFailure.Kind.PLAIN_HTTP);
        assertThat(of(e, true).hint()).contains("insecure: true");
        assertThat(ConnectFailure.of(e, "reg.example", true, h -> true).hint()).isNull();
    }

    @Test
    void anUntrustedCertificateAndNoRouteHaveTheirOwnHints() {
        ConnectFailure cert = of(new SSLHandshakeException("PKIX path building failed"), true);
        assertThat(cert.kind()).isEqualTo(ConnectFailure.Kind.TLS);
        assertThat(cert.hint()).contains("trust store");
        ConnectFailure route = of(causedBy(new ConnectException(), new NoRouteToHostException("No route to host")), true);
        assertThat(route.kind()).isEqualTo(ConnectFailure.Kind.NO_ROUTE);
        assertThat(route.hint()).contains("firewall");
    }
}
