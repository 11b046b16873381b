package dev.flags.internal;

import dev.flags.DocumentProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a document, each with the path of the field it concerns. While a flag is being read
 * or compiled ({@link #inFlag}), paths under {@code flags.<key>} are reported as that flag's.
 */
final class Problems {

    private final List<DocumentProblem> problems = new ArrayList<>();
    private String flag;

    /** Reports paths under {@code flags.<key>} as the flag's own, until the next call (null: no flag). */
    void inFlag(String key) {
        this.flag = key;
    }

    void add(String path, String message) {
        if (flag != null) {
            String root = "flags." + flag;
            if (path.equals(root)) {
                problems.add(new DocumentProblem(flag, "", message, 0, 0));
                return;
            }
            if (path.startsWith(root) && (path.charAt(root.length()) == '.' || path.charAt(root.length()) == '[')) {
                String field = path.substring(root.length() + (path.charAt(root.length()) == '.' ? 1 : 0));
                problems.add(new DocumentProblem(flag, field, message, 0, 0));
                return;
            }
        }
        problems.add(new DocumentProblem(null, path, message, 0, 0));
    }

    /** A problem of the text itself, at a line and column (1-based; 0 when unknown). */
    void syntax(int line, int column, String message) {
        problems.add(new DocumentProblem(null, "document", message, Math.max(line, 0), Math.max(column, 0)));
    }

    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<DocumentProblem> list() {
        return problems;
    }
}
