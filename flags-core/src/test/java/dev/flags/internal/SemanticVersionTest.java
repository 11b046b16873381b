package dev.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    private static SemanticVersion v(String text) {
        SemanticVersion version = SemanticVersion.parse(text);
        assertThat(version).as("parse(%s)", text).isNotNull();
        return version;
    }

    @Test
    void readsMajorMinorAndPatch() {
        SemanticVersion version = v("1.22.333");

        assertThat(version.major()).isEqualTo(1);
        assertThat(version.minor()).isEqualTo(22);
        assertThat(version.patch()).isEqualTo(333);
        assertThat(version.isPreRelease()).isFalse();
    }

    @Test
    void followsTheSemVerSpecPrecedenceExample() {
        List<String> ordered = List.of(
                "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0");

        for (int i = 0; i < ordered.size() - 1; i++) {
            assertThat(v(ordered.get(i))).as("%s < %s", ordered.get(i), ordered.get(i + 1))
                    .isLessThan(v(ordered.get(i + 1)));
            assertThat(v(ordered.get(i + 1))).isGreaterThan(v(ordered.get(i)));
        }
    }

    @Test
    void sortingShuffledVersionsRestoresTheSpecOrder() {
        List<String> ordered = List.of(
                "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0");
        List<SemanticVersion> versions = new ArrayList<>();
        ordered.forEach(text -> versions.add(v(text)));
        Collections.shuffle(versions, new Random(42));

        Collections.sort(versions);

        assertThat(versions).extracting(SemanticVersion::toString).containsExactlyElementsOf(ordered);
    }

    @Test
    void comparesMajorMinorAndPatchNumericallyNotLexically() {
        assertThat(v("1.10.0")).isGreaterThan(v("1.9.0"));
        assertThat(v("10.0.0")).isGreaterThan(v("9.0.0"));
        assertThat(v("1.0.10")).isGreaterThan(v("1.0.9"));
    }

    @Test
    void comparesMajorBeforeMinorBeforePatch() {
        assertThat(v("2.0.0")).isGreaterThan(v("1.99.99"));
        assertThat(v("1.2.0")).isGreaterThan(v("1.1.99"));
    }

    @Test
    void sortsAPreReleaseBeforeItsRelease() {
        assertThat(v("1.0.0-rc.1")).isLessThan(v("1.0.0"));
        assertThat(v("1.0.0-rc.1")).isGreaterThan(v("0.9.9"));
    }

    @Test
    void sortsNumericPreReleaseIdentifiersBeforeAlphanumericOnes() {
        assertThat(v("1.0.0-999")).isLessThan(v("1.0.0-a"));
        assertThat(v("1.0.0-1")).isLessThan(v("1.0.0--"));
    }

    @Test
    void comparesAlphanumericPreReleaseIdentifiersInAsciiOrder() {
        assertThat(v("1.0.0-Beta")).isLessThan(v("1.0.0-alpha"));
        assertThat(v("1.0.0-a-1")).isLessThan(v("1.0.0-a1"));
        assertThat(v("1.0.0-1a")).isLessThan(v("1.0.0-a"));
    }

    @Test
    void comparesNumericPreReleaseIdentifiersBeyondLongRange() {
        assertThat(v("1.0.0-99999999999999999999")).isLessThan(v("1.0.0-100000000000000000000"));
        assertThat(v("1.0.0-100000000000000000001")).isGreaterThan(v("1.0.0-100000000000000000000"));
    }

    @Test
    void sortsAShorterPreReleaseFirstWhenItIsAPrefix() {
        assertThat(v("1.0.0-alpha")).isLessThan(v("1.0.0-alpha.0"));
        assertThat(v("1.0.0-alpha.beta")).isLessThan(v("1.0.0-alpha.beta.gamma"));
    }

    @ParameterizedTest
    @CsvSource({
            "v1.2.3, 1.2.3",
            "V1.2.3, 1.2.3",
            "2, 2.0.0",
            "v2, 2.0.0",
            "2.1, 2.1.0",
            "V2.1, 2.1.0",
            "0, 0.0.0",
    })
    void readsLenientSpellingsAsTheFullVersion(String lenient, String full) {
        assertThat(v(lenient)).isEqualTo(v(full)).hasSameHashCodeAs(v(full));
        assertThat(v(lenient)).hasToString(full);
    }

    @Test
    void readsLeadingZerosNumerically() {
        assertThat(v("01.002.0003")).isEqualTo(v("1.2.3")).hasToString("1.2.3");
        assertThat(v("00.0.0")).isEqualTo(v("0.0.0"));
    }

    @Test
    void ignoresBuildMetadataForEquality() {
        assertThat(v("1.0.0+build.1")).isEqualTo(v("1.0.0+build.2"))
                .isEqualTo(v("1.0.0"))
                .hasSameHashCodeAs(v("1.0.0"));
        assertThat(v("1.0.0-rc.1+exp.sha.5114f85")).isEqualTo(v("1.0.0-rc.1"));
    }

    @Test
    void ignoresBuildMetadataForOrdering() {
        assertThat(v("1.0.0+zzz")).isEqualByComparingTo(v("1.0.0+aaa"));
        assertThat(v("1.0.0-alpha+999")).isLessThan(v("1.0.0-beta+1"));
    }

    @Test
    void isEqualOnlyToTheSamePreRelease() {
        assertThat(v("1.0.0-rc.1")).isNotEqualTo(v("1.0.0-rc.2"))
                .isNotEqualTo(v("1.0.0"))
                .isEqualTo(v("1.0.0-rc.1"));
    }

    @Test
    void normalizesToStringWithoutBuildMetadata() {
        assertThat(v("v1.2.3-rc.1+build.7")).hasToString("1.2.3-rc.1");
        assertThat(v("1.2.3+build")).hasToString("1.2.3");
        assertThat(v("1.2.3-0.3.7")).hasToString("1.2.3-0.3.7");
    }

    @Test
    void readsNumbersUpToLongMaxValue() {
        SemanticVersion version = v("9223372036854775807.9223372036854775807.9223372036854775807");

        assertThat(version.major()).isEqualTo(Long.MAX_VALUE);
        assertThat(version.patch()).isEqualTo(Long.MAX_VALUE);
        assertThat(version).isGreaterThan(v("9223372036854775806.0.0"));
        assertThat(version).hasToString("9223372036854775807.9223372036854775807.9223372036854775807");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "9223372036854775808",
            "1.9223372036854775808",
            "1.2.99999999999999999999",
    })
    void rejectsNumbersBeyondLongRange(String text) {
        assertThat(SemanticVersion.parse(text)).isNull();
    }

    @Test
    void acceptsHyphensAndDotsWhereSemVerAllowsThem() {
        assertThat(SemanticVersion.parse("1.0.0-x-y-z.--")).isNotNull();
        assertThat(SemanticVersion.parse("1.0.0-0A.is.legal")).isNotNull();
        assertThat(SemanticVersion.parse("1.0.0+21AF26D3---117B344092BD")).isNotNull();
        assertThat(SemanticVersion.parse("1.0.0-alpha+001")).isNotNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "v", "V", "vv1", "1.", "1.2.", ".1", "1..2", "1.2.3.4", "1.2.3-", "1.2.3+", "1.2.3-+b",
            "1.2.3-a.", "1.2.3-.a", "1.2.3-a..b", "1.2.3-rc.01", "1.2.3-a_b", "1.2.3+a_b", "1.2.3+b+c",
            "-1.2.3", "+1", "1.-2.3", "abc", "x1.2.3", "1.2.3x", " 1.2.3", "1.2.3 ", "1 .2.3", "1.2.3\n",
            "１.2.3", "2-beta", "2.1-rc.1", "2.1+build",
    })
    void rejectsTextThatIsNotAVersion(String text) {
        assertThat(SemanticVersion.parse(text)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NL", "user-42", "2026-01-01T00:00:00Z", "2026-01-01", "true", "value", "4.5%"})
    void rejectsOrdinaryAttributeValues(String text) {
        assertThat(SemanticVersion.parse(text)).isNull();
    }
}
