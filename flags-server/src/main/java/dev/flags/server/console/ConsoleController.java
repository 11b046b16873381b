package dev.flags.server.console;

import dev.flags.FlagDocuments;
import dev.flags.server.FlagServerProperties;
import dev.flags.server.auth.ConsoleRole;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * The console's own routes: the sign-in page (rendered here because it carries the CSRF token, with no script),
 * who is signed in (with the CSRF token the console's calls send), the flag document's JSON Schema (the editor
 * checks against it as you type), and the page that loads the console.
 */
@Controller
class ConsoleController {

    private final FlagServerProperties properties;
    private final ConsoleProperties console;
    private final SignInThrottle throttle;
    private final ObjectProvider<ClientRegistrationRepository> registrations;

    ConsoleController(FlagServerProperties properties, ConsoleProperties console, SignInThrottle throttle,
            ObjectProvider<ClientRegistrationRepository> registrations) {
        this.properties = properties;
        this.console = console;
        this.throttle = throttle;
        this.registrations = registrations;
    }

    @GetMapping({"/console", "/console/"})
    String console() {
        return "forward:/console/index.html";
    }

    @GetMapping(path = "/console/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Map<String, Object> me(Authentication authentication, CsrfToken csrf) {
        ConsoleRole role = ConsoleRole.of(authentication);
        return Map.of("name", authentication.getName(), "role", role.label(), "environments", properties.environments(),
                "csrf", Map.of("header", csrf.getHeaderName(), "parameter", csrf.getParameterName(),
                        "token", csrf.getToken()));
    }

    @GetMapping(path = "/console/flags.schema.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    byte[] schema() throws IOException {
        try (InputStream schema = FlagDocuments.class.getResourceAsStream(FlagDocuments.SCHEMA_RESOURCE)) {
            return schema.readAllBytes();
        }
    }

    @GetMapping(path = "/console/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request, CsrfToken csrf) {
        StringBuilder page = new StringBuilder("""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Sign in · flags console</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="/console/console.css">
                </head>
                <body class="login">
                <main>
                <h1>flags console</h1>
                """);
        page.append(notice(request));
        if (!console.users().isEmpty()) {
            page.append("""
                    <form method="post" action="/console/login">
                    <label for="username">Name</label>
                    <input id="username" name="username" autocomplete="username" required autofocus>
                    <label for="password">Password</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required>
                    <input type="hidden" name="%s" value="%s">
                    <button type="submit">Sign in</button>
                    </form>
                    """.formatted(HtmlUtils.htmlEscape(csrf.getParameterName()),
                            HtmlUtils.htmlEscape(csrf.getToken())));
        }
        if (registrations.getIfAvailable() instanceof Iterable<?> providers) {
            page.append("<ul class=\"providers\">\n");
            for (Object provider : providers) {
                ClientRegistration registration = (ClientRegistration) provider;
                String id = UriUtils.encodePathSegment(registration.getRegistrationId(), "UTF-8");
                page.append("<li><a class=\"button\" href=\"/oauth2/authorization/")
                        .append(HtmlUtils.htmlEscape(id))
                        .append("\">Sign in with ").append(HtmlUtils.htmlEscape(registration.getClientName()))
                        .append("</a></li>\n");
            }
            page.append("</ul>\n");
        }
        return page.append("</main>\n</body>\n</html>\n").toString();
    }

    private String notice(HttpServletRequest request) {
        if (request.getParameter("error") != null) {
            return alert("Wrong name or password.");
        }
        if (request.getParameter("locked") != null) {
            long minutes = Math.max(1, throttle.lockout().toMinutes());
            return alert("Too many failed sign-ins for this name or from this address: try again in " + minutes
                    + (minutes == 1 ? " minute." : " minutes."));
        }
        if (request.getParameter("no-role") != null) {
            return alert("The provider signed you in, but no console role is granted to you: ask an admin to grant"
                    + " viewer, editor or admin.");
        }
        if (request.getParameter("provider-error") != null) {
            return alert("Sign-in through the provider failed: try again, or ask an admin to look at the server's"
                    + " log.");
        }
        return request.getParameter("out") != null ? "<p role=\"status\">Signed out.</p>\n" : "";
    }

    private static String alert(String text) {
        return "<p class=\"error\" role=\"alert\">" + HtmlUtils.htmlEscape(text) + "</p>\n";
    }
}
