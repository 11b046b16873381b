package dev.flags.internal;

import dev.flags.ErrorCode;
import dev.flags.Reason;
import dev.flags.model.FlagDefinition;
import dev.flags.model.Guard;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One flag compiled for evaluation: every outcome its definition can have is built in advance (those of local
 * overrides when a snapshot is published with them), so evaluating walks arrays and maps and allocates nothing.
 * Immutable.
 */
final class CompiledFlag {

    /** How deep prerequisite chains may go across layered documents, whose cycles no single document shows. */
    static final int MAX_PREREQUISITE_DEPTH = 16;
    private static final Outcome TOO_DEEP = Outcome.failure(null, ErrorCode.GENERAL,
            "prerequisites nest deeper than " + MAX_PREREQUISITE_DEPTH + " flags (a cycle across sources?)", null);

    /** The source named in the evaluations that local overrides decide. */
    static final String OVERRIDES = "overrides";

    final String key;
    /** Equal fingerprints mean equal behaviour: telling whether a flag changed compares these. */
    final Fingerprint fingerprint;
    final Map<String, Variant> variants;
    /** The guard, or null; the variant it watches; and every variant, which judging walks without an iterator. */
    final Guard guard;
    final Variant guarded;
    private final Variant[] all;
    /** Set once, by the event that trips the guard (a definition trips once per client at most); null without one. */
    final AtomicBoolean tripped;
    /** The revision of the document (or stored flag) this client first compiled this definition from, or null. */
    final Long since;
    final String source;
    // Null rather than empty when the flag has none, so that evaluation skips them on a null test.
    private final Prerequisite[] prerequisites;
    private final Map<String, Outcome> targets;
    /** Rule i serves ruleServes[i] when ruleConditions[i] holds: one condition per rule, found in one load. */
    private final Condition[] ruleConditions;
    private final Serve[] ruleServes;
    private final Serve fallthrough;
    private final Variant off;
    /** The outcome whatever the context, when nothing in the flag depends on it; else null. */
    private final Outcome constant;

    /**
     * What decides a flag's behaviour, compared by model equality: its definition and the segments its conditions
     * use (a changed segment changes the flag).
     */
    record Fingerprint(FlagDefinition definition, Map<String, dev.flags.model.Segment> segments) {
    }

    record Prerequisite(String flag, String variant, Outcome failed) {
    }

    record Rule(Condition[] when, Serve serve) {
    }

    CompiledFlag(String key, Fingerprint fingerprint, Map<String, Variant> variants, boolean enabled, Variant off,
            Prerequisite[] prerequisites, Map<String, Outcome> targets, Rule[] rules, Serve fallthrough,
            String source, Variant guarded, Long since) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.variants = variants;
        this.guard = fingerprint.definition().guard();
        this.guarded = guarded;
        this.tripped = guarded == null ? null : new AtomicBoolean();
        this.all = variants.values().toArray(new Variant[0]);
        this.since = since;
        this.source = source;
        this.prerequisites = prerequisites.length == 0 ? null : prerequisites;
        this.targets = targets.isEmpty() ? null : targets;
        this.ruleConditions = rules.length == 0 ? null : new Condition[rules.length];
        this.ruleServes = rules.length == 0 ? null : new Serve[rules.length];
        for (int i = 0; i < rules.length; i++) {
            Condition[] when = rules[i].when();
            ruleConditions[i] = when.length == 1 ? when[0] : new Conditions.AllOf(when);
            ruleServes[i] = rules[i].serve();
        }
        this.fallthrough = fallthrough;
        this.off = off;
        // The kill switch: off serves one outcome to everyone, whatever the rest of the flag says.
        Outcome disabled = enabled ? null : off == null
                ? new Outcome(key, null, Reason.DISABLED, null, null, -1, null, source)
                : Outcome.served(key, off, Reason.DISABLED, -1, null, source);
        this.constant = disabled != null ? disabled
                : this.prerequisites == null && this.targets == null && ruleConditions == null
                        && fallthrough instanceof Serve.Fixed fixed ? fixed.outcome : null;
    }

    /** A flag no document defines, that an override names: boolean, with variants on and off. */
    static CompiledFlag implied(String key) {
        Map<String, Variant> variants = impliedVariants();
        Serve on = new Serve.Fixed(Outcome.served(key, variants.get("on"), Reason.STATIC, -1, null, OVERRIDES));
        return new CompiledFlag(key, new Fingerprint(FlagDefinition.on(), Map.of()), variants, true,
                variants.get("off"), new Prerequisite[0], Map.of(), new Rule[0], on, OVERRIDES, null, null);
    }

    static Map<String, Variant> impliedVariants() {
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("on", new Variant("on", Boolean.TRUE));
        variants.put("off", new Variant("off", Boolean.FALSE));
        return variants;
    }

    Outcome evaluate(Attributes context, EvaluationScope scope, Snapshot snapshot, int depth) {
        // Two methods, so that the JIT inlines this small one into every caller and answers a constant flag
        // without a call, even when the rules' walk below has grown too big to inline.
        Outcome constant = this.constant;
        return constant != null ? constant : walk(context, scope, snapshot, depth);
    }

    private Outcome walk(Attributes context, EvaluationScope scope, Snapshot snapshot, int depth) {
        if (prerequisites != null) {
            if (depth >= MAX_PREREQUISITE_DEPTH) {
                return TOO_DEEP;
            }
            for (Prerequisite prerequisite : prerequisites) {
                Outcome outcome = snapshot.decide(prerequisite.flag, context, scope, depth + 1);
                if (outcome.variant == null || !outcome.variant.name.equals(prerequisite.variant)) {
                    return prerequisite.failed;
                }
            }
        }
        if (targets != null) {
            Attribute key = context.key();
            if (key != null) {
                Outcome target = targets.get(key.text);
                if (target != null) {
                    return target;
                }
            }
        }
        Condition[] when = ruleConditions;
        if (when != null) {
            for (int i = 0; i < when.length; i++) {
                if (when[i].matches(context, scope)) {
                    return ruleServes[i].select(context, scope);
                }
            }
        }
        return fallthrough.select(context, scope);
    }

    /**
     * Whether the guard's counts trip it now. Called on every event tracked against the watched variant: reads
     * the counters and allocates nothing.
     */
    boolean guardTrips() {
        return guard.trips(guarded.evaluations.sum(), guarded.events.sum(), controlSamples(), controlEvents());
    }

    /** The guard's counts judged, with the line that tells why: built once, when it trips. */
    Guard.Verdict judgeGuard() {
        return guard.judge(guarded.evaluations.sum(), guarded.events.sum(), controlSamples(), controlEvents());
    }

    private long controlSamples() {
        long sum = 0;
        for (Variant variant : all) {
            sum += variant == guarded ? 0 : variant.evaluations.sum();
        }
        return sum;
    }

    private long controlEvents() {
        long sum = 0;
        for (Variant variant : all) {
            sum += variant == guarded ? 0 : variant.events.sum();
        }
        return sum;
    }

    /** What a tripped guard serves: the kill switch's outcome, saying why. */
    Outcome guardKill(String summary) {
        String why = "guard: " + summary;
        return off == null ? new Outcome(key, null, Reason.DISABLED, null, null, -1, why, source)
                : Outcome.served(key, off, Reason.DISABLED, -1, why, source);
    }

    Variant[] allVariants() {
        return all;
    }

    /**
     * The outcome of a local override to this variant, or of a kill when the variant is null. Built when an
     * override is set rather than in advance: overrides are rare, and every flag would hold an outcome per
     * variant for them.
     */
    Outcome overridden(String variant) {
        if (variant == null) {
            return off == null
                    ? new Outcome(key, null, Reason.OVERRIDE, null, null, -1, "kill", OVERRIDES)
                    : Outcome.served(key, off, Reason.OVERRIDE, -1, "kill", OVERRIDES);
        }
        Variant served = variants.get(variant);
        return served != null ? Outcome.served(key, served, Reason.OVERRIDE, -1, null, OVERRIDES)
                : Outcome.failure(key, ErrorCode.GENERAL, "the override names variant '" + variant
                        + "', which this flag does not have; it has " + variants.keySet(), OVERRIDES);
    }
}
