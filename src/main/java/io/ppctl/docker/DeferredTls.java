package io.ppctl.docker;

import com.github.dockerjava.transport.SSLConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.SecureRandom;

/**
 * The TLS context for a daemon reached through a local socket, where no TLS ever happens. Given no SSL config,
 * docker-java's HTTP client builds the JVM's default TLS context at once: it loads the security providers and parses
 * every CA certificate of the JVM, a tenth of a second and more of a fresh JVM's time, for nothing. This context
 * builds the default one only if something ever asks it for TLS.
 */
final class DeferredTls {
    static final SSLConfig SSL_CONFIG = () -> new SSLContext(new Spi(), null, "Default") {};

    private DeferredTls() {}

    /** True when the daemon is reached through a Unix socket or a Windows named pipe. */
    static boolean unneededFor(URI dockerHost) {
        String scheme = dockerHost.getScheme();
        return "unix".equals(scheme) || "npipe".equals(scheme);
    }

    private static final class Spi extends SSLContextSpi {
        private SSLContext delegate;

        private synchronized SSLContext delegate() {
            if (delegate == null) {
                try {
                    delegate = SSLContext.getDefault();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("the JVM's default TLS context is unavailable: " + e.getMessage(), e);
                }
            }
            return delegate;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised already");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return delegate().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return delegate().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return delegate().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate().getClientSessionContext();
        }
    }
}
