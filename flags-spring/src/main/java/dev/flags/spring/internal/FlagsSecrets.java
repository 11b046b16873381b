package dev.flags.spring.internal;

import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks {@code flags.remote.token} and every {@code flags.remote.headers.*} value in the {@code env} and
 * {@code configprops} endpoints, even with {@code show-values=always}: the actuator applies sanitizing functions to
 * the values it shows. Recognises the property in each form it may be written in: {@code flags.remote.token},
 * {@code flags.remote.headers[X-Api-Key]}, {@code FLAGS_REMOTE_TOKEN}, {@code FLAGS_REMOTE_HEADERS_XAPIKEY}.
 */
public final class FlagsSecrets implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        return data.getValue() != null && isSecret(data.getKey()) ? data.withSanitizedValue() : data;
    }

    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String name = key.toLowerCase(Locale.ROOT).replace('_', '.').replace('[', '.').replace("]", "")
                .replace("-", "");
        return name.equals("flags.remote.token") || name.equals("flags.remote.headers")
                || name.startsWith("flags.remote.headers.");
    }
}
