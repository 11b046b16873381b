package dev.flags;

import java.util.List;

/**
 * A flag document was rejected as a whole. Its message lists every problem found, each naming the flag and
 * the field (and the line, for syntax errors). Nothing of the document was applied.
 */
public final class InvalidFlagDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String origin;
    private final transient List<String> problems;

    public InvalidFlagDocumentException(String origin, List<String> problems) {
        super(message(origin, problems), null, false, false);
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    /** Where the document came from: a file, a resource, a URL (without credentials). */
    public String origin() {
        return origin;
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String origin, List<String> problems) {
        StringBuilder text = new StringBuilder("Invalid flag document ").append(origin).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append("); nothing of it was applied:");
        for (String problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
