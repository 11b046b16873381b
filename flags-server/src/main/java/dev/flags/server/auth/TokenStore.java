package dev.flags.server.auth;

import dev.flags.server.FlagServerProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * API tokens: created with a secret shown once, stored as a selector and the SHA-256 of the whole token, checked
 * in constant time against a copy in memory (so reads authenticate while the database is down), refreshed from the
 * database by {@link #refresh()} so that a revocation through another replica holds within a second.
 */
@Service
public class TokenStore {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);
    private static final String PREFIX = "fs.";

    /** A token just created, with its secret (shown this once). */
    public record Created(Token token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + "]";
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final byte[] bootstrapHash;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private volatile Map<String, Token> tokens = Map.of();

    public TokenStore(JdbcTemplate jdbc, Clock clock, FlagServerProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        String admin = properties.adminToken();
        this.bootstrapHash = admin == null || admin.isBlank() ? null : sha256(admin);
        if (bootstrapHash == null) {
            LOG.warn("No bootstrap admin token: set flags.server.admin-token (FLAGS_SERVER_ADMIN_TOKEN) to create"
                    + " tokens through /v1/tokens");
        } else {
            LOG.info("Bootstrap admin token: the value of flags.server.admin-token (FLAGS_SERVER_ADMIN_TOKEN)");
        }
        refresh();
    }

    /** The caller a bearer token stands for, or null when it is unknown or revoked. */
    public Caller authenticate(String presented) {
        byte[] hash = sha256(presented);
        if (bootstrapHash != null && MessageDigest.isEqual(hash, bootstrapHash)) {
            return new Caller("admin", Role.ADMIN, null);
        }
        Token token = tokens.get(selector(presented));
        if (token == null || token.revoked() != null
                || !MessageDigest.isEqual(hash, HexFormat.of().parseHex(token.verifier()))) {
            return null;
        }
        used.put(token.id(), clock.instant());
        return new Caller(token.name(), token.role(), token.environments());
    }

    /** Creates a token; its secret is in the answer only. */
    public Created create(String name, Role role, Set<String> environments) {
        byte[] selectorBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        random.nextBytes(selectorBytes);
        random.nextBytes(secretBytes);
        String id = HexFormat.of().formatHex(selectorBytes);
        String secret = PREFIX + id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        String verifier = HexFormat.of().formatHex(sha256(secret));
        Instant now = clock.instant();
        jdbc.update("INSERT INTO api_token (selector, name, token_role, environments, verifier, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, name, role.label(),
                environments == null ? null : String.join(",", environments), verifier, now.toEpochMilli());
        refresh();
        return new Created(tokens.get(id), secret);
    }

    /** Every token (revoked ones too), oldest first, with the last time each was used. */
    public List<Token> list() {
        flushLastUsed();
        return load().stream().map(this::withPendingUse).toList();
    }

    /** Revokes a token at once; false when there is none with that id. */
    public boolean revoke(String id) {
        int updated = jdbc.update("UPDATE api_token SET revoked_at = ? WHERE selector = ? AND revoked_at IS NULL",
                clock.millis(), id);
        refresh();
        return updated > 0 || tokens.containsKey(id);
    }

    /** Reloads the tokens from the database and writes the last-used times gathered since. */
    public void refresh() {
        flushLastUsed();
        tokens = load().stream().collect(Collectors.toUnmodifiableMap(Token::id, Function.identity()));
    }

    private void flushLastUsed() {
        for (Map.Entry<String, Instant> use : used.entrySet()) {
            long millis = use.getValue().toEpochMilli();
            jdbc.update("UPDATE api_token SET last_used = ? WHERE selector = ? AND (last_used IS NULL OR last_used < ?)",
                    millis, use.getKey(), millis);
            used.remove(use.getKey(), use.getValue());
        }
    }

    private Token withPendingUse(Token token) {
        Instant pending = used.get(token.id());
        return pending == null || token.lastUsed() != null && !pending.isAfter(token.lastUsed()) ? token
                : new Token(token.id(), token.name(), token.role(), token.environments(), token.verifier(),
                        token.created(), pending, token.revoked());
    }

    private List<Token> load() {
        return jdbc.query("SELECT selector, name, token_role, environments, verifier, created_at, last_used, revoked_at"
                + " FROM api_token ORDER BY created_at, selector", (row, i) -> {
                    String environments = row.getString("environments");
                    long lastUsed = row.getLong("last_used");
                    boolean neverUsed = row.wasNull();
                    long revoked = row.getLong("revoked_at");
                    boolean active = row.wasNull();
                    return new Token(row.getString("selector"), row.getString("name"),
                            Role.of(row.getString("token_role")),
                            environments == null ? null
                                    : new LinkedHashSet<>(Arrays.asList(environments.split(","))),
                            row.getString("verifier"), Instant.ofEpochMilli(row.getLong("created_at")),
                            neverUsed ? null : Instant.ofEpochMilli(lastUsed),
                            active ? null : Instant.ofEpochMilli(revoked));
                });
    }

    private static String selector(String presented) {
        if (!presented.startsWith(PREFIX)) {
            return "";
        }
        int dot = presented.indexOf('.', PREFIX.length());
        return dot < 0 ? "" : presented.substring(PREFIX.length(), dot);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
