package io.ppctl.core;

/** What messages take from longer text. */
public final class Text {
    private Text() {}

    /** The first line of {@code text}: what a one-line message keeps of a multi-line one. "" for null or "". */
    public static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
