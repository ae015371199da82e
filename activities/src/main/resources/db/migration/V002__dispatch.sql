-- Technicians and their calendars. Double booking is impossible by construction: a booked
-- appointment and a live hold are both rows of `appointments`, and one exclusion constraint keeps
-- any two of them from overlapping for the same technician.

-- gist over (text =, tstzrange &&) needs btree_gist; trusted in PG 13+, so the database owner may
-- create it. It lives in public, which every schema of the app has on its search path.
create extension if not exists btree_gist with schema public;

create table technicians (
  tenant_id    text not null references tenants (id),
  id           text not null check (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name         text not null,
  phone        text,
  -- the tenant's service codes this technician does (TenantProfile.services[].code)
  skills       text[] not null default '{}',
  home_lat     double precision not null check (home_lat between -90 and 90),
  home_lng     double precision not null check (home_lng between -180 and 180),
  home_label   text,
  -- {"mon": "07:00-16:00", "sat": "closed", ...} in the tenant's zone, the format of the tenant's
  -- own hours; a day left out follows the tenant's hours
  weekly_hours jsonb not null default '{}'::jsonb,
  active       boolean not null default true,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index technicians_skills on technicians using gin (skills) where active;

-- One row per window of a technician's calendar:
--   held      a caller is deciding; blocks the window until expires_at, or until the conversation
--             books it (the same row becomes `booked`) or releases it (the row is deleted)
--   booked    an appointment
--   cancelled, completed  history; no longer block anything
-- The exclusion constraint cannot look at the clock (its predicate must be immutable), so an
-- expired hold still blocks until a writer deletes it: every hold, booking and reschedule deletes
-- the technician's expired holds first, in its own transaction, and availability ignores them.
create table appointments (
  tenant_id       text not null references tenants (id),
  id              uuid primary key,
  technician_id   text not null,
  during          tstzrange not null check (not isempty(during) and lower(during) is not null
                                            and upper(during) is not null),
  status          text not null check (status in ('held', 'booked', 'cancelled', 'completed')),
  -- 0 emergency, 1 routine: a dispatcher's list sorts emergencies first
  priority        smallint not null default 1 check (priority in (0, 1)),
  service_type    text,
  address_line    text,
  street          text,
  unit            text,
  city            text,
  state           text,
  zip             text,
  lat             double precision,
  lng             double precision,
  customer_phone  text check (customer_phone ~ '^\+[1-9][0-9]{6,14}$'),
  customer_name   text,
  -- the conversation that held or booked the window
  workflow_id     text,
  -- holds: the workflow's key for this hold, and when it stops counting
  hold_key        text,
  expires_at      timestamptz,
  -- bookings: workflow id + turn; a retried bookAppointment finds its row by it
  idempotency_key text,
  cancel_reason   text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  foreign key (tenant_id, technician_id) references technicians (tenant_id, id),
  check (status <> 'held' or (expires_at is not null and workflow_id is not null)),
  check (status = 'held' or (service_type is not null and idempotency_key is not null)),
  unique (tenant_id, idempotency_key),
  constraint appointments_no_overlap exclude using gist
    (tenant_id with =, technician_id with =, during with &&)
    where (status in ('held', 'booked'))
);
-- reschedule and cancel find a caller's appointments by phone
create index appointments_by_phone on appointments (tenant_id, customer_phone, lower(during))
  where status = 'booked';
-- a day's jobs of a technician (the exclusion constraint's gist index serves overlap queries)
create index appointments_by_technician on appointments (tenant_id, technician_id, lower(during));
-- releaseHolds and the conversion of a hold into a booking
create index appointments_holds on appointments (tenant_id, workflow_id) where status = 'held';
create unique index appointments_hold_key on appointments (tenant_id, workflow_id, hold_key)
  where hold_key is not null;

-- Reschedules and cancellations: the idempotency key of each change (a retried activity finds its
-- own change here) and what the appointment was before.
create table appointment_changes (
  id                  bigserial primary key,
  tenant_id           text not null references tenants (id),
  appointment_id      uuid not null references appointments (id),
  idempotency_key     text not null,
  kind                text not null check (kind in ('rescheduled', 'cancelled')),
  previous_technician text not null,
  previous_during     tstzrange not null,
  reason              text,
  created_at          timestamptz not null default now(),
  unique (tenant_id, idempotency_key)
);
create index appointment_changes_appointment on appointment_changes (tenant_id, appointment_id);
