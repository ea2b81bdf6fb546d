package io.ppctl.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the ppctl invocations in a shell script (a workflow's run: block, a Bitbucket script line, a docs example)
 * and splits each into the arguments ppctl receives. Enough shell for CI scripts: line continuations, quotes,
 * comments, command lists and pipes ({@code ; && || |}), {@code $( )}, redirections, and GitHub's {@code ${{ }}}
 * expressions.
 */
final class ShellInvocations {
    /** One call of ppctl: where it is and what ppctl's argv would be. */
    record Found(int line, List<String> args) {}

    /** Words that can start a command list before the command itself. */
    private static final Set<String> PREFIXES = Set.of("{", "(", "!", "then", "do", "else", "if", "elif", "while", "until",
            "exec", "time", "command");

    private ShellInvocations() {}

    /** @param firstLine the file line of the script's first line (1-based) */
    static List<Found> find(String script, int firstLine) {
        List<Found> out = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        StringBuilder logical = new StringBuilder();
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (start < 0) {
                start = i;
            }
            if (endsWithContinuation(line)) {
                logical.append(line, 0, line.stripTrailing().length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            for (List<String> command : commands(logical.toString())) {
                Optional<List<String>> args = ppctlArgs(command);
                if (args.isPresent()) {
                    out.add(new Found(firstLine + start, args.get()));
                }
            }
            logical.setLength(0);
            start = -1;
        }
        return out;
    }

    private static boolean endsWithContinuation(String line) {
        String t = line.stripTrailing();
        int backslashes = 0;
        for (int i = t.length() - 1; i >= 0 && t.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static Optional<List<String>> ppctlArgs(List<String> words) {
        int i = 0;
        while (i < words.size() && (PREFIXES.contains(words.get(i)) || words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
            i++;
        }
        if (i >= words.size()) {
            return Optional.empty();
        }
        String cmd = words.get(i);
        String base = cmd.substring(cmd.lastIndexOf('/') + 1);
        if (!base.equals("ppctl")) {
            return Optional.empty();
        }
        return Optional.of(withoutRedirections(words.subList(i + 1, words.size())));
    }

    /** {@code > file}, {@code 2>/dev/null}, {@code < in}: the shell's business, never ppctl's arguments. */
    private static List<String> withoutRedirections(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.matches("\\d*(>>?|<)")) {
                i++;
            } else if (!w.matches("\\d*(>>?|<)\\S+")) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    /** Splits one logical line into simple commands, each a list of words with quotes removed. */
    static List<List<String>> commands(String line) {
        List<List<String>> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                end = end < 0 ? n : end;
                word = append(word, line.substring(i + 1, end));
                i = end + 1;
            } else if (c == '"') {
                StringBuilder quoted = new StringBuilder();
                i++;
                while (i < n && line.charAt(i) != '"') {
                    if (line.charAt(i) == '\\' && i + 1 < n && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    quoted.append(line.charAt(i));
                    i++;
                }
                word = append(word, quoted.toString());
                i++;
            } else if (c == '\\' && i + 1 < n) {
                word = append(word, String.valueOf(line.charAt(i + 1)));
                i += 2;
            } else if (line.startsWith("${{", i)) {
                int end = line.indexOf("}}", i);
                end = end < 0 ? n : end + 2;
                word = append(word, line.substring(i, end));
                i = end;
            } else if (line.startsWith("${", i)) {
                int end = line.indexOf('}', i);
                end = end < 0 ? n : end + 1;
                word = append(word, line.substring(i, end));
                i = end;
            } else if (c == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(c)) {
                word = flush(words, word);
                i++;
            } else if (line.startsWith("$(", i) || ";&|()`".indexOf(c) >= 0) {
                word = flush(words, word);
                if (!words.isEmpty()) {
                    out.add(words);
                    words = new ArrayList<>();
                }
                i += line.startsWith("$(", i) ? 2 : 1;
            } else {
                word = append(word, String.valueOf(c));
                i++;
            }
        }
        flush(words, word);
        if (!words.isEmpty()) {
            out.add(words);
        }
        return out;
    }

    private static StringBuilder append(StringBuilder word, String text) {
        return (word == null ? new StringBuilder() : word).append(text);
    }

    private static StringBuilder flush(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }
}
