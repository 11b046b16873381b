package com.example;

import dev.flags.spring.FlagEnabled;

/** The README's example of a wrong fallback: {@code ReadmeTest} starts it and compares the failure. */
public class ShopController {

    @FlagEnabled(value = "new-checkout", fallback = "classic")
    public String checkout(String item) {
        return "one-click checkout of " + item;
    }

    public String classic(int item) {
        return "classic";
    }
}
