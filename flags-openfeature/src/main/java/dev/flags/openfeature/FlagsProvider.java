package dev.flags.openfeature;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import dev.flags.openfeature.internal.EvaluationContexts;
import dev.flags.openfeature.internal.ProviderEvents;
import dev.flags.openfeature.internal.Resolutions;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.EventProvider;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.TrackingEventDetails;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An OpenFeature provider that evaluates flags with a {@link FeatureFlags} client.
 *
 * <pre>{@code
 * FeatureFlags flags = FeatureFlags.builder().source(FlagSources.classpath("flags.yaml")).build();
 * OpenFeatureAPI.getInstance().setProviderAndWait(new FlagsProvider(flags));
 * Client client = OpenFeatureAPI.getInstance().getClient();
 * boolean on = client.getBooleanValue("new-checkout", false, new ImmutableContext("user-42"));
 * }</pre>
 *
 * <p>Evaluation never throws: errors come back as the caller's default with reason {@code ERROR} and an error
 * code (a null key is {@code FLAG_NOT_FOUND}, a null context is anonymous). The details carry the engine's
 * variant, its reason by name ({@code PREREQUISITE_FAILED} and {@code OVERRIDE} are reasons of ours beside
 * OpenFeature's) and its error code by name, with the deciding rule and the answering source as flag metadata
 * ({@value #RULE_INDEX}, {@value #RULE_NAME}, {@value #SOURCE}).
 *
 * <p>{@link #initialize} waits until the client has flags, up to the initialization timeout, and fails with
 * {@code PROVIDER_NOT_READY} when none arrive in that time; the provider then still follows the client and
 * emits {@code PROVIDER_READY} once flags arrive. Status and flag changes become {@code PROVIDER_READY},
 * {@code PROVIDER_STALE}, {@code PROVIDER_ERROR} and {@code PROVIDER_CONFIGURATION_CHANGED} events.
 *
 * <p>The provider does not own the client: {@link #shutdown()} stops listening to it but leaves it open, since
 * the application may use it directly too; close it yourself. A provider that was shut down can be registered
 * again. Thread-safe.
 */
public final class FlagsProvider extends EventProvider {

    /** The provider's name in OpenFeature's metadata. */
    public static final String NAME = "flags";
    /** How long {@link #initialize} waits for the first flags unless told otherwise. */
    public static final Duration DEFAULT_INITIALIZATION_TIMEOUT = Duration.ofSeconds(5);
    /** Flag metadata: the 0-based index of the rule that decided (an integer), absent when no rule did. */
    public static final String RULE_INDEX = "ruleIndex";
    /** Flag metadata: the name of the rule that decided, {@code targets} for an individual target. */
    public static final String RULE_NAME = "ruleName";
    /** Flag metadata: the name of the flag source whose document answered. */
    public static final String SOURCE = "source";

    private static final Metadata METADATA = () -> NAME;

    private final FeatureFlags flags;
    private final Duration initializationTimeout;
    private final ProviderEvents events;

    /** A provider over this client that waits up to {@link #DEFAULT_INITIALIZATION_TIMEOUT} for its first flags. */
    public FlagsProvider(FeatureFlags flags) {
        this(flags, DEFAULT_INITIALIZATION_TIMEOUT);
    }

    /**
     * A provider over this client.
     *
     * @param initializationTimeout how long {@link #initialize} waits for the client's first flags; zero fails at
     *                              once when it has none
     */
    public FlagsProvider(FeatureFlags flags, Duration initializationTimeout) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.initializationTimeout = Objects.requireNonNull(initializationTimeout, "initializationTimeout");
        if (initializationTimeout.isNegative()) {
            throw new IllegalArgumentException(
                    "initializationTimeout must not be negative, not " + initializationTimeout);
        }
        this.events = new ProviderEvents(flags, this::emit);
    }

    @Override
    public Metadata getMetadata() {
        return METADATA;
    }

    /** None: the provider needs no hooks (and so allocates no list per evaluation for them). */
    @Override
    @SuppressWarnings("rawtypes") // the SDK's signature
    public List<Hook> getProviderHooks() {
        return List.of();
    }

    /**
     * Starts following the client's status and changes, and waits until it has flags.
     *
     * @throws ProviderNotReadyError when the client has no flags within the initialization timeout; OpenFeature
     *                               then reports the provider in {@code ERROR} until flags arrive
     */
    @Override
    public void initialize(EvaluationContext evaluationContext) throws InterruptedException {
        events.start();
        if (!events.awaitFlags(initializationTimeout)) {
            FlagsStatus status = flags.status();
            events.initialized(false, status.lastError());
            throw new ProviderNotReadyError("no flags within " + initializationTimeout + ": " + status);
        }
        events.initialized(true, null);
    }

    /**
     * Stops following the client (once every initialization has been shut down: OpenFeature may initialize a
     * provider registered anew before it shuts down its previous registration). Does not close the client: the
     * provider does not own it.
     */
    @Override
    public void shutdown() {
        // EventProvider.shutdown() would stop the emitter for good; without it this provider can be registered
        // again, and the emitter's idle threads end by themselves.
        events.stop();
    }

    @Override
    public ProviderEvaluation<Boolean> getBooleanEvaluation(String key, Boolean defaultValue, EvaluationContext ctx) {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean(key, context(ctx), defaultValue != null && defaultValue);
        return Resolutions.of(evaluation, evaluation.isSuccess() ? evaluation.value() : defaultValue);
    }

    @Override
    public ProviderEvaluation<String> getStringEvaluation(String key, String defaultValue, EvaluationContext ctx) {
        Evaluation<String> evaluation = flags.evaluateString(key, context(ctx), defaultValue);
        return Resolutions.of(evaluation, evaluation.value());
    }

    /** A whole-number flag as an {@code int}: a value outside the {@code int} range is a {@code TYPE_MISMATCH}. */
    @Override
    public ProviderEvaluation<Integer> getIntegerEvaluation(String key, Integer defaultValue, EvaluationContext ctx) {
        Evaluation<Long> evaluation = flags.evaluateLong(key, context(ctx), defaultValue == null ? 0 : defaultValue);
        if (!evaluation.isSuccess()) {
            return Resolutions.of(evaluation, defaultValue);
        }
        long value = evaluation.value();
        if (value != (int) value) {
            return Resolutions.typeMismatch(defaultValue, "flag '" + key + "' serves " + value
                    + ", outside the int range; evaluate it as a long");
        }
        return Resolutions.of(evaluation, (int) value);
    }

    /** A whole-number flag as a {@code long}, over its whole range (not through a double). */
    @Override
    public ProviderEvaluation<Long> getLongEvaluation(String key, Long defaultValue, EvaluationContext ctx) {
        Evaluation<Long> evaluation = flags.evaluateLong(key, context(ctx), defaultValue == null ? 0 : defaultValue);
        return Resolutions.of(evaluation, evaluation.isSuccess() ? evaluation.value() : defaultValue);
    }

    @Override
    public ProviderEvaluation<Double> getDoubleEvaluation(String key, Double defaultValue, EvaluationContext ctx) {
        Evaluation<Double> evaluation = flags.evaluateDouble(key, context(ctx),
                defaultValue == null ? 0 : defaultValue);
        return Resolutions.of(evaluation, evaluation.isSuccess() ? evaluation.value() : defaultValue);
    }

    /**
     * The variant's value whatever its type, as a {@link Value}: a map becomes a {@code Structure}, a list a list
     * of values. On error, the caller's default.
     */
    @Override
    public ProviderEvaluation<Value> getObjectEvaluation(String key, Value defaultValue, EvaluationContext ctx) {
        Evaluation<Object> evaluation = flags.evaluateObject(key, context(ctx), null);
        Value value = evaluation.isSuccess() ? Resolutions.toValue(evaluation.value()) : defaultValue;
        return Resolutions.of(evaluation, value);
    }

    /**
     * Counts {@code eventName} for the context, as {@link FeatureFlags#track}: against the variant each flag with a
     * release guard on that event serves it, which trips a guard whose variant is clearly worse than the others.
     * The context is mapped as for evaluation, so an event counts against what the same context was served. The
     * details (an event's value and attributes) are not used: a guard counts events, not amounts. Never throws.
     */
    @Override
    public void track(String eventName, EvaluationContext ctx, TrackingEventDetails details) {
        flags.track(eventName, context(ctx));
    }

    private static FlagContext context(EvaluationContext ctx) {
        return EvaluationContexts.toFlagContext(ctx);
    }

    @Override
    public String toString() {
        return "FlagsProvider[" + flags + "]";
    }
}
