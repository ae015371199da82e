-- A tenant's own labelled caller utterances, added to the intent model's base training set for
-- that tenant only (activities/intent: JdbcTenantIntentExamples, TenantIntentModels).
create table intent_examples (
  id         bigserial primary key,
  tenant_id  text not null references tenants (id) on delete cascade,
  intent     text not null check (intent in ('emergency', 'book_appointment', 'reschedule',
                                             'cancel', 'quote_pricing', 'knowledge_question',
                                             'talk_to_human', 'confirm', 'deny',
                                             'greeting_smalltalk', 'out_of_scope')),
  text       text not null check (length(btrim(text)) between 1 and 500),
  created_at timestamptz not null default now(),
  -- one intent per text and tenant: adding a text again relabels it
  unique (tenant_id, text)
);
