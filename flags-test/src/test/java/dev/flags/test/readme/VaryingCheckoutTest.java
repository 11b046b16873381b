package dev.flags.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.test.VaryFlags;
import dev.flags.test.readme.Checkout.Cart;
import dev.flags.test.readme.Checkout.Money;

// The README's @VaryFlags example, word for word (ReadmeTest checks the README still shows it).
class VaryingCheckoutTest {

    final Cart cart = new Cart(42);

    @VaryFlags({"new-checkout", "one-click"})                // instead of @Test
    void totalIsTheSameWhateverTheFlags(FeatureFlags flags) {
        assertThat(new Checkout(flags).total(cart)).isEqualTo(Money.of(42));
    }
}
