package dev.flags.test.readme;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;

/** The code under test of the README's examples: it takes the real {@code FeatureFlags}. */
record Checkout(FeatureFlags flags) {

    int steps() {
        return flags.isEnabled("new-checkout", FlagContext.anonymous()) ? 1 : 3;
    }

    /** The same total whatever the flags: what the README's {@code @VaryFlags} example checks. */
    Money total(Cart cart) {
        return Money.of(cart.amount());
    }

    record Cart(long amount) {
    }

    record Money(long amount) {
        static Money of(long amount) {
            return new Money(amount);
        }
    }
}
