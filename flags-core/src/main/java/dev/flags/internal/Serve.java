package dev.flags.internal;


/** What a rule or a flag's default serves: one variant, or a percentage rollout. */
abstract class Serve {

    abstract Outcome select(Attributes context, EvaluationScope scope);

    static final class Fixed extends Serve {
        final Outcome outcome;

        Fixed(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        Outcome select(Attributes context, EvaluationScope scope) {
            return outcome;
        }
    }

    /**
     * A sticky percentage rollout. Weights are in thousandths of a percent (100,000 buckets); variants take
     * contiguous bucket ranges in declaration order, so raising the first variant's share keeps everyone who
     * already had it.
     */
    static final class Rollout extends Serve {
        static final int BUCKETS = 100_000;

        private final RolloutHash hash;
        /** The attribute hashed; null hashes the targeting key. */
        private final String by;
        private final int[] weights;
        private final Outcome[] outcomes;
        /** Served when the context lacks the value to hash. */
        private final Outcome missingValue;
        private final Ramp ramp;
        /** With two variants, the first takes the buckets below this; else unused. */
        private final int twoVariantsSplit;

        Rollout(RolloutHash hash, String by, int[] weights, Outcome[] outcomes, Outcome missingValue, Ramp ramp) {
            this.hash = hash;
            this.by = by == null || Attributes.isKeyAlias(by) ? null : by.intern();
            this.weights = weights;
            this.outcomes = outcomes;
            this.missingValue = missingValue;
            this.ramp = ramp;
            this.twoVariantsSplit = weights.length == 2 ? weights[0] : -1;
        }

        @Override
        Outcome select(Attributes context, EvaluationScope scope) {
            int bucket;
            if (by == null) {
                Attribute key = context.key();
                if (key == null) {
                    return missingValue;
                }
                bucket = hash.bucket(key.utf8);
            } else {
                Attribute value = context.find(by);
                if (value == null || value.text == null) {
                    return missingValue;
                }
                bucket = hash.bucket(value.text);
            }
            if (ramp != null) {
                return outcomes[ramp.variantAt(bucket, scope.millis())];
            }
            // Most rollouts have two variants, often 50/50: a branch on the bucket would be mispredicted half
            // the time, so the index comes from the sign of (split - 1 - bucket) instead.
            return twoVariantsSplit >= 0
                    ? outcomes[(twoVariantsSplit - 1 - bucket) >>> 31]
                    : outcomes[variantAt(bucket)];
        }

        private int variantAt(int bucket) {
            int end = 0;
            for (int i = 0; i < weights.length - 1; i++) {
                end += weights[i];
                if (bucket < end) {
                    return i;
                }
            }
            return weights.length - 1;
        }
    }

    /**
     * Moves one variant's share linearly from {@code from} (before {@code start}) to {@code to} (after
     * {@code end}); the other variants share the rest in proportion to their rollout weights.
     */
    static final class Ramp {
        private final int variant;
        private final int from;
        private final int to;
        private final long start;
        private final long end;
        /** The others' weights (the ramped variant's entry unused); all 1 when the rollout gave them none. */
        private final long[] shares;
        private final long sharesTotal;

        Ramp(int variant, int from, int to, long start, long end, int[] weights) {
            this.variant = variant;
            this.from = from;
            this.to = to;
            this.start = start;
            this.end = end;
            long total = 0;
            for (int i = 0; i < weights.length; i++) {
                total += i == variant ? 0 : weights[i];
            }
            this.shares = new long[weights.length];
            for (int i = 0; i < weights.length; i++) {
                shares[i] = i == variant ? 0 : total == 0 ? 1 : weights[i];
            }
            this.sharesTotal = total == 0 ? weights.length - 1 : total;
        }

        /** The ramped variant's share at this time, in thousandths of a percent. */
        int share(long now) {
            if (now <= start) {
                return from;
            }
            if (now >= end) {
                return to;
            }
            return (int) (from + (to - from) * (now - start) / (end - start));
        }

        int variantAt(int bucket, long now) {
            int share = share(now);
            long rest = Rollout.BUCKETS - share;
            long othersSoFar = 0;
            for (int i = 0; i < shares.length - 1; i++) {
                othersSoFar += shares[i];
                long boundary = (i >= variant ? share : 0)
                        + (sharesTotal == 0 ? 0 : rest * othersSoFar / sharesTotal);
                if (bucket < boundary) {
                    return i;
                }
            }
            return shares.length - 1;
        }
    }
}
