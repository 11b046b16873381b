package dev.flags.spring;

import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import dev.flags.Overrides;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code flags} actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/flags}: the client's status (state, revision, sources, errors, tripped release
 *       guards) and every flag with the source that answers for it and its local override;</li>
 *   <li>{@code GET /actuator/flags/{key}}: one flag, evaluated for an anonymous context, or for the context given
 *       by {@code ?targetingKey=user-42&attributes=country:NL,plan:pro} (for support staff);</li>
 *   <li>{@code POST /actuator/flags/{key}} with {@code {"variant": "off"}} or {@code {"kill": true}}: sets a
 *       local override; {@code DELETE /actuator/flags/{key}} clears it, {@code DELETE /actuator/flags} clears all.</li>
 * </ul>
 *
 * <p>Reads follow the actuator's exposure rules. The write operations are off by default
 * ({@code defaultAccess = READ_ONLY}): {@code management.endpoint.flags.access=unrestricted} turns them on, and
 * they then go through the application's security like any actuator write. Overrides are local to this instance
 * and are lost on restart.
 */
@Endpoint(id = "flags", defaultAccess = Access.READ_ONLY)
public final class FlagsEndpoint {

    private static final Logger log = LoggerFactory.getLogger(FlagsEndpoint.class);

    private final FeatureFlags flags;

    public FlagsEndpoint(FeatureFlags flags) {
        this.flags = Objects.requireNonNull(flags, "flags");
    }

    /** The status and every flag. */
    @ReadOperation
    public FlagsReport flags() {
        Map<String, String> overrides = flags.overrides().asMap();
        Map<String, FlagSummary> summaries = new TreeMap<>();
        flags.flagKeys().forEach((key, source) -> summaries.put(key, new FlagSummary(source, overrides.get(key))));
        overrides.forEach((key, variant) -> summaries.putIfAbsent(key, new FlagSummary(null, variant)));
        return new FlagsReport(StatusReport.of(flags.status()), summaries);
    }

    /**
     * One flag, evaluated for the given context; null (a 404) when no source or store defines it and it has no
     * override. The evaluation is an operator's lookup: {@link OperatorEvaluations} marks it, so the
     * application's metrics leave it out.
     *
     * @param key          the flag key
     * @param targetingKey the context's targeting key; none for an anonymous context
     * @param attributes   context attributes as {@code name:value} (or {@code name=value}) pairs, comma-separated
     *                     or repeated
     */
    @ReadOperation
    public @Nullable FlagDetail flag(@Selector String key, @Nullable String targetingKey,
            @Nullable List<String> attributes) {
        FlagContext context = context(targetingKey, attributes);
        Evaluation<Object> evaluation = OperatorEvaluations.run(() -> flags.evaluateObject(key, context, null));
        String source = flags.flagKeys().get(key);
        String override = flags.overrides().asMap().get(key);
        if (source == null && override == null && evaluation.errorCode() == ErrorCode.FLAG_NOT_FOUND) {
            return null;
        }
        return new FlagDetail(key, source, override, EvaluationReport.of(evaluation, context));
    }

    /**
     * Sets a local override of one flag: serve {@code variant} to everyone here, or, with {@code kill: true}, the
     * flag's off variant. Only a flag some source or store defines (or one already overridden) can be overridden,
     * so a typo in an emergency kill is an error, not a silent success.
     *
     * @param kill {@code true} (the actuator hands JSON values over as text); anything else ({@code false},
     *             {@code "yes"}, {@code 1}) is refused
     * @throws InvalidEndpointRequestException saying what was wrong (a {@code 404} or {@code 400} over HTTP, with
     *                                         the reason in the body)
     */
    @WriteOperation
    public FlagDetail override(@Selector String key, @Nullable String variant, @Nullable String kill,
            SecurityContext security) {
        try {
            return write(key, variant, kill, security);
        } catch (InvalidEndpointRequestException e) {
            log.warn("Flag override of '{}' refused (asked by {}): {}", key, who(security), e.getReason());
            throw e;
        }
    }

    private FlagDetail write(String key, @Nullable String variant, @Nullable String kill, SecurityContext security) {
        boolean hasVariant = variant != null && !variant.isBlank();
        if (kill != null && !kill.equals("true") && !kill.equals("false")) {
            throw refused("'kill' must be the boolean true, not '" + kill + "'");
        }
        if ("false".equals(kill)) {
            throw refused("{\"kill\": false} changes nothing; to lift a kill, DELETE /actuator/flags/" + key);
        }
        boolean killing = "true".equals(kill);
        if (killing == hasVariant) {
            throw refused(killing ? "give either a variant or {\"kill\": true}, not both"
                    : "give {\"variant\": \"<name>\"} or {\"kill\": true}");
        }
        FlagDetail before = flag(key, null, null);
        if (before == null) {
            throw new UnknownFlagException(key);
        }
        try {
            if (killing) {
                flags.overrides().kill(key);
            } else {
                flags.overrides().set(key, variant);
            }
        } catch (IllegalArgumentException e) {
            throw refused(e.getMessage());
        }
        log.info("Flag override {} = {} set through the actuator by {}", key,
                killing ? Overrides.KILLED : variant, who(security));
        return flag(key, null, null);
    }

    private static InvalidEndpointRequestException refused(String reason) {
        return new InvalidEndpointRequestException(reason, reason);
    }

    /** A write to a key that nothing defines: a {@code 404} over HTTP. */
    static final class UnknownFlagException extends InvalidEndpointRequestException {

        private static final long serialVersionUID = 1L;

        UnknownFlagException(String key) {
            super("no flag '" + key + "'", "no source or store defines flag '" + key + "' and it has no override;"
                    + " check the key (GET /actuator/flags lists them)");
        }
    }

    /** Clears the local override of one flag. */
    @DeleteOperation
    public @Nullable FlagDetail clearOverride(@Selector String key, SecurityContext security) {
        flags.overrides().clear(key);
        log.info("Flag override of {} cleared through the actuator by {}", key, who(security));
        return flag(key, null, null);
    }

    /** Clears every local override, those of {@code flags.overrides.*} included. */
    @DeleteOperation
    public FlagsReport clearOverrides(SecurityContext security) {
        flags.overrides().clearAll();
        log.info("Every flag override cleared through the actuator by {}", who(security));
        return flags();
    }

    private static String who(SecurityContext security) {
        return security == null || security.getPrincipal() == null ? "an anonymous caller"
                : "'" + security.getPrincipal().getName() + "'";
    }

    private static FlagContext context(@Nullable String targetingKey, @Nullable List<String> attributes) {
        String key = targetingKey == null || targetingKey.isBlank() ? null : targetingKey;
        if (attributes == null || attributes.isEmpty()) {
            return key == null ? FlagContext.anonymous() : FlagContext.of(key);
        }
        FlagContext.Builder context = FlagContext.builder(key);
        for (String pair : attributes) {
            int separator = separator(pair);
            if (separator <= 0) {
                throw new InvalidEndpointRequestException("attribute '" + pair + "' is not name:value",
                        "Attributes are name:value pairs");
            }
            context.set(pair.substring(0, separator).trim(), pair.substring(separator + 1).trim());
        }
        return context.build();
    }

    private static int separator(String pair) {
        int colon = pair.indexOf(':');
        int equals = pair.indexOf('=');
        return colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
    }

    /**
     * The answer of {@code GET /actuator/flags}.
     *
     * @param status the client's status
     * @param flags  every flag key, sorted, with its source and override
     */
    public record FlagsReport(StatusReport status, Map<String, FlagSummary> flags) {
    }

    /**
     * One flag in the list.
     *
     * @param source   the source that answers for it; null when only an override defines it
     * @param override the variant of its local override ({@code <killed>} for a kill), or null
     */
    public record FlagSummary(@Nullable String source, @Nullable String override) {
    }

    /**
     * One flag in detail.
     *
     * @param key        the flag key
     * @param source     the source that answers for it, or null
     * @param override   its local override, or null
     * @param evaluation what it serves to the context of the request
     */
    public record FlagDetail(String key, @Nullable String source, @Nullable String override,
            EvaluationReport evaluation) {
    }

    /**
     * An evaluation, with the context it was made for.
     *
     * @param targetingKey the context's targeting key, or null
     * @param attributes   the context's attributes
     * @param value        the value served
     * @param variant      the variant served, or null
     * @param reason       why
     * @param errorCode    what went wrong, or null
     * @param errorMessage the explanation of the error, or null
     * @param rule         the rule that decided ({@code "#0 'dutch users'"}, {@code "targets"}), or null
     */
    public record EvaluationReport(@Nullable String targetingKey, Map<String, Object> attributes,
            @Nullable Object value, @Nullable String variant, String reason, @Nullable String errorCode,
            @Nullable String errorMessage, @Nullable String rule) {

        static EvaluationReport of(Evaluation<?> evaluation, FlagContext context) {
            return new EvaluationReport(context.key(), context.attributes(), evaluation.value(),
                    evaluation.variant(), evaluation.reason().name(),
                    evaluation.errorCode() == null ? null : evaluation.errorCode().name(), evaluation.errorMessage(),
                    rule(evaluation));
        }

        private static @Nullable String rule(Evaluation<?> evaluation) {
            if (evaluation.ruleIndex() >= 0) {
                return "#" + evaluation.ruleIndex() + (evaluation.ruleName() == null ? ""
                        : " '" + evaluation.ruleName() + "'");
            }
            return evaluation.ruleName();
        }
    }

    /**
     * The client's status.
     *
     * @param state                  INITIALIZING, READY or STALE
     * @param revision               the revision answering, or null
     * @param flagCount              how many flags are defined
     * @param lastSync               when a source last delivered or confirmed its document, or null
     * @param lastError              the current problem, or null
     * @param sources                each source's own status, lowest layer first
     * @param unknownFlagEvaluations how many evaluations asked for a flag no source defines
     * @param unknownFlagKeys        some of those keys
     * @param trippedGuards          the release guards that tripped in this instance: each flag, the numbers that
     *                               tripped it and when; those flags serve their off variant here until their
     *                               definition changes
     */
    public record StatusReport(String state, @Nullable Long revision, int flagCount, @Nullable Instant lastSync,
            @Nullable String lastError, List<SourceReport> sources, long unknownFlagEvaluations,
            List<String> unknownFlagKeys, List<FlagsStatus.TrippedGuard> trippedGuards) {

        static StatusReport of(FlagsStatus status) {
            return new StatusReport(status.state().name(), status.revision(), status.flagCount(), status.lastSync(),
                    status.lastError(), status.sources().stream().map(SourceReport::of).toList(),
                    status.unknownFlagEvaluations(), status.unknownFlagKeys(), status.trippedGuards());
        }
    }

    /**
     * One source's status.
     *
     * @param name      the source's name (a URL without credentials, a file, a resource)
     * @param state     INITIALIZING, READY or STALE
     * @param revision  the revision of its last good document, or null
     * @param flagCount how many flags its last good document defines
     * @param lastSync  when it last delivered or confirmed its document, or null
     * @param lastError its current problem, or null
     * @param details   what the source tells of itself (a remote source: {@code circuitBreaker}, {@code stream})
     */
    public record SourceReport(String name, String state, @Nullable Long revision, int flagCount,
            @Nullable Instant lastSync, @Nullable String lastError, Map<String, String> details) {

        static SourceReport of(FlagsStatus.SourceStatus status) {
            return new SourceReport(status.name(), status.state().name(), status.revision(), status.flagCount(),
                    status.lastSync(), status.lastError(), new TreeMap<>(status.details()));
        }
    }
}
