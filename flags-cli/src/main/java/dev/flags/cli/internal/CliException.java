package dev.flags.cli.internal;

/** A command that failed for a reason the user should read: the message, and the exit code it ends with. */
final class CliException extends RuntimeException {

    static final int ERROR = 1;
    static final int CONFLICT = 3;
    static final int NOT_ALLOWED = 4;
    static final int NOT_FOUND = 5;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CliException error(String message) {
        return new CliException(ERROR, message);
    }

    int exitCode() {
        return exitCode;
    }
}
