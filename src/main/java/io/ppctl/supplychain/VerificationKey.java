package io.ppctl.supplychain;

import io.ppctl.core.InputFiles;
import io.ppctl.core.PpctlException;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/** A public key as cosign writes it (cosign.pub: PEM "PUBLIC KEY", EC P-256), which checks ECDSA signatures. */
public final class VerificationKey {
    private final PublicKey key;

    VerificationKey(PublicKey key) {
        this.key = key;
    }

    public static VerificationKey load(Path file) {
        String text;
        try {
            text = InputFiles.readText(file, InputFiles.TEXT_LIMIT);
        } catch (InputFiles.Refused e) {
            throw PpctlException.usage("--key: " + file + " " + e.getMessage());
        } catch (IOException e) {
            throw PpctlException.usage("--key: cannot read " + file + ": " + e.getMessage());
        }
        Pem pem = Pem.parse(text).filter(p -> p.type().equals("PUBLIC KEY")).orElseThrow(() -> PpctlException.usage(
                "--key " + file + " is not a PEM public key (BEGIN PUBLIC KEY), as cosign.pub is"));
        try {
            PublicKey k = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pem.der()));
            if (EcCurve.name(((ECPublicKey) k).getParams()) == null) {
                throw PpctlException.usage("--key " + file + " is an EC key on another curve than P-256");
            }
            return new VerificationKey(k);
        } catch (GeneralSecurityException e) {
            throw PpctlException.usage("--key " + file + " is not an EC P-256 public key; supported: EC P-256 (cosign.pub)");
        }
    }

    public boolean verifies(byte[] data, byte[] derSignature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(derSignature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public String pem() {
        return Pem.encode("PUBLIC KEY", key.getEncoded());
    }

    /** sha256 of the DER public key, shortened: names the key in reports without printing it. */
    public String fingerprint() {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
