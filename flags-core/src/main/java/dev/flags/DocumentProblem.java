package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * One problem of a flag document: where it is and what is wrong, for a person (its {@link #toString()}) or a
 * program (its parts, such as a flag server's {@code {flag, field, message}} answer).
 *
 * @param flag    the key of the flag it concerns, or null for the rest of the document (its revision, its
 *                segments, a syntax error)
 * @param field   the path of the field: inside the flag when {@code flag} is set (such as
 *                {@code rules[0].when[1].op}; empty for the flag itself), else from the document's root (such as
 *                {@code segments.beta.when[0].op}, {@code revision}, or {@code document})
 * @param message what is wrong, for a person
 * @param line    the line of a syntax error (1 for the first), or 0 when the problem has no line
 * @param column  the column of a syntax error (1 for the first), or 0
 */
public record DocumentProblem(@Nullable String flag, String field, String message, int line, int column) {

    /** The path from the document's root, such as {@code flags.new-checkout.rules[0].when[1].op}. */
    public String path() {
        if (flag == null) {
            return field;
        }
        String root = "flags." + flag;
        return field.isEmpty() ? root : field.startsWith("[") ? root + field : root + "." + field;
    }

    /** One line: the path (or the line and column of a syntax error) and the message. */
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ", column " + column : path()) + ": " + message;
    }
}
