package dev.flags.benchmarks;

/**
 * Checks that a library really evaluates the scenarios' flags before it is measured: a peer set up wrong would
 * otherwise answer its default fast and win by doing nothing.
 */
final class SanityCheck {

    /** How many user ids the rollouts are checked on. */
    static final int IDS = 100_000;

    private SanityCheck() {
    }

    /**
     * Checks every scenario on the pre-built users and both rollouts on {@code ids} freshly built ones
     * ({@value #IDS} before measuring).
     *
     * @throws IllegalStateException naming the library, the flag and what it answered
     */
    static <U> void verify(Scenarios<U> library, int ids) {
        for (int n = 0; n < Users.COUNT; n++) {
            U user = library.user(n);
            require(library, library.staticOnFor(user), Scenarios.STATIC_ON + " is off for " + Users.id(n));
            require(library, library.missingFlagFor(user) == library.missingFlagDefault(),
                    Scenarios.MISSING + " did not answer the default for " + Users.id(n));
            U rebuilt = library.context(Users.id(n), Users.country(n));
            require(library, library.rollout50For(user) == library.rollout50For(rebuilt),
                    Scenarios.ROLLOUT_50 + " is not sticky for " + Users.id(n));
        }
        int rolloutOn = 0;
        int dutch = 0;
        int dutchOn = 0;
        int othersOn = 0;
        for (int n = 0; n < ids; n++) {
            String country = Users.country(n);
            U user = library.context(Users.id(n), country);
            if (library.rollout50For(user)) {
                rolloutOn++;
            }
            boolean on = library.ruleThenRolloutFor(user);
            if ("NL".equals(country)) {
                dutch++;
                dutchOn += on ? 1 : 0;
            } else {
                othersOn += on ? 1 : 0;
            }
        }
        double rolloutShare = 100.0 * rolloutOn / ids;
        require(library, rolloutShare >= 45 && rolloutShare <= 55,
                Scenarios.ROLLOUT_50 + " is on for " + rolloutShare + "% of " + ids + " ids, not 45-55%");
        require(library, dutchOn == dutch,
                Scenarios.RULE_THEN_ROLLOUT + " is on for " + dutchOn + " of " + dutch + " NL ids, not all");
        double othersShare = 100.0 * othersOn / (ids - dutch);
        require(library, othersShare >= 7.5 && othersShare <= 12.5,
                Scenarios.RULE_THEN_ROLLOUT + " is on for " + othersShare + "% of the other ids, not 7.5-12.5%");
    }

    private static void require(Scenarios<?> library, boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(library.library() + " is not set up right: " + problem);
        }
    }
}
