-- flags-jdbc schema for H2 2.x, for development and tests. Applying it again changes nothing.
-- For another table name, replace feature_flags and segment_members throughout (constraint names too) and
-- give the name to JdbcFlagStore.builder(dataSource).table("...").

-- One row per flag. definition is the JSON object that would stand under flags.<flag_key> in a flag document.
-- revision changes with every change of the definition: clients refresh by asking whether the row is still
-- at the revision they hold, and move the definition only when it is not. A new row starts at the time of
-- its insert in microseconds since 1970, so a flag deleted and created again never comes back at a revision
-- a client still holds. The primary key is the index every read uses.
--
-- H2 has no SQL triggers (only Java ones), so unlike on PostgreSQL nothing raises the revision for you:
-- every UPDATE of a definition must say "revision = revision + 1" (JdbcFlagWriter does).
CREATE TABLE IF NOT EXISTS feature_flags (
    flag_key   VARCHAR(200)             NOT NULL,
    definition CHARACTER VARYING        NOT NULL,
    revision   BIGINT                   NOT NULL DEFAULT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    CONSTRAINT feature_flags_pk PRIMARY KEY (flag_key),
    CONSTRAINT feature_flags_definition_is_object CHECK (definition IS JSON OBJECT)
);

-- Members of segments too large for a flag document, one row per segment and member key, for
-- JdbcSegmentMembership: every question is one lookup of the primary key.
CREATE TABLE IF NOT EXISTS segment_members (
    segment    VARCHAR(200) NOT NULL,
    member_key VARCHAR(200) NOT NULL,
    CONSTRAINT segment_members_pk PRIMARY KEY (segment, member_key)
);
