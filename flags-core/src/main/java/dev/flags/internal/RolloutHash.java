package dev.flags.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Places a value in one of 100,000 rollout buckets, the same way in every SDK.
 *
 * <p>The recipe is part of the library's contract; other SDKs reproduce it exactly:
 * <ol>
 *   <li>take the UTF-8 bytes of {@code salt + "." + value} (a lone surrogate encodes as {@code ?},
 *       0x3F, as Java's {@code String.getBytes(UTF_8)} does);
 *   <li>hash them with MurmurHash3 x86 32-bit, seed 0;
 *   <li>read the hash {@code h} as an unsigned 32-bit number and map it to {@code [0, 100000)} by
 *       {@code (h * 100000) >>> 32}, computed in 64 bits.
 * </ol>
 * For example, salt {@code new-checkout} and value {@code user-1} give bucket 5599.
 *
 * <p>{@link #forSalt(String)} hashes the salt and the dot once; {@link #bucket(byte[])} then continues
 * from that state over the value's UTF-8 bytes (a context keeps its targeting key's), four at a time, and
 * {@link #bucket(CharSequence)} encodes the value on the fly; neither allocates. Instances are immutable and
 * thread-safe.
 */
final class RolloutHash {

    /** The number of buckets. */
    static final int BUCKETS = 100_000;

    /** Hashes values with no prefix at all; lets tests check the plain MurmurHash3 implementation. */
    static final RolloutHash NO_PREFIX = new RolloutHash("", 0, 0, 0, 0);

    private static final VarHandle INT_LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private final String salt;
    /** MurmurHash3 state after the complete 4-byte blocks of {@code salt + "."}. */
    private final int h1;
    /** The bytes after the last complete block, little-endian, the first in the lowest byte. */
    private final int pending;
    private final int pendingCount;
    private final int length;

    private RolloutHash(String salt, int h1, int pending, int pendingCount, int length) {
        this.salt = salt;
        this.h1 = h1;
        this.pending = pending;
        this.pendingCount = pendingCount;
        this.length = length;
    }

    /**
     * Prepares bucketing for one salt, usually the flag key.
     *
     * @param salt the salt, not null
     * @throws NullPointerException if {@code salt} is null
     */
    static RolloutHash forSalt(String salt) {
        Objects.requireNonNull(salt, "salt");
        byte[] bytes = (salt + ".").getBytes(StandardCharsets.UTF_8);
        int blocksEnd = bytes.length & ~3;
        int h = 0;
        for (int i = 0; i < blocksEnd; i += 4) {
            int block = (bytes[i] & 0xff)
                    | (bytes[i + 1] & 0xff) << 8
                    | (bytes[i + 2] & 0xff) << 16
                    | (bytes[i + 3] & 0xff) << 24;
            h = mixBlock(h, block);
        }
        int tail = 0;
        for (int i = blocksEnd; i < bytes.length; i++) {
            tail |= (bytes[i] & 0xff) << ((i - blocksEnd) << 3);
        }
        return new RolloutHash(salt, h, tail, bytes.length - blocksEnd, bytes.length);
    }

    /**
     * The bucket of {@code salt + "." + value}; convenient, but allocates. Evaluation uses a
     * {@link #forSalt(String) prepared} instance instead.
     */
    static int bucket(String salt, String value) {
        return forSalt(salt).bucket(value);
    }

    /**
     * The bucket of {@code value} under this salt, in {@code [0, 100000)}. Allocates nothing.
     *
     * @param value the value, such as a user id; not null
     * @throws NullPointerException if {@code value} is null
     */
    int bucket(CharSequence value) {
        return (int) (((murmur3(value) & 0xFFFF_FFFFL) * BUCKETS) >>> 32);
    }

    /**
     * The bucket of the value whose UTF-8 bytes these are, in {@code [0, 100000)}: the same as
     * {@link #bucket(CharSequence)} of the text they encode. Allocates nothing.
     */
    int bucket(byte[] utf8) {
        return (int) (((murmur3(utf8) & 0xFFFF_FFFFL) * BUCKETS) >>> 32);
    }

    /** MurmurHash3 x86 32 (seed 0) of the prefix's bytes followed by {@code value}. */
    int murmur3(byte[] value) {
        int h = h1;
        int n = value.length;
        int i = 0;
        int tail = 0;
        if (pendingCount != 0) {
            tail = pending;
            if (n < 4 - pendingCount) {
                // Too short to complete the prefix's partial block: all of it joins the tail.
                for (; i < n; i++) {
                    tail |= (value[i] & 0xff) << ((pendingCount + i) << 3);
                }
                return fmix((h ^ mixK1(tail)) ^ (length + n));
            }
            if (n >= 4) {
                // The value's first bytes complete the block; the shift drops those that belong to the next.
                h = mixBlock(h, tail | (int) INT_LITTLE_ENDIAN.get(value, 0) << (pendingCount << 3));
                i = 4 - pendingCount;
            } else {
                for (; i < 4 - pendingCount; i++) {
                    tail |= (value[i] & 0xff) << ((pendingCount + i) << 3);
                }
                h = mixBlock(h, tail);
            }
            tail = 0;
        }
        for (; i + 4 <= n; i += 4) {
            h = mixBlock(h, (int) INT_LITTLE_ENDIAN.get(value, i));
        }
        switch (n - i) {
            case 3:
                tail |= (value[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                tail |= (value[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= mixK1(tail | value[i] & 0xff);
                break;
            default:
                // No bytes after the last block.
        }
        return fmix(h ^ (length + n));
    }

    /** MurmurHash3 x86 32 (seed 0) of the UTF-8 bytes of the prefix followed by {@code value}. */
    int murmur3(CharSequence value) {
        int h = h1;
        int tail = pending;
        int tailCount = pendingCount;
        int total = length;
        int chars = value.length();
        for (int i = 0; i < chars; i++) {
            char c = value.charAt(i);
            // The UTF-8 bytes of the char (or surrogate pair), first byte lowest, and how many there are.
            int utf8;
            int count;
            if (c < 0x80) {
                utf8 = c;
                count = 1;
            } else if (c < 0x800) {
                utf8 = (0xC0 | c >>> 6) | (0x80 | c & 0x3F) << 8;
                count = 2;
            } else if (!Character.isSurrogate(c)) {
                utf8 = (0xE0 | c >>> 12) | (0x80 | c >>> 6 & 0x3F) << 8 | (0x80 | c & 0x3F) << 16;
                count = 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                utf8 = (0xF0 | cp >>> 18)
                        | (0x80 | cp >>> 12 & 0x3F) << 8
                        | (0x80 | cp >>> 6 & 0x3F) << 16
                        | (0x80 | cp & 0x3F) << 24;
                count = 4;
            } else {
                utf8 = '?';
                count = 1;
            }
            total += count;
            tail |= utf8 << (tailCount << 3);
            tailCount += count;
            if (tailCount >= 4) {
                h = mixBlock(h, tail);
                tailCount -= 4;
                // The bytes of this char that did not fit in the block; when none are left the shift would be
                // by 32, which Java reads as 0, hence the test.
                tail = tailCount == 0 ? 0 : utf8 >>> ((count - tailCount) << 3);
            }
        }
        if (tailCount > 0) {
            h ^= mixK1(tail);
        }
        return fmix(h ^ total);
    }

    private static int mixK1(int k1) {
        return Integer.rotateLeft(k1 * C1, 15) * C2;
    }

    private static int mixBlock(int h, int block) {
        return Integer.rotateLeft(h ^ mixK1(block), 13) * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ h >>> 16;
    }

    @Override
    public String toString() {
        return "RolloutHash[salt=" + salt + "]";
    }
}
