package dev.flags.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A release guard: the flag stops serving {@code variant} when the rate of {@code event} among the contexts it
 * serves is worse than among the contexts the other variants serve, by {@code maxRatio}, with {@code confidence}.
 * Written in a document as {@code guard: {event: error, variant: on, maxRatio: 1.5, minSamples: 200}}.
 *
 * <p><b>The test.</b> A sequential probability ratio test (Wald, 1945) on the events alone: given how many
 * evaluations each arm had, an event falls in the guarded arm with probability {@code p0 = n1 / (n1 + n0)} when
 * the two rates are equal, and {@code p1 = r·n1 / (r·n1 + n0)} when the guarded rate is {@code r = maxRatio}
 * times the other. The guard trips once both arms have {@code minSamples} evaluations and the log-likelihood
 * ratio of the events seen, {@code x1·ln(p1/p0) + x0·ln((1-p1)/(1-p0))}, reaches {@code ln(1/(1-confidence))}.
 * Under equal rates the likelihood ratio is a non-negative martingale, so by Ville's inequality the chance that
 * it <em>ever</em> reaches {@code 1/(1-confidence)} is at most {@code 1 - confidence}: the counts may be judged
 * as often as one likes, for as long as one likes, without raising the false-trip rate (Ramdas et al., "Game-
 * theoretic statistics and safe anytime-valid inference", 2023, §3). The test is one-sided and never accepts
 * the null: it keeps watching. A regression of {@code maxRatio} or more trips it with the number of events
 * tabulated in the flags-core README; a much smaller one (below about the geometric mean of 1 and
 * {@code maxRatio}) drifts away from the threshold and does not trip. It assumes rare events (rates well under
 * 10%, as errors are) and a split between the arms that holds while it counts, as a rollout's does.
 *
 * @param event      the tracked event the guard watches, such as {@code error}
 * @param variant    the variant under watch; every other variant together is the control
 * @param maxRatio   the regression to catch: the guarded rate divided by the control's; above 1
 * @param minSamples evaluations each arm needs before the guard may trip; at least 1
 * @param confidence how sure the guard must be: 1 minus the chance of a false trip; from 0.5 to 0.9999
 */
public record Guard(String event, String variant, double maxRatio, long minSamples, double confidence) {

    /** The defaults a document may leave out. */
    public static final double DEFAULT_MAX_RATIO = 1.5;
    public static final long DEFAULT_MIN_SAMPLES = 200;
    public static final double DEFAULT_CONFIDENCE = 0.99;

    /** @throws IllegalArgumentException for a value out of range (a document reports it by field instead) */
    public Guard {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(variant, "variant");
        if (!(maxRatio > 1 && maxRatio <= 100)) {
            throw new IllegalArgumentException("maxRatio must be above 1 and at most 100, not " + maxRatio);
        }
        if (minSamples < 1) {
            throw new IllegalArgumentException("minSamples must be at least 1, not " + minSamples);
        }
        if (!(confidence >= 0.5 && confidence <= 0.9999)) {
            throw new IllegalArgumentException("confidence must be from 0.5 to 0.9999, not " + confidence);
        }
    }

    /** A guard of {@code event} on {@code variant} with the default ratio, samples and confidence. */
    public static Guard of(String event, String variant) {
        return new Guard(event, variant, DEFAULT_MAX_RATIO, DEFAULT_MIN_SAMPLES, DEFAULT_CONFIDENCE);
    }

    /** This guard catching another ratio. */
    public Guard withMaxRatio(double ratio) {
        return new Guard(event, variant, ratio, minSamples, confidence);
    }

    /** This guard waiting for another number of samples. */
    public Guard withMinSamples(long samples) {
        return new Guard(event, variant, maxRatio, samples, confidence);
    }

    /** This guard with another confidence. */
    public Guard withConfidence(double level) {
        return new Guard(event, variant, maxRatio, minSamples, level);
    }

    /**
     * Whether these counts trip the guard. Allocates nothing, so a client may ask on every tracked event.
     *
     * @param guardedSamples evaluations that served the guarded variant
     * @param guardedEvents  events counted against them
     * @param controlSamples evaluations that served any other variant
     * @param controlEvents  events counted against those
     */
    public boolean trips(long guardedSamples, long guardedEvents, long controlSamples, long controlEvents) {
        return guardedSamples >= minSamples && controlSamples >= minSamples && guardedEvents > 0
                && logLikelihoodRatio(guardedSamples, guardedEvents, controlSamples, controlEvents) >= threshold();
    }

    /** The counts judged, with a line that gives the numbers: what a trip's kill revision says. */
    public Verdict judge(long guardedSamples, long guardedEvents, long controlSamples, long controlEvents) {
        boolean tripped = trips(guardedSamples, guardedEvents, controlSamples, controlEvents);
        double guardedRate = rate(guardedEvents, guardedSamples);
        double controlRate = rate(controlEvents, controlSamples);
        String ratio = controlRate > 0 ? String.format(Locale.ROOT, "%.1fx", guardedRate / controlRate)
                : guardedRate > 0 ? "no control events" : "no events";
        String summary = String.format(Locale.ROOT,
                "%s on '%s' %d/%d (%.2f%%) vs %d/%d (%.2f%%) on the others: %s, %s %sx at %s%% confidence",
                event, variant, guardedEvents, guardedSamples, 100 * guardedRate, controlEvents, controlSamples,
                100 * controlRate, ratio, tripped ? "beyond" : "not shown beyond", trim(maxRatio),
                trim(100 * confidence));
        return new Verdict(tripped, summary);
    }

    /** The outcome of {@link #judge}: whether the guard trips, and why in one line. */
    public record Verdict(boolean tripped, String summary) {
    }

    private double threshold() {
        return -Math.log(1 - confidence);
    }

    private double logLikelihoodRatio(long n1, long x1, long n0, long x0) {
        double allocation = (double) n1 / ((double) n1 + n0);
        double regressed = maxRatio * n1 / (maxRatio * n1 + n0);
        return x1 * Math.log(regressed / allocation) + x0 * Math.log((1 - regressed) / (1 - allocation));
    }

    private static double rate(long events, long samples) {
        return samples == 0 ? 0 : (double) events / samples;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
