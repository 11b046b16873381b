package dev.flags.server.store;

import dev.flags.server.store.Definitions.FieldError;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Why the store refused a read or a write; nothing was written. */
public abstract sealed class StoreException extends RuntimeException {

    StoreException(String message) {
        super(message, null, false, false);
    }

    /** No such environment. */
    public static final class UnknownEnvironment extends StoreException {
        public UnknownEnvironment(String environment) {
            super("there is no environment '" + environment + "'");
        }
    }

    /** No such flag, or no such revision. */
    public static final class NotFound extends StoreException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** The flag changed since the version the writer read ({@code current} is null when it no longer exists). */
    public static final class VersionMismatch extends StoreException {
        public final String key;
        public final Long version;
        public final ObjectNode definition;

        public VersionMismatch(String message, String key, Long version, ObjectNode definition) {
            super(message);
            this.key = key;
            this.version = version;
            this.definition = definition;
        }
    }

    /** The change would leave a document that clients reject, or breaks a rule of the edit. */
    public static final class Invalid extends StoreException {
        public final List<FieldError> errors;

        public Invalid(String message, List<FieldError> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }
    }

    /** The would-be document is larger than the limit. */
    public static final class TooLarge extends StoreException {
        public TooLarge(String message) {
            super(message);
        }
    }

    /** The database cannot be reached; reads go on from memory. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
