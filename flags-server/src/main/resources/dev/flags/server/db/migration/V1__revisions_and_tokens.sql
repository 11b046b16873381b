-- The same schema on PostgreSQL and H2: portable types only; times are epoch milliseconds.

-- One row per environment; `revision` is the counter row, incremented first in every write transaction.
CREATE TABLE environment (
    name     VARCHAR(100) PRIMARY KEY,
    revision BIGINT       NOT NULL
);

-- Every revision keeps the whole canonical document, so history, diff and rollback are reads.
CREATE TABLE revision (
    environment    VARCHAR(100)  NOT NULL REFERENCES environment (name),
    revision       BIGINT        NOT NULL,
    created_at     BIGINT        NOT NULL,
    actor          VARCHAR(200)  NOT NULL,
    action         VARCHAR(20)   NOT NULL,
    flag           VARCHAR(200),
    change_comment VARCHAR(2000),
    flag_before    TEXT,
    flag_after     TEXT,
    document       TEXT          NOT NULL,
    versions       TEXT          NOT NULL,
    PRIMARY KEY (environment, revision)
);

CREATE INDEX revision_flag ON revision (environment, flag, revision);

-- API tokens: the secret is never stored, only its SHA-256 (hex); `selector` finds the row.
CREATE TABLE api_token (
    selector     VARCHAR(40)   PRIMARY KEY,
    name         VARCHAR(200)  NOT NULL,
    token_role   VARCHAR(10)   NOT NULL,
    environments VARCHAR(2000),
    verifier     VARCHAR(64)   NOT NULL,
    created_at   BIGINT        NOT NULL,
    last_used    BIGINT,
    revoked_at   BIGINT
);
