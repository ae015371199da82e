-- Geocodes are facts about addresses, shared by every tenant: no tenant_id, and nothing about who
-- asked. One row per normalized address and provider scope (the online geocoders configured when
-- it was looked up, e.g. 'google+nominatim'), so adding a Google key does not serve results that
-- were found without it. Written with upsert: a retried activity rewrites the same row.
create table geocode_cache (
  address_key       text not null check (length(address_key) between 1 and 400),
  scope             text not null,
  lat               double precision not null check (lat between -90 and 90),
  lng               double precision not null check (lng between -180 and 180),
  provider          text not null check (provider in ('google', 'nominatim', 'gazetteer')),
  precision         text not null check (precision in ('rooftop', 'street', 'zip', 'city')),
  formatted_address text,
  zip               text,
  city              text,
  state             text,
  created_at        timestamptz not null,
  expires_at        timestamptz not null,
  primary key (address_key, scope),
  check (expires_at > created_at)
);
-- for purging expired rows
create index geocode_cache_expires on geocode_cache (expires_at);
