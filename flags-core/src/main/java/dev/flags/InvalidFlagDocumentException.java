package dev.flags;

import java.util.List;

/**
 * A flag document was rejected as a whole. Its message lists every problem found, each naming the flag and
 * the field (and the line, for syntax errors). Nothing of the document was applied.
 */
public final class InvalidFlagDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String origin;
    private final transient List<DocumentProblem> problems;

    /**
     * @param origin   where the document came from (without credentials)
     * @param problems every problem found; at least one
     */
    public InvalidFlagDocumentException(String origin, List<DocumentProblem> problems) {
        super(message(origin, problems), null, false, false);
        this.origin = origin;
        this.problems = List.copyOf(problems);
    }

    /** Where the document came from: a file, a resource, a URL (without credentials). */
    public String origin() {
        return origin;
    }

    /** Every problem found, in parts; each one's {@code toString()} is its line of the message. */
    public List<DocumentProblem> problems() {
        return problems;
    }

    private static String message(String origin, List<DocumentProblem> problems) {
        StringBuilder text = new StringBuilder("Invalid flag document ").append(origin).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append("); nothing of it was applied:");
        for (DocumentProblem problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }
}
