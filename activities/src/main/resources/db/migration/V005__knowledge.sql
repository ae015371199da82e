-- Tenants' knowledge documents: the system of record the vector store is built from
-- (activities/knowledge: KnowledgeDocuments, KnowledgeBase). The store can always be rebuilt from
-- these rows; the checksum tells incremental reindexing which documents changed.
create table knowledge_documents (
  tenant_id    text not null references tenants (id) on delete cascade,
  id           text not null check (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
  title        text not null,
  source       text not null default '',
  tags         text[] not null default '{}',
  content_type text not null,
  body         text not null check (length(body) between 1 and 1000000),
  checksum     text not null,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  primary key (tenant_id, id)
);

-- Questions a tenant's knowledge base must answer: a full rebuild goes live only when its
-- recall@k on these is at least the live index's.
create table knowledge_golden_questions (
  tenant_id   text not null references tenants (id) on delete cascade,
  question    text not null check (length(btrim(question)) between 1 and 500),
  document_id text not null,
  answer      text,
  primary key (tenant_id, question)
);
