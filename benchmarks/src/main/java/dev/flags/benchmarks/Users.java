package dev.flags.benchmarks;

/**
 * The users every library is measured with: {@value #COUNT} of them, ids {@code user-<n>}, the attribute
 * {@code country} cycling NL, DE, US, FR. Each library builds its own context for each of them once, before
 * measuring; {@code buildContextThenRollout} builds one from these raw strings on every call.
 */
public final class Users {

    /** A power of two, so the cursor wraps with a mask. */
    public static final int COUNT = 1024;

    private static final String[] COUNTRIES = {"NL", "DE", "US", "FR"};

    private static final String[] IDS = new String[COUNT];
    private static final String[] COUNTRY_OF = new String[COUNT];

    static {
        for (int n = 0; n < COUNT; n++) {
            IDS[n] = id(n);
            COUNTRY_OF[n] = country(n);
        }
    }

    private Users() {
    }

    /** The id of user {@code n}, for any {@code n >= 0} (the sanity checks go past {@link #COUNT}). */
    public static String id(int n) {
        return "user-" + n;
    }

    /** The country of user {@code n}. */
    public static String country(int n) {
        return COUNTRIES[n & 3];
    }

    /** The pre-built id of user {@code n < COUNT}: the same String instance on every call. */
    static String idOf(int n) {
        return IDS[n];
    }

    /** The pre-built country of user {@code n < COUNT}. */
    static String countryOf(int n) {
        return COUNTRY_OF[n];
    }
}
