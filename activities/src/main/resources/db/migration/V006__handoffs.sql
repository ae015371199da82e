-- Human handoff: a conversation the bot hands to an operator, the callback promised when nobody
-- claims it in time, and the audit log of what operators and admins did.

-- Operators may send several messages in one caller turn: seq numbers them (0 for the caller's and
-- the bot's own message of the turn). A retried activity still writes nothing twice.
alter table conversation_messages add column seq integer not null default 0;
alter table conversation_messages add column author text;
alter table conversation_messages drop constraint conversation_messages_workflow_id_turn_role_key;
alter table conversation_messages add constraint conversation_messages_once
  unique (workflow_id, turn, role, seq);

create table handoffs (
  -- <workflow id>-h<n>: the workflow names it, so a retried routeToHuman creates it once
  id              text primary key,
  tenant_id       text not null references tenants (id),
  workflow_id     text not null references conversations (workflow_id),
  conversation_id text not null,
  reason          text not null,
  emergency       boolean not null default false,
  turn            integer not null,
  intent          text,
  confidence      double precision,
  summary         text not null,
  slots           jsonb not null default '{}'::jsonb,
  caller_phone    text,
  -- open: waiting for an operator; claimed: an operator has the call; callback: nobody claimed it
  -- within the SLA (or the caller left), a callback task exists; handed_back / resolved: done
  status          text not null default 'open'
                  check (status in ('open', 'claimed', 'callback', 'handed_back', 'resolved')),
  operator        text,
  resolution      text,
  sla_due_at      timestamptz not null,
  created_at      timestamptz not null,
  claimed_at      timestamptz,
  closed_at       timestamptz,
  updated_at      timestamptz not null default now()
);
create index handoffs_tenant_status on handoffs (tenant_id, status, created_at desc);
-- at most one live handoff per conversation
create unique index handoffs_one_live on handoffs (workflow_id)
  where status in ('open', 'claimed', 'callback');

create table callback_tasks (
  handoff_id   text primary key references handoffs (id),
  tenant_id    text not null references tenants (id),
  workflow_id  text not null references conversations (workflow_id),
  caller_phone text,
  note         text not null,
  status       text not null default 'open' check (status in ('open', 'done')),
  created_at   timestamptz not null,
  done_at      timestamptz
);
create index callback_tasks_tenant_status on callback_tasks (tenant_id, status, created_at);

create table audit_log (
  id          bigserial primary key,
  tenant_id   text not null references tenants (id),
  actor       text not null,
  actor_role  text not null,
  action      text not null,
  target_type text not null,
  target_id   text,
  detail      jsonb not null default '{}'::jsonb,
  at          timestamptz not null default now()
);
create index audit_log_tenant_at on audit_log (tenant_id, at desc);

-- Every new message and every handoff change is announced on one channel; each API node LISTENs
-- and pushes the event to its console sessions of that tenant (no polling, any node).
create function dispatch_notify() returns trigger language plpgsql as $$
begin
  if tg_table_name = 'handoffs' then
    perform pg_notify('dispatch_events', json_build_object(
      'kind', 'handoff', 'tenant', new.tenant_id, 'workflowId', new.workflow_id,
      'handoffId', new.id, 'status', new.status)::text);
  else
    perform pg_notify('dispatch_events', json_build_object(
      'kind', 'message', 'tenant', new.tenant_id, 'workflowId', new.workflow_id,
      'turn', new.turn, 'role', new.role)::text);
  end if;
  return null;
end;
$$;

create trigger handoffs_notify after insert or update on handoffs
  for each row execute function dispatch_notify();
create trigger conversation_messages_notify after insert on conversation_messages
  for each row execute function dispatch_notify();
