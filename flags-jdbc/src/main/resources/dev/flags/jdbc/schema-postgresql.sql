-- flags-jdbc schema for PostgreSQL 11 or later. Applying it again changes nothing.
-- For another table name, replace feature_flags and segment_members throughout (the function, trigger and
-- constraint names too) and give the name to JdbcFlagStore.builder(dataSource).table("...").

-- One row per flag. definition is the JSON object that would stand under flags.<flag_key> in a flag document.
-- revision changes with every change of the definition: clients refresh by asking whether the row is still
-- at the revision they hold, and move the definition only when it is not. A new row starts at the time of
-- its insert in microseconds since 1970, so a flag deleted and created again never comes back at a revision
-- a client still holds. The primary key is the index every read uses.
CREATE TABLE IF NOT EXISTS feature_flags (
    flag_key   VARCHAR(200) NOT NULL,
    definition TEXT         NOT NULL,
    revision   BIGINT       NOT NULL DEFAULT CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT feature_flags_pk PRIMARY KEY (flag_key),
    -- Malformed JSON fails the cast; anything but an object fails the check.
    CONSTRAINT feature_flags_definition_is_object CHECK (jsonb_typeof(definition::jsonb) = 'object')
);

-- An UPDATE that changes the definition without raising the revision raises it by one, and every UPDATE
-- stamps updated_at. A plain UPDATE ... SET definition = '...' thus reaches the clients even when it forgets
-- "revision = revision + 1", and one that remembers it is not counted twice.
CREATE OR REPLACE FUNCTION feature_flags_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.definition IS DISTINCT FROM OLD.definition AND NEW.revision <= OLD.revision THEN
        NEW.revision := OLD.revision + 1;
    END IF;
    NEW.updated_at := CURRENT_TIMESTAMP;
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS feature_flags_touch ON feature_flags;
CREATE TRIGGER feature_flags_touch BEFORE UPDATE ON feature_flags
    FOR EACH ROW EXECUTE FUNCTION feature_flags_touch();

-- Members of segments too large for a flag document, one row per segment and member key, for
-- JdbcSegmentMembership: every question is one lookup of the primary key.
CREATE TABLE IF NOT EXISTS segment_members (
    segment    VARCHAR(200) NOT NULL,
    member_key VARCHAR(200) NOT NULL,
    CONSTRAINT segment_members_pk PRIMARY KEY (segment, member_key)
);
