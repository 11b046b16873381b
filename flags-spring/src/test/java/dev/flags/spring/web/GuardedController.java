package dev.flags.spring.web;

import dev.flags.FeatureFlags;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagEnabled;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Requests that evaluate a flag (or none) and then fail in the ways a server does, for the release guards' tests. */
@RestController
@RequestMapping("/guarded")
class GuardedController {
    private final FeatureFlags flags;
    private final FlagContextResolver resolver;

    GuardedController(FeatureFlags flags, FlagContextResolver resolver) {
        this.flags = flags;
        this.resolver = resolver;
    }

    /** Evaluates {@code flag}, then answers {@code status}. */
    @GetMapping("/status")
    ResponseEntity<String> status(@RequestParam String flag, @RequestParam int status) {
        boolean on = flags.isEnabled(flag, resolver.currentContext());
        return ResponseEntity.status(status).body(on ? "on" : "off");
    }

    /** Evaluates {@code flag}, then throws: the server answers 500. */
    @GetMapping("/crash")
    String crash(@RequestParam String flag) {
        flags.isEnabled(flag, resolver.currentContext());
        throw new IllegalStateException("the new code path broke");
    }

    /** Evaluates no flag, then throws. */
    @GetMapping("/crash-without-flags")
    String crashWithoutFlags() {
        throw new IllegalStateException("broke before any flag");
    }

    /** A {@code @FlagEnabled} method that throws: the method's failure and the request's are one error. */
    @GetMapping("/annotated")
    @FlagEnabled("guarded-checkout")
    public String annotated() {
        throw new IllegalStateException("the new checkout broke");
    }
}
