package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tokens and roles: 401 without or with an unknown token, 403 beyond the role or environments. */
class TokensIT {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
    }

    private static String token(String name, String role, String environments) {
        String body = "{\"name\": \"" + name + "\", \"role\": \"" + role + "\""
                + (environments == null ? "" : ", \"environments\": " + environments) + "}";
        TestServer.Response created = server.post("/v1/tokens", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("name").stringValue()).isEqualTo(name);
        assertThat(created.json().get("role").stringValue()).isEqualTo(role);
        return created.json().get("token").stringValue();
    }

    @Test
    void noOrUnknownTokenIs401AndARoleOrEnvironmentBeyondTheTokenIs403() {
        assertThat(server.send("GET", "/v1/envs/production/document", null, null).status()).isEqualTo(401);
        TestServer.Response unknown = server.send("GET", "/v1/envs/production/document", null, "nope");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer");

        String reader = token("reader", "read", "[\"staging\"]");
        assertThat(server.send("GET", "/v1/envs/staging/document", null, reader).status()).isEqualTo(200);
        assertThat(server.send("GET", "/v1/envs/production/document", null, reader).status()).isEqualTo(403);
        // roles and environments are checked on the path as the router decodes it
        assertThat(server.send("GET", "/v1/envs/prod%75ction/document", null, reader).status()).isEqualTo(403);
        assertThat(server.send("GET", "/v1/envs/staging/../production/document", null, reader).status())
                .isEqualTo(400);
        assertThat(server.send("GET", "/v1/envs/production;x=1/document", null, reader).status()).isEqualTo(400);
        assertThat(server.send("POST", "/v1/envs/staging/flags/x/kill", null, reader).status()).isEqualTo(403);
        assertThat(server.send("GET", "/v1/tokens", null, reader).status()).isEqualTo(403);

        String writer = token("writer", "write", null);
        server.create("production", "by-writer", "{}");
        assertThat(server.send("POST", "/v1/envs/production/flags/by-writer/kill", null, writer).status())
                .isEqualTo(200);
        assertThat(server.get("/v1/envs/production/revisions?flag=by-writer&limit=1").json().get(0).get("actor")
                .stringValue()).isEqualTo("writer");
        assertThat(server.send("POST", "/v1/tokens", "{\"name\": \"x\", \"role\": \"read\"}", writer).status())
                .isEqualTo(403);
        assertThat(server.send("POST", "/v1/%74okens", "{\"name\": \"x\", \"role\": \"admin\"}", writer).status())
                .isEqualTo(403);

        String stagingAdmin = token("staging-admin", "admin", "[\"staging\"]");
        assertThat(server.send("POST", "/v1/tokens", "{\"name\": \"all\", \"role\": \"read\"}", stagingAdmin)
                .status()).isEqualTo(403);
        assertThat(server.send("POST", "/v1/envs/production/promote?from=staging", null, stagingAdmin).status())
                .isEqualTo(403);
    }

    @Test
    void tokensAreListedWithoutSecretsWithLastUseAndRevokedAtOnce() {
        TestServer.Response created = server.post("/v1/tokens", "{\"name\": \"ci\", \"role\": \"read\"}");
        String id = created.json().get("id").stringValue();
        String secret = created.json().get("token").stringValue();
        assertThat(server.send("GET", "/v1/envs/staging/flags", null, secret).status()).isEqualTo(200);

        TestServer.Response list = server.get("/v1/tokens");
        assertThat(list.body()).doesNotContain(secret).doesNotContain(TestServer.ADMIN);
        JsonNode entry = find(list.json(), id);
        assertThat(entry.get("lastUsed").isString()).isTrue();
        assertThat(entry.get("revoked").booleanValue()).isFalse();
        assertThat(entry.has("environments")).isTrue();

        assertThat(server.send("DELETE", "/v1/tokens/" + id, null, TestServer.ADMIN).status()).isEqualTo(204);
        assertThat(server.send("GET", "/v1/envs/staging/flags", null, secret).status()).isEqualTo(401);
        assertThat(find(server.get("/v1/tokens").json(), id).get("revoked").booleanValue()).isTrue();
        assertThat(server.send("DELETE", "/v1/tokens/nope", null, TestServer.ADMIN).status()).isEqualTo(404);
    }

    @Test
    void badTokenRequestsAre422() {
        assertThat(server.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"owner\"}").status()).isEqualTo(422);
        assertThat(server.post("/v1/tokens", "{\"role\": \"read\"}").status()).isEqualTo(422);
        assertThat(server.post("/v1/tokens", "{\"name\": \"x\", \"role\": \"read\", \"environments\": [\"mars\"]}")
                .status()).isEqualTo(422);
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode entry : list) {
            if (entry.get("id").stringValue().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no token " + id + " in " + list);
    }
}
