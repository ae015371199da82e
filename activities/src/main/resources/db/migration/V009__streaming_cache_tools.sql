-- Issue 7: token streams, the semantic response cache, tool executions.

-- Tokens of a streamed reply as the model produced them, so a client that reconnects with
-- Last-Event-ID resumes where it left off (any API node: the live tokens also go out on
-- NOTIFY dispatch_stream). A generation is one model attempt: a retried or fallen-back call
-- starts a new one, and clients are told to drop what they showed of the old one.
CREATE TABLE stream_chunks (
    stream_id   TEXT        NOT NULL,
    generation  INT         NOT NULL,
    seq         INT         NOT NULL,
    tenant_id   TEXT        NOT NULL,
    workflow_id TEXT        NOT NULL,
    text        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, generation, seq)
);
CREATE INDEX stream_chunks_created ON stream_chunks (created_at);

-- Answers a model gave, reused for a close enough question of the same tenant (never another's).
CREATE TABLE response_cache (
    id          BIGSERIAL   PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    question    TEXT        NOT NULL,
    intent      TEXT,
    embedding   REAL[]      NOT NULL,
    answer      TEXT        NOT NULL,
    provider    TEXT        NOT NULL,
    model       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    hits        INT         NOT NULL DEFAULT 0,
    last_hit_at TIMESTAMPTZ,
    UNIQUE (tenant_id, question)
);
CREATE INDEX response_cache_tenant ON response_cache (tenant_id, expires_at);

-- Every tool a model asked for: arguments (redacted), outcome, duration. One row per call id
-- of a turn, however often Temporal retried the activity.
CREATE TABLE tool_executions (
    id           BIGSERIAL   PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    workflow_id  TEXT        NOT NULL,
    turn         INT         NOT NULL,
    call_id      TEXT        NOT NULL,
    tool         TEXT        NOT NULL,
    arguments    JSONB       NOT NULL,
    outcome      TEXT        NOT NULL,
    result       JSONB,
    error        TEXT,
    duration_ms  INT         NOT NULL,
    attempts     INT         NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (workflow_id, turn, call_id)
);
CREATE INDEX tool_executions_tenant ON tool_executions (tenant_id, tool, created_at);
