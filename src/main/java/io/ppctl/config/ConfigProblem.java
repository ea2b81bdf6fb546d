package io.ppctl.config;

import io.ppctl.core.Quote;

/** One thing wrong with the configuration, located by key path and, where known, line and column (1-based). */
public record ConfigProblem(String file, String path, int line, int column, String message) {

    public String format() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(Quote.ifNeeded(path)).append(": ");
        }
        return sb.append(message).toString();
    }
}
