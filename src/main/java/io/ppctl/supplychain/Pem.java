package io.ppctl.supplychain;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The first PEM block of a text: its type ("PRIVATE KEY", "PUBLIC KEY", ...) and its DER bytes. */
record Pem(String type, byte[] der) {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(?:[A-Za-z-]+:[^\\n]*\\n)*\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    static Optional<Pem> parse(String text) {
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Pem(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String encode(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
