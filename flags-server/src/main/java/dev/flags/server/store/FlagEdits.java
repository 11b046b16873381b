package dev.flags.server.store;

import dev.flags.server.store.Definitions.FieldError;
import dev.flags.server.store.Edit.Proposal;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** The write rules: each write of the API as an {@link Edit}, decided against the newest revision. */
public final class FlagEdits {

    /** What a write's precondition says: {@code If-None-Match: *} (create) or {@code If-Match} with a version. */
    public sealed interface Precondition {
        /** {@code If-None-Match: *}: the flag must not exist. */
        record Absent() implements Precondition {
        }

        /** {@code If-Match}: the flag must be at this version ({@code null}: {@code If-Match: *}, any). */
        record At(Long version) implements Precondition {
        }
    }

    private FlagEdits() {
    }

    /** Creates or replaces a flag, checked against the precondition. */
    public static Edit put(String key, ObjectNode definition, Precondition precondition) {
        return current -> {
            ObjectNode existing = current.definition(key);
            if (precondition instanceof Precondition.Absent) {
                if (existing != null) {
                    throw mismatch(key + " already exists", key, current);
                }
                return new Proposal(Definitions.withFlag(current.document(), key, definition), "create", key);
            }
            Long expected = ((Precondition.At) precondition).version();
            if (existing == null) {
                throw new StoreException.NotFound("there is no flag '" + key + "'");
            }
            if (expected != null && !expected.equals(current.version(key))) {
                throw mismatch(key + " is at version " + current.version(key) + ", not " + expected, key, current);
            }
            return new Proposal(Definitions.withFlag(current.document(), key, definition), "update", key);
        };
    }

    /** Deletes a flag at the given version ({@code null}: any). */
    public static Edit delete(String key, Long expected) {
        return current -> {
            if (current.definition(key) == null) {
                throw new StoreException.NotFound("there is no flag '" + key + "'");
            }
            if (expected != null && !expected.equals(current.version(key))) {
                throw mismatch(key + " is at version " + current.version(key) + ", not " + expected, key, current);
            }
            return new Proposal(Definitions.withoutFlag(current.document(), key), "delete", key);
        };
    }

    /** {@code enabled: false} (kill) or {@code true} (restore): idempotent, whatever the version. */
    public static Edit enabled(String key, boolean enabled) {
        return current -> {
            ObjectNode existing = existing(current, key);
            return new Proposal(Definitions.withFlag(current.document(), key,
                    Definitions.withEnabled(key, existing, enabled)), enabled ? "restore" : "kill", key);
        };
    }

    /**
     * The fleet guard's kill: {@code enabled: false}, only while the flag is still at the version whose counts
     * tripped it and not killed yet (nothing otherwise: a definition changed since was not judged, and a flag already
     * killed needs no second revision).
     */
    public static Edit guardKill(String key, long version) {
        return current -> {
            ObjectNode existing = current.definition(key);
            if (existing == null || !Long.valueOf(version).equals(current.version(key))
                    || !Definitions.enabled(existing)) {
                return null;
            }
            return new Proposal(Definitions.withFlag(current.document(), key,
                    Definitions.withEnabled(key, existing, false)), "kill", key);
        };
    }

    /** The default serve of a boolean flag becomes a rollout of {@code percent} on; idempotent. */
    public static Edit rollout(String key, BigDecimal percent) {
        return current -> {
            ObjectNode existing = existing(current, key);
            ObjectNode changed;
            try {
                changed = Definitions.withRollout(key, existing, percent);
            } catch (IllegalArgumentException e) {
                throw invalid(key, "percent", e.getMessage());
            } catch (IllegalStateException e) {
                throw invalid(key, "variants", e.getMessage());
            }
            return new Proposal(Definitions.withFlag(current.document(), key, changed), "rollout", key);
        };
    }

    /** The flags and segments of {@code target} as a new revision (rollback). */
    public static Edit rollback(ObjectNode target) {
        return current -> {
            ObjectNode document = Definitions.withSegmentsOf(Definitions.canonical(target, null), target);
            return document.equals(Definitions.canonical(current.document(), null)) ? null
                    : new Proposal(document, "rollback", onlyChange(current.document(), document));
        };
    }

    /** One flag ({@code key} not null) or all flags and the segments of another environment's document. */
    public static Edit promote(ObjectNode source, String key) {
        return current -> {
            ObjectNode document;
            if (key != null) {
                ObjectNode definition = Definitions.flag(source, key);
                if (definition == null) {
                    throw new StoreException.NotFound("the source environment has no flag '" + key + "'");
                }
                document = Definitions.withFlag(current.document(), key, definition);
            } else {
                document = Definitions.canonical(source, null);
            }
            return document.equals(Definitions.canonical(current.document(), null)) ? null
                    : new Proposal(document, "promote", key != null ? key : onlyChange(current.document(), document));
        };
    }

    private static ObjectNode existing(Edit.State current, String key) {
        ObjectNode existing = current.definition(key);
        if (existing == null) {
            throw new StoreException.NotFound("there is no flag '" + key + "'");
        }
        return existing;
    }

    private static String onlyChange(ObjectNode before, ObjectNode after) {
        var old = Definitions.flags(before);
        var now = Definitions.flags(after);
        List<String> changed = new java.util.ArrayList<>();
        var keys = new java.util.TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(old.get(key), now.get(key))) {
                changed.add(key);
            }
        }
        return changed.size() == 1 ? changed.get(0) : null;
    }

    private static StoreException.VersionMismatch mismatch(String message, String key, Edit.State current) {
        return new StoreException.VersionMismatch(message, key, current.version(key), current.definition(key));
    }

    private static StoreException.Invalid invalid(String key, String field, String message) {
        return new StoreException.Invalid(message, List.of(new FieldError(key, field, message)));
    }
}
