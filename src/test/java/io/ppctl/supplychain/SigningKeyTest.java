package io.ppctl.supplychain;

import io.ppctl.core.ExitCode;
import io.ppctl.core.PpctlException;
import io.ppctl.testing.SpecialFiles;
import io.ppctl.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class SigningKeyTest {
    private final Path dir = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ppctl-keys");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void remove() {
        io.ppctl.testing.TestProject.deleteTree(dir);
    }

    private static SigningKey.Password password(String p) {
        return new SigningKey.Password(Optional.of(p.toCharArray()), "$TEST_PW");
    }

    @Test
    void aPlainPkcs8KeySignsWhatItsPublicKeyVerifies() {
        KeyPair pair = TestKeys.ecP256();
        Path f = TestKeys.write(dir.resolve("k.pem"), TestKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        SigningKey key = SigningKey.load(f, SigningKey.Password.none("none"));
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(data);
        // The public half ppctl derives is the generator's own: cosign.pub from the same pair verifies.
        assertThat(key.publicKey().pem()).isEqualTo(TestKeys.publicPem(pair));
        assertThat(VerificationKey.load(TestKeys.write(dir.resolve("k.pub"), TestKeys.publicPem(pair))).verifies(data, sig)).isTrue();
        assertThat(key.publicKey().verifies("other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void anEncryptedKeyOpensWithItsPasswordOnly() {
        KeyPair pair = TestKeys.ecP256();
        Path f = TestKeys.write(dir.resolve("k.pem"), TestKeys.encryptedPem(pair, "s3cret"));
        assertThat(SigningKey.load(f, password("s3cret")).publicKey().pem()).isEqualTo(TestKeys.publicPem(pair));
        assertThatThrownBy(() -> SigningKey.load(f, password("wrong")))
                .isInstanceOf(PpctlException.class).hasMessageContaining("wrong password (from $TEST_PW)")
                .extracting(e -> ((PpctlException) e).exitCode()).isEqualTo(ExitCode.USAGE);
        assertThatThrownBy(() -> SigningKey.load(f, SigningKey.Password.none("set COSIGN_PASSWORD")))
                .hasMessageContaining("is encrypted and no password was given: set COSIGN_PASSWORD");
    }

    @Test
    void otherKeyTypesAreRefusedNamingTheSupportedOnes() {
        Path rsa = TestKeys.write(dir.resolve("rsa.pem"), TestKeys.pem("PRIVATE KEY", TestKeys.rsa().getPrivate().getEncoded()));
        assertThatThrownBy(() -> SigningKey.load(rsa, password("x"))).isInstanceOf(PpctlException.class)
                .hasMessageContaining("is a RSA key; supported: EC P-256 private keys in PKCS#8 PEM");
        Path cosign = TestKeys.write(dir.resolve("cosign.key"),
                "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnt9fQ==\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKey.load(cosign, password("x")))
                .hasMessageContaining("cosign's own encrypted key format").hasMessageContaining("supported: EC P-256");
        Path junk = TestKeys.write(dir.resolve("junk"), "not a key\n");
        assertThatThrownBy(() -> SigningKey.load(junk, password("x"))).hasMessageContaining("is no PEM block; supported:");
        assertThatThrownBy(() -> SigningKey.load(dir.resolve("missing"), password("x"))).hasMessageContaining("no key file at");
    }

    // Rows 4/16: a key path is read like every other file ppctl reads whole: a FIFO blocked the open for ever,
    // /dev/zero was read until the heap ran out.
    @Test
    void aKeyThatIsAFifoADeviceOrHugeIsOneUsageLineInBoundedTime() {
        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(SpecialFiles.fifo(dir.resolve("fifo.pem")), "is a FIFO (named pipe), not a regular file");
        cases.put(SpecialFiles.devZero(dir.resolve("zero.pem")), "is a character device, not a regular file");
        cases.put(SpecialFiles.huge(dir.resolve("huge.pem"), "-----BEGIN PRIVATE KEY-----\n"), "is 8 GiB, larger than 256 KiB");
        cases.forEach((file, why) -> {
            PpctlException signing = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchThrowableOfType(
                    () -> SigningKey.load(file, SigningKey.Password.none("none")), PpctlException.class));
            assertThat(signing).as(file.toString()).isNotNull();
            assertThat(signing.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(signing.getMessage()).isEqualTo("signing.key: " + file + " " + why + (why.contains("larger")
                    ? ", the most ppctl reads from such a file (docs/input-limits.md)" : "")).doesNotContain("\n");

            PpctlException verifying = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchThrowableOfType(
                    () -> VerificationKey.load(file), PpctlException.class));
            assertThat(verifying).as(file.toString()).isNotNull();
            assertThat(verifying.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(verifying.getMessage()).startsWith("--key: " + file + " " + why).doesNotContain("\n");
        });
    }
}
