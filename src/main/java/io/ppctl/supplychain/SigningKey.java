package io.ppctl.supplychain;

import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A cosign-compatible signing key: an EC P-256 private key in PKCS#8 PEM, plain ("PRIVATE KEY") or encrypted with a
 * password ("ENCRYPTED PRIVATE KEY", PBES2 as openssl pkcs8 -topk8 writes it). Signatures are ECDSA over SHA-256,
 * ASN.1 DER, which is what cosign verifies with the matching public key. Loaded (and the password checked) before
 * anything is built, so a wrong password or another kind of key is one line and exit 2.
 */
public final class SigningKey {
    public static final String SUPPORTED = "EC P-256 private keys in PKCS#8 PEM (BEGIN PRIVATE KEY, or BEGIN ENCRYPTED "
            + "PRIVATE KEY with a password)";

    /** Where the password comes from: its value (empty when none was given) and how to name it in messages. */
    public record Password(Optional<char[]> value, String source) {
        public static Password none(String hint) {
            return new Password(Optional.empty(), hint);
        }
    }

    private final ECPrivateKey key;
    private final VerificationKey publicKey;

    private SigningKey(ECPrivateKey key) {
        this.key = key;
        try {
            this.publicKey = new VerificationKey(KeyFactory.getInstance("EC").generatePublic(EcCurve.publicSpec(key)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot make an EC public key", e);
        }
    }

    public static SigningKey load(Path file, Password password) {
        String text;
        try {
            text = InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage("signing.key: " + file + " " + e.getMessage());
        } catch (NoSuchFileException e) {
            throw PpctlException.usage("signing.key: no key file at " + file);
        } catch (IOException e) {
            throw PpctlException.usage("signing.key: cannot read " + file + ": " + e.getMessage());
        }
        Pem pem = Pem.parse(text).orElseThrow(() -> unsupported(file, "no PEM block"));
        return switch (pem.type()) {
            case "PRIVATE KEY" -> of(file, decode(file, pem.der()));
            case "ENCRYPTED PRIVATE KEY" -> of(file, decrypt(file, pem.der(), password));
            case "ENCRYPTED SIGSTORE PRIVATE KEY", "ENCRYPTED COSIGN PRIVATE KEY" -> throw unsupported(file,
                    "cosign's own encrypted key format (scrypt and NaCl secretbox), which no well-kept Java library reads");
            case "EC PRIVATE KEY" -> throw unsupported(file, "a SEC1 EC key (convert it: openssl pkcs8 -topk8 -in KEY)");
            default -> throw unsupported(file, "a PEM block of type " + pem.type());
        };
    }

    /** For tests and for keys made in memory. */
    public static SigningKey of(PrivateKey key) {
        return of(Path.of("(memory)"), key);
    }

    private static SigningKey of(Path file, PrivateKey key) {
        if (!(key instanceof ECPrivateKey ec)) {
            throw unsupported(file, "a " + key.getAlgorithm() + " key");
        }
        if (EcCurve.name(ec.getParams()) == null) {
            throw unsupported(file, "an EC key on another curve than P-256");
        }
        return new SigningKey(ec);
    }

    private static PrivateKey decode(Path file, byte[] pkcs8) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519", "DSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException tryNext) {
                // the key is of another algorithm
            }
        }
        throw unsupported(file, "a PKCS#8 key of an algorithm the JVM does not know");
    }

    private static PrivateKey decrypt(Path file, byte[] der, Password password) {
        if (password.value().isEmpty()) {
            throw PpctlException.usage("signing.key " + file + " is encrypted and no password was given: "
                    + password.source());
        }
        char[] secret = password.value().get();
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            // For PBES2 the JDK names the scheme by its parameters (PBEWithHmacSHA256AndAES_256), not by getAlgName().
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            PBEKeySpec spec = new PBEKeySpec(secret);
            try {
                cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(spec), info.getAlgParameters());
            } finally {
                spec.clearPassword();
            }
            return decode(file, info.getKeySpec(cipher).getEncoded());
        } catch (InvalidKeySpecException e) {
            throw PpctlException.usage("signing.key " + file + ": wrong password (from " + password.source() + ")");
        } catch (IOException | GeneralSecurityException e) {
            throw unsupported(file, "an encrypted key whose scheme the JVM cannot read (" + e.getMessage() + ")");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static PpctlException unsupported(Path file, String what) {
        return PpctlException.usage("signing.key " + file + " is " + what + "; supported: " + SUPPORTED);
    }

    /** ECDSA P-256 with SHA-256 over {@code data}, DER-encoded. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    public VerificationKey publicKey() {
        return publicKey;
    }
}
