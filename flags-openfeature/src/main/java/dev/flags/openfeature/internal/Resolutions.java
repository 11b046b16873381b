package dev.flags.openfeature.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flags.Evaluation;
import dev.flags.Reason;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The engine's {@link Evaluation} as OpenFeature's resolution details, reason and error code by name. */
public final class Resolutions {

    /**
     * The metadata of the engine's precomputed evaluations (one per outcome of a flag, shared by every call
     * that ends there), built once each instead of on every call. Weak keys: an evaluation of a document no
     * longer served is collected, and its entry with it.
     */
    private static final Cache<Evaluation<?>, ImmutableMetadata> METADATA = Caffeine.newBuilder()
            .weakKeys()
            .maximumSize(100_000)
            .executor(Runnable::run)
            .build();

    private Resolutions() {
    }

    /** The details of this evaluation, serving {@code value} (the caller's default on error). */
    public static <T> ProviderEvaluation<T> of(Evaluation<?> evaluation, T value) {
        ProviderEvaluation.ProviderEvaluationBuilder<T, ?, ?> details = ProviderEvaluation.<T>builder()
                .value(value)
                .variant(evaluation.variant())
                .reason(evaluation.reason().name())
                // Only an evaluation that served a variant is one of the precomputed ones.
                .flagMetadata(evaluation.variant() != null ? METADATA.get(evaluation, Resolutions::metadata)
                        : metadata(evaluation));
        if (evaluation.errorCode() != null) {
            details.errorCode(errorCode(evaluation.errorCode())).errorMessage(evaluation.errorMessage());
        }
        return details.build();
    }

    /** The caller's default, because the flag's value cannot be served as the type asked for. */
    public static <T> ProviderEvaluation<T> typeMismatch(T defaultValue, String message) {
        return ProviderEvaluation.<T>builder()
                .value(defaultValue)
                .reason(Reason.ERROR.name())
                .errorCode(ErrorCode.TYPE_MISMATCH)
                .errorMessage(message)
                .build();
    }

    /** OpenFeature's error code of the same name. */
    public static ErrorCode errorCode(dev.flags.ErrorCode code) {
        return switch (code) {
            case FLAG_NOT_FOUND -> ErrorCode.FLAG_NOT_FOUND;
            case TYPE_MISMATCH -> ErrorCode.TYPE_MISMATCH;
            case TARGETING_KEY_MISSING -> ErrorCode.TARGETING_KEY_MISSING;
            case PARSE_ERROR -> ErrorCode.PARSE_ERROR;
            case PROVIDER_NOT_READY -> ErrorCode.PROVIDER_NOT_READY;
            case GENERAL -> ErrorCode.GENERAL;
        };
    }

    /** The deciding rule and the answering source; empty when neither is known. */
    static ImmutableMetadata metadata(Evaluation<?> evaluation) {
        if (evaluation.ruleIndex() < 0 && evaluation.ruleName() == null && evaluation.source() == null) {
            return ImmutableMetadata.EMPTY;
        }
        ImmutableMetadata.ImmutableMetadataBuilder metadata = ImmutableMetadata.builder();
        if (evaluation.ruleIndex() >= 0) {
            metadata.addInteger(FlagsProvider.RULE_INDEX, evaluation.ruleIndex());
        }
        if (evaluation.ruleName() != null) {
            metadata.addString(FlagsProvider.RULE_NAME, evaluation.ruleName());
        }
        if (evaluation.source() != null) {
            metadata.addString(FlagsProvider.SOURCE, evaluation.source());
        }
        return metadata.build();
    }

    /**
     * One of the engine's immutable values (Boolean, String, Long, Double, List, Map of those, or null) as an
     * OpenFeature {@link Value}; a map becomes a structure, a whole number an Integer where it fits, else a Long.
     */
    public static Value toValue(Object value) {
        if (value == null) {
            return new Value();
        } else if (value instanceof Boolean b) {
            return new Value(b);
        } else if (value instanceof String s) {
            return new Value(s);
        } else if (value instanceof Long l) {
            // An int where it fits: the SDK's Structure#asObjectMap converts Integer and Double, not Long.
            return l == l.intValue() ? new Value(l.intValue()) : new Value(l);
        } else if (value instanceof Integer i) {
            return new Value(i);
        } else if (value instanceof Number n) {
            return new Value(n.doubleValue());
        } else if (value instanceof List<?> list) {
            List<Value> values = new ArrayList<>(list.size());
            list.forEach(element -> values.add(toValue(element)));
            return new Value(values);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Value> fields = new HashMap<>();
            map.forEach((name, field) -> fields.put(String.valueOf(name), toValue(field)));
            return new Value(new ImmutableStructure(fields));
        }
        return new Value(value.toString());
    }
}
