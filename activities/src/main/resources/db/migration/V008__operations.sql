-- Operations: what each AI response cost, the alerts raised on cost and quality, the daily cost
-- reports, the backups taken, and archived conversations.

-- What a response cost, from the price table of the model at the time of the call. Tokens come
-- from the provider's usage; when it sent none they were counted with a tokenizer (estimated).
alter table ai_responses add column cost_usd numeric(12, 6) not null default 0;
alter table ai_responses add column tokens_estimated boolean not null default false;
create index ai_responses_created on ai_responses (created_at);

-- Thresholds crossed: cost per call, token quota, fallback rate, error rate, spend limits.
-- tenant_id is null for alerts about the whole installation. One alert per kind, scope and window:
-- a retried activity or a second report of the same day raises nothing twice.
create table alerts (
  id           bigserial primary key,
  tenant_id    text references tenants (id) on delete cascade,
  kind         text not null,
  severity     text not null check (severity in ('warning', 'critical')),
  window_start timestamptz not null,
  value        double precision not null,
  threshold    double precision not null,
  message      text not null,
  created_at   timestamptz not null default now()
);
create unique index alerts_once on alerts (kind, coalesce(tenant_id, ''), window_start);
create index alerts_tenant_created on alerts (tenant_id, created_at desc);

-- CostReportWorkflow: one row per day, tenant and model (model '*' = the tenant's total).
create table cost_reports (
  report_date      date not null,
  tenant_id        text not null references tenants (id) on delete cascade,
  model            text not null,
  calls            integer not null,
  responses        integer not null,
  input_tokens     bigint not null,
  output_tokens    bigint not null,
  cost_usd         numeric(14, 6) not null,
  cost_per_call    numeric(14, 6) not null,
  fallback_rate    double precision not null,
  error_rate       double precision not null,
  created_at       timestamptz not null default now(),
  primary key (report_date, tenant_id, model)
);

-- BackupWorkflow: every dump taken, verified or not, and when retention removed it.
create table backups (
  id            text primary key,
  kind          text not null check (kind in ('database', 'training_data')),
  file_name     text not null,
  size_bytes    bigint not null,
  sha256        text not null,
  status        text not null check (status in ('verified', 'failed', 'deleted')),
  detail        jsonb not null default '{}'::jsonb,
  scheduled_for timestamptz not null,
  created_at    timestamptz not null default now(),
  deleted_at    timestamptz
);
create index backups_created on backups (kind, created_at desc);

-- ArchivalWorkflow: a conversation older than 30 days keeps its transcript (one document here)
-- while its rows leave the hot tables; archived ones older than 90 days are deleted.
alter table conversations drop constraint conversations_status_check;
alter table conversations add constraint conversations_status_check
  check (status in ('active', 'closed', 'archived'));
alter table conversations add column archived_at timestamptz;
create table conversation_archives (
  workflow_id text primary key references conversations (workflow_id) on delete cascade,
  tenant_id   text not null references tenants (id),
  -- the messages, oldest first: turn, seq, role, author, text, intent, confidence, at
  transcript  jsonb not null,
  -- per model: responses, input and output tokens, cost
  ai_totals   jsonb not null default '[]'::jsonb,
  archived_at timestamptz not null
);
create index conversation_archives_tenant on conversation_archives (tenant_id, archived_at);
