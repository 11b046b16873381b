package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.server.ConsoleSecurityIT.Browser;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * OpenID Connect sign-in to the console against a provider over real HTTP ({@link OidcProviderStandIn}): the
 * server reads its discovery document at start, sends the browser there, takes the code back, checks the signed ID
 * token against the provider's keys, and maps the person to a console role by group or by name.
 */
class ConsoleOidcIT {

    @TempDir
    static Path dataDir;
    static OidcProviderStandIn provider;
    static TestServer server;

    @BeforeAll
    static void start() {
        provider = OidcProviderStandIn.start();
        String registration = "--spring.security.oauth2.client.registration.corp.";
        server = TestServer.start(dataDir,
                registration + "client-id=" + OidcProviderStandIn.CLIENT_ID,
                registration + "client-secret=" + OidcProviderStandIn.CLIENT_SECRET,
                registration + "client-name=Corp SSO",
                registration + "scope=openid,profile",
                "--spring.security.oauth2.client.provider.corp.issuer-uri=" + provider.issuer(),
                "--spring.security.oauth2.client.provider.corp.user-name-attribute=preferred_username",
                "--flags.server.console.oidc.roles.editor=flags-editors,sre",
                "--flags.server.console.oidc.roles.viewer=engineering",
                "--flags.server.console.oidc.users[ada@example.com]=admin");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void theSignInPageSendsThePersonToTheProviderWithAFreshStateAndNonce() throws Exception {
        Browser browser = new Browser(server);
        String page = browser.send("GET", "/console/login", null).body();
        assertThat(page).contains("<a class=\"button\" href=\"/oauth2/authorization/corp\">Sign in with Corp SSO</a>")
                .as("no configured users: no password form").doesNotContain("type=\"password\"");

        HttpResponse<String> redirect = browser.send("GET", "/oauth2/authorization/corp", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI provider = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(provider.toString()).startsWith(ConsoleOidcIT.provider.issuer() + "/authorize?");
        Map<String, String> query = query(provider);
        assertThat(query).containsEntry("response_type", "code")
                .containsEntry("client_id", OidcProviderStandIn.CLIENT_ID)
                .containsEntry("redirect_uri", server.uri("/login/oauth2/code/corp").toString())
                .containsKeys("state", "nonce");
        assertThat(query.get("scope").split(" ")).contains("openid");
    }

    @Test
    void aPersonInAnEditorsGroupSignsInAndWritesUnderTheirOwnName() throws Exception {
        Browser dana = signIn(Map.of("sub", "u-17", "preferred_username", "dana",
                "groups", List.of("engineering", "sre")));
        JsonNode me = TestServer.JSON.readTree(dana.send("GET", "/console/me", null).body());
        assertThat(me.get("name").stringValue()).isEqualTo("dana");
        assertThat(me.get("role").stringValue()).isEqualTo("editor");

        server.create("production", "sso-flag", "{\"enabled\": true}");
        HttpResponse<String> killed = dana.send("POST", "/v1/envs/production/flags/sso-flag/kill",
                "{\"comment\": \"through SSO\"}", me.at("/csrf/header").stringValue(),
                me.at("/csrf/token").stringValue());
        assertThat(killed.statusCode()).isEqualTo(200);
        JsonNode last = server.get("/v1/envs/production/revisions?flag=sso-flag&limit=1").json().get(0);
        assertThat(last.get("actor").stringValue()).isEqualTo("dana");
        assertThat(dana.send("GET", "/v1/tokens", null).statusCode()).as("an editor is no admin").isEqualTo(403);
    }

    @Test
    void aPersonNamedInTheConfigurationGetsThatRole() throws Exception {
        Browser ada = signIn(Map.of("sub", "u-1", "preferred_username", "ada@example.com", "groups", "engineering"));
        JsonNode me = TestServer.JSON.readTree(ada.send("GET", "/console/me", null).body());
        assertThat(me.get("role").stringValue()).isEqualTo("admin");
        assertThat(ada.send("GET", "/v1/tokens", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonGrantedNoRoleIsRefusedAndToldWhy() throws Exception {
        Browser browser = new Browser(server);
        provider.signsIn(Map.of("sub", "u-99", "preferred_username", "mallory", "groups", List.of("marketing")));
        HttpResponse<String> back = browser.follow(browser.send("GET", "/oauth2/authorization/corp", null));
        HttpResponse<String> refused = browser.follow(back);
        assertThat(refused.headers().firstValue("Location").orElse("")).endsWith("/console/login?no-role");
        assertThat(browser.follow(refused).body()).contains("no console role is granted to you");
        assertThat(browser.send("GET", "/console/me", null).statusCode()).isEqualTo(302);
        assertThat(browser.send("GET", "/v1/envs/production/flags", null).statusCode()).isEqualTo(401);
    }

    /** The whole round: the console sends the browser to the provider, which signs this person in and sends it back. */
    private static Browser signIn(Map<String, Object> claims) throws Exception {
        Browser browser = new Browser(server);
        provider.signsIn(claims);
        HttpResponse<String> toProvider = browser.send("GET", "/oauth2/authorization/corp", null);
        HttpResponse<String> backWithCode = browser.follow(toProvider);
        assertThat(backWithCode.headers().firstValue("Location").orElse(""))
                .startsWith(server.uri("/login/oauth2/code/corp").toString());
        HttpResponse<String> signedIn = browser.follow(backWithCode);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console/");
        return browser;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            fields.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }
}
