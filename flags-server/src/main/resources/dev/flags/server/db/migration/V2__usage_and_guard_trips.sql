-- Usage reported by the fleet (POST /v1/envs/{env}/usage), in the same portable style as V1: times are epoch
-- milliseconds; rows older than flags.server.usage-retention (90 days) are pruned.

-- Counts summed over every instance per UTC day. `since_revision` is the revision from which the reporting
-- clients counted the flag's definition (0 when they did not know it), so the fleet guard sums only the counts of
-- the current definition; `event` is '' for evaluations, else the name of the flag's guard's event.
CREATE TABLE usage_count (
    environment    VARCHAR(100) NOT NULL REFERENCES environment (name),
    flag           VARCHAR(200) NOT NULL,
    since_revision BIGINT       NOT NULL,
    variant        VARCHAR(200) NOT NULL,
    event          VARCHAR(200) NOT NULL,
    day_start      BIGINT       NOT NULL,
    total          BIGINT       NOT NULL,
    PRIMARY KEY (environment, flag, since_revision, variant, event, day_start)
);

CREATE INDEX usage_count_day ON usage_count (day_start);

-- The last time each flag was reported evaluated: kept beyond the retention, one row per flag.
CREATE TABLE flag_evaluated (
    environment    VARCHAR(100) NOT NULL REFERENCES environment (name),
    flag           VARCHAR(200) NOT NULL,
    last_evaluated BIGINT       NOT NULL,
    PRIMARY KEY (environment, flag)
);

-- Guards tripped inside one instance: shown, never a fleet-wide kill by themselves. One row per instance and
-- definition (a repeated report changes nothing).
CREATE TABLE guard_trip (
    environment    VARCHAR(100)  NOT NULL REFERENCES environment (name),
    flag           VARCHAR(200)  NOT NULL,
    since_revision BIGINT        NOT NULL,
    instance       VARCHAR(200)  NOT NULL,
    app            VARCHAR(200),
    summary        VARCHAR(2000) NOT NULL,
    tripped_at     BIGINT        NOT NULL,
    received_at    BIGINT        NOT NULL,
    PRIMARY KEY (environment, flag, since_revision, instance)
);

CREATE INDEX guard_trip_received ON guard_trip (received_at);
