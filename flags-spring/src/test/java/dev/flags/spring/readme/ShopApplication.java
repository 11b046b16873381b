package dev.flags.spring.readme;

import dev.flags.FeatureFlags;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagEnabled;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

// The README's runnable example, word for word: ReadmeTest checks the README still shows it, ReadmeShopIT runs it.
@SpringBootApplication
public class ShopApplication {
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}

@RestController
class ShopController {
    private final FeatureFlags flags;
    private final FlagContextResolver visitor;

    ShopController(FeatureFlags flags, FlagContextResolver visitor) {
        this.flags = flags;
        this.visitor = visitor;
    }

    @GetMapping("/checkout")
    @FlagEnabled(value = "new-checkout", fallback = "classicCheckout")   // who: X-User-Id, or the logged-in user
    public String checkout(@RequestParam String item) {
        return "one-click checkout of " + item;
    }

    String classicCheckout(String item) {                                 // same parameters, same return type
        return "classic checkout of " + item;
    }

    @GetMapping("/beta")
    @FlagEnabled("beta-page")                                             // off: 404 Not Found
    public String beta() {
        return "beta";
    }

    @GetMapping("/color")
    public String color() {
        return flags.getString("button-color", visitor.currentContext(), "blue");
    }
}
