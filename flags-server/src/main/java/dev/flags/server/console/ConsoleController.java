package dev.flags.server.console;

import dev.flags.server.FlagServerProperties;
import dev.flags.server.auth.ConsoleRole;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The console's own routes: the sign-in page (rendered here because it carries the CSRF token, with no script),
 * who is signed in (with the CSRF token the console's calls send), and the page that loads the console.
 */
@Controller
class ConsoleController {

    private final FlagServerProperties properties;

    ConsoleController(FlagServerProperties properties) {
        this.properties = properties;
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

    @GetMapping(path = "/console/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(HttpServletRequest request, CsrfToken csrf) {
        String notice = request.getParameter("error") != null ? "<p class=\"error\" role=\"alert\">Wrong name or password.</p>"
                : request.getParameter("out") != null ? "<p role=\"status\">Signed out.</p>" : "";
        return """
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
                %s
                <form method="post" action="/console/login">
                <label for="username">Name</label>
                <input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <input type="hidden" name="%s" value="%s">
                <button type="submit">Sign in</button>
                </form>
                </main>
                </body>
                </html>
                """.formatted(notice, HtmlUtils.htmlEscape(csrf.getParameterName()), HtmlUtils.htmlEscape(csrf.getToken()));
    }
}
