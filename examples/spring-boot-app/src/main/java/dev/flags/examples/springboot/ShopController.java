package dev.flags.examples.springboot;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagEnabled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's pages. Who the visitor is comes from the {@link FlagContextResolver}: the logged-in user (HTTP basic),
 * else the {@code X-User-Id} header; the {@code X-Country} header becomes the {@code country} attribute.
 */
@RestController
public class ShopController {

    private final FeatureFlags flags;
    private final FlagContextResolver visitor;
    private final Pricing pricing;

    public ShopController(FeatureFlags flags, FlagContextResolver visitor, Pricing pricing) {
        this.flags = flags;
        this.visitor = visitor;
        this.pricing = pricing;
    }

    /** What this visitor gets: a typed flag read in code, and the pricing chosen at start-up. */
    @GetMapping("/")
    public Map<String, Object> home() {
        FlagContext context = visitor.currentContext();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("visitor", context.key());
        page.put("greeting", flags.getString("greeting", context, "Hello"));
        page.put("newCheckout", flags.isEnabled("new-checkout", context));
        page.put("pricing", pricing.name());
        return page;
    }

    /** The new checkout for those who have the flag, the classic one for everyone else. */
    @GetMapping("/checkout")
    @FlagEnabled(value = "new-checkout", fallback = "classicCheckout")
    public String checkout(@RequestParam(defaultValue = "book") String item) {
        return "new checkout: one click for " + item + " at " + pricing.price(item);
    }

    String classicCheckout(String item) {
        return "classic checkout: " + item + " at " + pricing.price(item) + ", three steps";
    }

    /** Only beta testers see this page; everyone else gets a 404. */
    @GetMapping("/beta")
    @FlagEnabled("beta-page")
    public String beta() {
        return "welcome to the beta";
    }
}
