package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.JsonNode;

/** Sign-in, roles, CSRF and headers of the console, seen over plain HTTP; the bearer-token API beside it. */
class ConsoleSecurityIT {

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);

    @TempDir
    Path dataDir;

    @Test
    void withoutUsersTheConsoleIsOffAndTheApiTakesTokensAsBefore() {
        try (TestServer server = TestServer.start(dataDir)) {
            for (String path : new String[] {"/console/", "/console/login", "/console/index.html", "/console/js/app.js"}) {
                assertThat(server.send("GET", path, null, null).status()).as(path).isEqualTo(403);
            }
            assertThat(server.get("/v1/envs/production/flags").status()).isEqualTo(200);
            assertThat(server.send("POST", "/v1/envs/production/flags/x/kill", null, null).status()).isEqualTo(401);
            TestServer.Response rejected = server.send("GET", "/v1/envs/production;x=1/document", null, TestServer.ADMIN);
            assertThat(rejected.status()).isEqualTo(400);
            assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void aSessionWritesOnlyWithItsCsrfTokenAndItsUserIsTheActor() throws Exception {
        try (TestServer server = TestServer.start(dataDir, users())) {
            server.create("production", "guarded", "{\"enabled\": true}");
            Browser erin = Browser.signIn(server, "erin", "erin-secret");
            String kill = "/v1/envs/production/flags/guarded/kill";

            assertThat(erin.send("POST", kill, "{\"comment\": \"no token\"}").statusCode()).isEqualTo(403);
            assertThat(erin.send("POST", kill, "{}", "Authorization", "Bearer forged").statusCode())
                    .as("a bearer header is checked as a token, the session ignored").isEqualTo(401);
            JsonNode me = TestServer.JSON.readTree(erin.send("GET", "/console/me", null).body());
            assertThat(me.get("role").stringValue()).isEqualTo("editor");
            HttpResponse<String> killed = erin.send("POST", kill, "{\"comment\": \"with token\"}",
                    me.at("/csrf/header").stringValue(), me.at("/csrf/token").stringValue());
            assertThat(killed.statusCode()).isEqualTo(200);
            JsonNode last = server.get("/v1/envs/production/revisions?flag=guarded&limit=1").json().get(0);
            assertThat(last.get("actor").stringValue()).isEqualTo("erin");
            assertThat(last.get("comment").stringValue()).isEqualTo("with token");
            assertThat(erin.send("GET", "/v1/tokens", null).statusCode()).as("an editor is no admin").isEqualTo(403);

            Browser vic = Browser.signIn(server, "vic", "vic-secret");
            JsonNode vicMe = TestServer.JSON.readTree(vic.send("GET", "/console/me", null).body());
            assertThat(vic.send("GET", "/v1/envs/production/flags/guarded", null).statusCode()).isEqualTo(200);
            assertThat(vic.send("POST", "/v1/envs/production/flags/guarded/restore", "{}",
                    vicMe.at("/csrf/header").stringValue(), vicMe.at("/csrf/token").stringValue()).statusCode())
                    .isEqualTo(403);
            assertThat(server.get("/v1/envs/production/flags/guarded").json().at("/definition/enabled").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void pagesNeedASignInAndCarryStrictHeaders() throws Exception {
        try (TestServer server = TestServer.start(dataDir, users())) {
            TestServer.Response console = server.send("GET", "/console/", null, null);
            assertThat(console.status()).isEqualTo(302);
            assertThat(console.header("Location")).endsWith("/console/login");
            assertThat(server.send("GET", "/console/me", null, null).status()).isEqualTo(302);
            TestServer.Response login = server.send("GET", "/console/login", null, null);
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(login.body()).doesNotContain("<script");
            assertThat(login.header("Set-Cookie")).contains("HttpOnly").contains("SameSite=Lax");
            Browser wrong = new Browser(server);
            assertThat(wrong.login("erin", "not-the-password").headers().firstValue("Location").orElse(""))
                    .endsWith("/console/login?error");
            assertThat(wrong.send("GET", "/console/me", null).statusCode()).isEqualTo(302);
        }
    }

    @Test
    void signedOutRequestsStartNoSessionSoTheSignInPagesCookieStays() {
        // A session started by a late request (the browser fetches /favicon.ico by itself) replaced the cookie the
        // sign-in page's CSRF token belonged to, and the sign-in was refused: only the sign-in page starts one.
        try (TestServer server = TestServer.start(dataDir, users())) {
            for (String path : new String[] {"/console/", "/console/me", "/console/js/app.js", "/favicon.ico"}) {
                TestServer.Response answer = server.send("GET", path, null, null);
                assertThat(answer.status()).as(path).isEqualTo(302);
                assertThat(answer.header("Set-Cookie")).as(path).isNull();
            }
            assertThat(server.send("GET", "/console/login", null, null).body())
                    .as("the page names its icon, so the browser asks for none")
                    .contains("<link rel=\"icon\" href=\"data:,\">");
        }
    }

    @Test
    void failedSignInsLockTheNameUntilTheLockoutHasPassedAndThePageSaysSo() throws Exception {
        MutableClock clock = new MutableClock();
        try (TestServer server = TestServer.start(dataDir, clock, users())) {
            Browser guesser = new Browser(server);
            for (int i = 1; i < 5; i++) {
                assertThat(location(guesser.login("erin", "guess-" + i))).endsWith("/console/login?error");
            }
            assertThat(location(guesser.login("erin", "guess-5"))).endsWith("/console/login?locked");
            Browser erin = new Browser(server);
            assertThat(location(erin.login("erin", "erin-secret"))).as("the right password, not even checked")
                    .endsWith("/console/login?locked");
            assertThat(erin.send("GET", "/console/me", null).statusCode()).isEqualTo(302);
            assertThat(erin.send("GET", "/console/login?locked", null).body())
                    .contains("Too many failed sign-ins for this name or from this address: try again in 15 minutes.");
            Browser.signIn(server, "vic", "vic-secret");

            clock.advance(Duration.ofMinutes(15));
            Browser.signIn(server, "erin", "erin-secret");
        }
    }

    @Test
    void aBadUserConfigurationStopsTheStartAndNamesTheUserNotTheHash() {
        assertThatThrownBy(() -> TestServer.start(dataDir, "--flags.server.console.users.eve.password-hash=plain-text",
                "--flags.server.console.users.eve.role=editor").close())
                .hasStackTraceContaining("flags.server.console.users.eve.password-hash must be a BCrypt hash")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("plain-text"));
        assertThatThrownBy(() -> TestServer.start(dataDir, "--flags.server.console.users.eve.password-hash="
                + BCRYPT.encode("x"), "--flags.server.console.users.eve.role=root").close())
                .hasStackTraceContaining("flags.server.console.users.eve.role must be viewer, editor or admin");
    }

    static String[] users() {
        return new String[] {
            "--flags.server.console.users.erin.password-hash=" + BCRYPT.encode("erin-secret"),
            "--flags.server.console.users.erin.role=editor",
            "--flags.server.console.users.vic.password-hash=" + BCRYPT.encode("vic-secret"),
            "--flags.server.console.users.vic.role=viewer"};
    }

    private static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** An HTTP client with a cookie jar, signed in through the form as a browser would be. */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        private final TestServer server;
        private final HttpClient http;

        Browser(TestServer server) {
            this.server = server;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }

        static Browser signIn(TestServer server, String name, String password) throws Exception {
            Browser browser = new Browser(server);
            HttpResponse<String> answer = browser.login(name, password);
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/console/");
            return browser;
        }

        HttpResponse<String> login(String name, String password) throws Exception {
            Matcher csrf = CSRF.matcher(send("GET", "/console/login", null).body());
            assertThat(csrf.find()).isTrue();
            String form = "username=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + csrf.group(1).replace("&#x2d;", "-");
            return http.send(HttpRequest.newBuilder(server.uri("/console/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> send(String method, String path, String body, String... headers)
                throws IOException, InterruptedException {
            return send(method, server.uri(path), body, headers);
        }

        /** Follows a {@code Location}: another server's too (an OpenID Connect provider's), with the same cookies. */
        HttpResponse<String> follow(HttpResponse<String> redirect) throws IOException, InterruptedException {
            return send("GET", redirect.uri().resolve(redirect.headers().firstValue("Location").orElseThrow()), null);
        }

        HttpResponse<String> send(String method, URI uri, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
