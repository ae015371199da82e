-- The system of record for calls. Every row that belongs to a business carries tenant_id.

create table tenants (
  id         text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name       text not null,
  timezone   text not null,
  phone      text,
  -- trade, hours, services and prices, service area, policies: see TenantProfile
  profile    jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table conversations (
  workflow_id     text primary key,
  tenant_id       text not null references tenants (id),
  conversation_id text not null,
  channel         text not null,
  caller_phone    text,
  caller_name     text,
  status          text not null default 'active' check (status in ('active', 'closed')),
  outcome         text,
  turn_count      integer not null default 0,
  started_at      timestamptz not null,
  ended_at        timestamptz,
  unique (tenant_id, conversation_id)
);
create index conversations_tenant_started on conversations (tenant_id, started_at desc);

create table conversation_messages (
  id          bigserial primary key,
  tenant_id   text not null references tenants (id),
  workflow_id text not null references conversations (workflow_id),
  turn        integer not null check (turn > 0),
  role        text not null check (role in ('caller', 'assistant', 'operator', 'system')),
  text        text not null,
  intent      text,
  confidence  double precision,
  created_at  timestamptz not null,
  -- a retried activity writes nothing twice
  unique (workflow_id, turn, role)
);
create index conversation_messages_tenant on conversation_messages (tenant_id, workflow_id, turn);

create table ai_responses (
  id              bigserial primary key,
  tenant_id       text not null references tenants (id),
  workflow_id     text not null references conversations (workflow_id),
  turn            integer not null,
  message_id      bigint not null references conversation_messages (id),
  provider        text not null,
  model           text not null,
  input_tokens    integer not null default 0,
  output_tokens   integer not null default 0,
  latency_ms      bigint not null,
  -- 0 = the first choice answered; each failed model adds one; the rule-based answer is last
  fallback_level  integer not null,
  fallback_reason text,
  cached          boolean not null default false,
  created_at      timestamptz not null,
  unique (workflow_id, turn)
);
create index ai_responses_tenant_created on ai_responses (tenant_id, created_at);
