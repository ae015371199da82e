-- Who may call the API: API keys per tenant (gateways, widgets, scripts) and console users
-- (operators and admins who log in with a password). Roles nest: admin > operator > caller_api.

create table api_keys (
  -- key_ + 12 random characters: how the key is named in lists, the audit log and DELETE
  id           text primary key,
  tenant_id    text not null references tenants (id),
  name         text not null,
  role         text not null check (role in ('caller_api', 'operator', 'admin')),
  -- SHA-256 (hex) of the whole key. The key is dbk_ + 40 base62 characters from SecureRandom
  -- (about 238 bits), so nobody can guess it, and a fast hash is enough: a slow password hash
  -- protects low-entropy secrets and would only make every request slower. The key itself is
  -- shown once, when it is created, and stored nowhere.
  key_hash     text not null unique,
  -- the key's first 8 characters (dbk_ + 4), so a person can tell keys apart in a list
  prefix       text not null,
  created_at   timestamptz not null default now(),
  -- written at most once a minute per key and node
  last_used_at timestamptz,
  revoked_at   timestamptz
);
create index api_keys_tenant on api_keys (tenant_id, created_at desc);

-- The login form has no tenant field, so a username names one user across all tenants: unique
-- globally. Usernames are stored in lower case (the application lower-cases them), so 'Ann' and
-- 'ann' are one user.
create table console_users (
  username      text primary key check (username = lower(username)),
  tenant_id     text not null references tenants (id),
  -- BCrypt, from Spring Security's encoder ({bcrypt} prefix included)
  password_hash text not null,
  role          text not null check (role in ('operator', 'admin')),
  created_at    timestamptz not null default now(),
  -- a disabled user can no longer log in, and open sessions end at their next request
  disabled_at   timestamptz
);
create index console_users_tenant on console_users (tenant_id, created_at desc);
