package dev.flags.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.test.FlagDocument;
import dev.flags.test.FlagOff;
import dev.flags.test.FlagOn;
import dev.flags.test.FlagTest;
import dev.flags.test.FlagVariant;
import dev.flags.test.TestFlags;
import org.junit.jupiter.api.Test;

// The README's extension example, word for word (ReadmeTest checks the README still shows them).
@FlagTest                                                // = @ExtendWith(FlagsExtension.class)
@FlagDocument("classpath:flags.yaml")                    // optional: the flags, their rules and variants
@FlagOn("new-checkout")                                  // for every test of the class...
class CheckoutTest {

    FeatureFlags flags;                                  // injected before each test, or take it as a parameter

    @Test
    void newCheckoutIsOneClick() {                       // new-checkout is on
        assertThat(new Checkout(flags).steps()).isEqualTo(1);
    }

    @Test
    @FlagOff("new-checkout")                             // ...unless the method says otherwise
    @FlagVariant(flag = "button-color", variant = "red")
    void oldCheckoutStillWorks() {
        assertThat(new Checkout(flags).steps()).isEqualTo(3);
    }

    @Test
    void switchingMidway(TestFlags handle) {             // the handle changes this test's flags only
        handle.off("new-checkout");
        assertThat(new Checkout(flags).steps()).isEqualTo(3);
    }
}
