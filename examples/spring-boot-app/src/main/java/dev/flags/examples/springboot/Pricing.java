package dev.flags.examples.springboot;

/** How the shop prices an item; the implementation is chosen at start-up by the {@code holiday-pricing} flag. */
public interface Pricing {

    String name();

    String price(String item);
}
