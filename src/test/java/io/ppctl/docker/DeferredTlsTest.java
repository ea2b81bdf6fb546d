package io.ppctl.docker;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeferredTlsTest {
    @Test
    void onlyLocalSocketsGoWithoutTls() {
        assertThat(DeferredTls.unneededFor(URI.create("unix:///var/run/docker.sock"))).isTrue();
        assertThat(DeferredTls.unneededFor(URI.create("npipe:////./pipe/docker_engine"))).isTrue();
        assertThat(DeferredTls.unneededFor(URI.create("tcp://127.0.0.1:2376"))).isFalse();
    }

    @Test
    void theContextBuildsTheJvmDefaultWhenSomethingAsksForTls() throws Exception {
        SSLContext context = DeferredTls.SSL_CONFIG.getSSLContext();
        SSLEngine engine = context.createSSLEngine("localhost", 2376);
        assertThat(engine.getSupportedProtocols()).isNotEmpty();
        assertThat(context.getSocketFactory().getDefaultCipherSuites())
                .containsExactly(SSLContext.getDefault().getSocketFactory().getDefaultCipherSuites());
    }

    @Test
    void itCannotBeReinitialised() throws Exception {
        SSLContext context = DeferredTls.SSL_CONFIG.getSSLContext();
        assertThatThrownBy(() -> context.init(null, null, null)).isInstanceOf(java.security.KeyManagementException.class);
    }
}
