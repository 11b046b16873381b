package dev.flags.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;

class FlagsSecretsTest {

    private final FlagsSecrets secrets = new FlagsSecrets();

    @Test
    void masksTheTokenAndHeadersInEveryFormTheyMayBeWrittenIn() {
        for (String key : new String[] {"flags.remote.token", "FLAGS_REMOTE_TOKEN", "flags.remote.headers.X-Api-Key",
                "flags.remote.headers[X-Api-Key]", "FLAGS_REMOTE_HEADERS_XAPIKEY", "flags.remote.headers"}) {
            assertThat(secrets.apply(new SanitizableData(null, key, "s3cret")).getValue()).as(key)
                    .isEqualTo(SanitizableData.SANITIZED_VALUE);
        }
    }

    @Test
    void leavesOtherPropertiesAlone() {
        for (String key : new String[] {"flags.remote.url", "flags.remote.poll-interval", "flags.location",
                "flags.remote.tokens-per-second", "other.flags.remote.token"}) {
            assertThat(secrets.apply(new SanitizableData(null, key, "shown")).getValue()).as(key).isEqualTo("shown");
        }
    }
}
