package dev.flags.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutHashTest {

    private static final List<String> SALTS = List.of(
            "", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg",
            "ü", "ñew", "日本", "flag-日本", "🚀", "x🚀y", "\uD800", "é\uDC00z");

    /** The recipe, computed with Guava's reference MurmurHash3 over bytes built the obvious way. */
    private static int referenceBucket(String salt, String value) {
        int h = Hashing.murmur3_32_fixed().hashBytes((salt + "." + value).getBytes(UTF_8)).asInt();
        return (int) (((h & 0xFFFF_FFFFL) * 100_000L) >>> 32);
    }

    @Test
    void theBytePathMatchesTheReferenceRecipeForRandomValuesAndSaltsOfEveryLength() {
        Random random = new Random(20261206);
        for (String salt : SALTS) {
            RolloutHash hash = RolloutHash.forSalt(salt);
            for (int n = 0; n < 500; n++) {
                String value = randomValue(random);

                assertThat(hash.bucket(value.getBytes(UTF_8)))
                        .as("salt %s, value %s", escape(salt), escape(value))
                        .isEqualTo(referenceBucket(salt, value))
                        .isEqualTo(hash.bucket(value));
            }
        }
    }

    @Test
    void theBytePathHandlesValuesShorterThanThePrefixsPartialBlock() {
        for (String salt : List.of("", "a", "ab", "abc")) {
            RolloutHash hash = RolloutHash.forSalt(salt);
            for (String value : List.of("", "x", "xy", "xyz", "wxyz")) {
                assertThat(hash.bucket(value.getBytes(UTF_8))).as("salt %s, value %s", salt, value)
                        .isEqualTo(referenceBucket(salt, value));
            }
        }
    }

    @Test
    void matchesTheReferenceRecipeForRandomValuesAndSaltsOfEveryLength() {
        Random random = new Random(20260101);
        for (String salt : SALTS) {
            RolloutHash hash = RolloutHash.forSalt(salt);
            for (int n = 0; n < 500; n++) {
                String value = randomValue(random);

                assertThat(hash.bucket(value))
                        .as("salt %s, value %s", escape(salt), escape(value))
                        .isEqualTo(referenceBucket(salt, value));
            }
        }
    }

    /** Up to 20 chars mixing 1-, 2-, 3- and 4-byte UTF-8 and lone surrogates. */
    private static String randomValue(Random random) {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(21);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> value.append((char) random.nextInt(0x80));
                case 1 -> value.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
                case 2 -> value.append((char) (0xE000 + random.nextInt(0x10000 - 0xE000)));
                case 3 -> value.appendCodePoint(0x10000 + random.nextInt(0x110000 - 0x10000));
                case 4 -> value.append((char) (Character.MIN_SURROGATE + random.nextInt(0x800)));
                default -> value.append((char) (0x800 + random.nextInt(0xD800 - 0x800)));
            }
        }
        return value.toString();
    }

    private static String escape(String s) {
        StringBuilder escaped = new StringBuilder();
        s.chars().forEach(c -> escaped.append(c < 0x80 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return escaped.toString();
    }

    @Test
    void encodesLoneSurrogatesAsQuestionMarksLikeGetBytes() {
        RolloutHash hash = RolloutHash.forSalt("s");

        List<String> values = List.of("\uD83D", "\uDE80", "a\uD83D", "\uDE80\uD83D", "\uD83Dx", "\uD83D\uD83D\uDE80");
        for (String value : values) {
            assertThat(hash.bucket(value)).as(escape(value)).isEqualTo(referenceBucket("s", value));
        }
        assertThat(hash.bucket("\uD83D")).isEqualTo(hash.bucket("?"));
    }

    @Test
    void bucketsAnyCharSequenceLikeTheEqualString() {
        RolloutHash hash = RolloutHash.forSalt("new-checkout");

        assertThat(hash.bucket(new StringBuilder("user-1"))).isEqualTo(hash.bucket("user-1"));
    }

    @Test
    void convenienceMethodMatchesPreparedSalt() {
        assertThat(RolloutHash.bucket("new-checkout", "user-1"))
                .isEqualTo(RolloutHash.forSalt("new-checkout").bucket("user-1"));
    }

    // Computed once with Guava's murmur3_32_fixed; these must never change, other SDKs rely on them.
    @ParameterizedTest(name = "salt \"{0}\", value \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "new-checkout | user-1    | 5599",
            "new-checkout | user-2    | 37628",
            "new-checkout | user-3    | 89528",
            "new-checkout | user-4    | 79000",
            "new-checkout | ''        | 65330",
            "new-checkout | Zoë       | 92117",
            "new-checkout | 東京      | 21174",
            "new-checkout | 🚀-launch | 10557",
            "''           | user-1    | 5295",
            "dark-mode    | user-1    | 3944",
            "ünïcödé      | user-1    | 32188",
            "a            | b         | 22254",
    })
    void keepsThePinnedBuckets(String salt, String value, int bucket) {
        assertThat(RolloutHash.forSalt(salt).bucket(value)).isEqualTo(bucket);
        assertThat(referenceBucket(salt, value)).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "murmur3(\"{0}\") = {1}")
    @CsvSource(quoteCharacter = '\'', value = {
            "'', 0x00000000",
            "hello, 0x248bfa47",
            "The quick brown fox jumps over the lazy dog, 0x2e4ff723",
    })
    void computesTheClassicMurmur3Vectors(String input, String expectedHex) {
        int expected = Integer.parseUnsignedInt(expectedHex.substring(2), 16);

        assertThat(RolloutHash.NO_PREFIX.murmur3(input)).isEqualTo(expected);
        assertThat(Hashing.murmur3_32_fixed().hashBytes(input.getBytes(UTF_8)).asInt()).isEqualTo(expected);
    }

    @Test
    void spreadsSequentialUserIdsEvenlyOverTenRanges() {
        RolloutHash hash = RolloutHash.forSalt("new-checkout");
        int[] counts = new int[10];
        for (int n = 0; n < 100_000; n++) {
            counts[hash.bucket("user-" + n) / 10_000]++;
        }

        // Each tenth of the buckets gets 10% of the keys, give or take 2 percentage points.
        assertThat(IntStream.of(counts).boxed()).allSatisfy(count -> assertThat(count).isBetween(8_000, 12_000));
    }

    @Test
    void staysWithinTheBucketRange() {
        RolloutHash hash = RolloutHash.forSalt("range");
        Random random = new Random(7);
        for (int n = 0; n < 10_000; n++) {
            assertThat(hash.bucket(randomValue(random))).isBetween(0, RolloutHash.BUCKETS - 1);
        }
    }

    @Test
    void bucketAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        RolloutHash hash = RolloutHash.forSalt("new-checkout");
        String[] values = new String[1024];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 2 == 0 ? "user-" + i : "usér-🚀-" + i;
        }
        // Warm up well past JIT compilation: the first run of freshly compiled code allocates a few hundred
        // bytes once, and so does the first call of the measurement itself.
        long sink = bucketAll(hash, values, 1_000_000);
        threads.getThreadAllocatedBytes(thread);

        long before = threads.getThreadAllocatedBytes(thread);
        sink += bucketAll(hash, values, 1_000_000);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 1,000,000 calls").isLessThan(1_000);
    }

    private static long bucketAll(RolloutHash hash, String[] values, int calls) {
        long sum = 0;
        for (int n = 0; n < calls; n++) {
            sum += hash.bucket(values[n & (values.length - 1)]);
        }
        return sum;
    }
}
