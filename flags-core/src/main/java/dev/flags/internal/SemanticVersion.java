package dev.flags.internal;

import java.util.Objects;

/**
 * A version number ordered by <a href="https://semver.org/spec/v2.0.0.html">SemVer 2.0</a> precedence,
 * used by the version comparison operators of targeting rules.
 *
 * <p>{@link #parse(String)} accepts SemVer 2.0 ({@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}) and the
 * lenient spellings users send:
 * <ul>
 *   <li>an optional leading {@code v} or {@code V}: {@code v1.2.3} is {@code 1.2.3};
 *   <li>a missing minor or patch reads as 0: {@code 2} is {@code 2.0.0}, {@code 2.1} is {@code 2.1.0}.
 *       A pre-release or build suffix needs all three numbers, so that dates such as {@code 2026-01-01}
 *       are not read as versions;
 *   <li>leading zeros in major, minor and patch are accepted and read numerically: {@code 01.02.03} is
 *       {@code 1.2.3}. Each must fit in a {@code long}.
 * </ul>
 * Pre-release identifiers follow SemVer strictly: dot-separated, non-empty, {@code [0-9A-Za-z-]+}, and a
 * numeric identifier has no leading zero ({@code 1.0.0-rc.01} is not a version). Build metadata after
 * {@code +} must be non-empty {@code [0-9A-Za-z-.]+}; it is otherwise ignored, by comparison, equality
 * and {@link #toString()} alike. Surrounding whitespace is not trimmed: {@code " 1.2.3"} is not a
 * version.
 *
 * <p>Instances are immutable and thread-safe. {@link #equals(Object)} is consistent with
 * {@link #compareTo(SemanticVersion)}.
 */
final class SemanticVersion implements Comparable<SemanticVersion> {

    private final long major;
    private final long minor;
    private final long patch;
    /** The pre-release identifiers as written (without the {@code -}), or null for a release. */
    private final String preRelease;

    private SemanticVersion(long major, long minor, long patch, String preRelease) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
    }

    /**
     * Reads {@code text} as a version.
     *
     * <p>Called for every context attribute, so a text that is not a version is usually rejected on its
     * first character or two, and nothing is allocated until the text is known to be a version.
     *
     * @param text the text to read, may be null
     * @return the version, or null if {@code text} is null or not a version; never throws
     */
    static SemanticVersion parse(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        int pos = length > 0 && (text.charAt(0) == 'v' || text.charAt(0) == 'V') ? 1 : 0;
        int end = digitsEnd(text, pos);
        long major = number(text, pos, end);
        long minor = 0;
        long patch = 0;
        int parts = 1;
        pos = end;
        while (major >= 0 && parts < 3 && pos < length && text.charAt(pos) == '.') {
            end = digitsEnd(text, pos + 1);
            long value = number(text, pos + 1, end);
            if (value < 0) {
                return null;
            }
            if (parts == 1) {
                minor = value;
            } else {
                patch = value;
            }
            parts++;
            pos = end;
        }
        if (major < 0) {
            return null;
        }
        if (pos == length) {
            return new SemanticVersion(major, minor, patch, null);
        }
        return parts == 3 ? withSuffix(text, pos, major, minor, patch) : null;
    }

    /** Reads the {@code -PRERELEASE} and {@code +BUILD} parts that start at {@code pos}. */
    private static SemanticVersion withSuffix(String text, int pos, long major, long minor, long patch) {
        int preReleaseStart = -1;
        if (text.charAt(pos) == '-') {
            preReleaseStart = pos + 1;
            pos = preReleaseEnd(text, preReleaseStart);
            if (pos < 0) {
                return null;
            }
        }
        if (pos < text.length() && (text.charAt(pos) != '+' || !isBuild(text, pos + 1))) {
            return null;
        }
        String preRelease = preReleaseStart < 0 ? null : text.substring(preReleaseStart, pos);
        return new SemanticVersion(major, minor, patch, preRelease);
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The value of the digits in {@code [from, to)}, or -1 if there are none or they overflow a long. */
    private static long number(String text, int from, int to) {
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * Scans dot-separated pre-release identifiers from {@code from}; returns the index just past the last
     * one, or -1 if an identifier is empty or a numeric identifier has a leading zero.
     */
    private static int preReleaseEnd(String text, int from) {
        int i = from;
        while (true) {
            int start = i;
            boolean numeric = true;
            while (i < text.length() && isIdentifierChar(text.charAt(i))) {
                numeric &= isDigit(text.charAt(i));
                i++;
            }
            if (i == start || (numeric && i - start > 1 && text.charAt(start) == '0')) {
                return -1;
            }
            if (i == text.length() || text.charAt(i) != '.') {
                return i;
            }
            i++;
        }
    }

    private static boolean isBuild(String text, int from) {
        if (from == text.length()) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && !isIdentifierChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierChar(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
    }

    long major() {
        return major;
    }

    long minor() {
        return minor;
    }

    long patch() {
        return patch;
    }

    /** Whether this version has a pre-release part, such as {@code 1.0.0-rc.1}. */
    boolean isPreRelease() {
        return preRelease != null;
    }

    /** Orders by SemVer 2.0 precedence; build metadata plays no part. */
    @Override
    public int compareTo(SemanticVersion other) {
        int result = Long.compare(major, other.major);
        if (result == 0) {
            result = Long.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Long.compare(patch, other.patch);
        }
        if (result != 0 || Objects.equals(preRelease, other.preRelease)) {
            return result;
        }
        if (preRelease == null || other.preRelease == null) {
            return preRelease == null ? 1 : -1;
        }
        return comparePreReleases(preRelease, other.preRelease);
    }

    /** Compares identifier by identifier, in place, without splitting either string. */
    private static int comparePreReleases(String a, String b) {
        int i = 0;
        int j = 0;
        while (true) {
            int aEnd = identifierEnd(a, i);
            int bEnd = identifierEnd(b, j);
            int result = compareIdentifiers(a, i, aEnd, b, j, bEnd);
            if (result != 0) {
                return result;
            }
            boolean aDone = aEnd == a.length();
            boolean bDone = bEnd == b.length();
            if (aDone || bDone) {
                return aDone == bDone ? 0 : (aDone ? -1 : 1);
            }
            i = aEnd + 1;
            j = bEnd + 1;
        }
    }

    private static int identifierEnd(String s, int from) {
        int dot = s.indexOf('.', from);
        return dot < 0 ? s.length() : dot;
    }

    private static int compareIdentifiers(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
        boolean aNumeric = isNumeric(a, aFrom, aTo);
        boolean bNumeric = isNumeric(b, bFrom, bTo);
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        int aLength = aTo - aFrom;
        int bLength = bTo - bFrom;
        // Numeric identifiers have no leading zeros, so the longer one is the larger number, and equally long
        // ones compare digit by digit; this also works for numbers too large for a long.
        if (aNumeric && aLength != bLength) {
            return Integer.compare(aLength, bLength);
        }
        for (int k = 0; k < Math.min(aLength, bLength); k++) {
            int result = Character.compare(a.charAt(aFrom + k), b.charAt(bFrom + k));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(aLength, bLength);
    }

    private static boolean isNumeric(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemanticVersion other
                && major == other.major
                && minor == other.minor
                && patch == other.patch
                && Objects.equals(preRelease, other.preRelease);
    }

    @Override
    public int hashCode() {
        int hash = Long.hashCode(major);
        hash = 31 * hash + Long.hashCode(minor);
        hash = 31 * hash + Long.hashCode(patch);
        return 31 * hash + Objects.hashCode(preRelease);
    }

    /** The normalized form: three numbers without leading zeros, the pre-release if any, no build. */
    @Override
    public String toString() {
        String core = major + "." + minor + "." + patch;
        return preRelease == null ? core : core + "-" + preRelease;
    }
}
