package io.ppctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Signing keys made in the tests (never checked in): EC P-256 key pairs written as cosign-compatible PEM files. */
public final class TestKeys {
    private TestKeys() {}

    public static KeyPair ecP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * PKCS#8 encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) by openssl pkcs8 -topk8 -v2 aes-256-cbc, the way
     * such keys are made (JDK 17 reads PBES2 but cannot write it). The password goes through the environment.
     */
    public static String encryptedPem(KeyPair pair, String password) {
        try {
            ProcessBuilder pb = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "env:PPCTL_TEST_KEY_PW");
            pb.environment().put("PPCTL_TEST_KEY_PW", password);
            Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().write(pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            if (p.waitFor() != 0 || !out.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                throw new IllegalStateException("openssl pkcs8 failed");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    public static Path write(Path file, String text) {
        try {
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
