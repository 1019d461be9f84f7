-- Webhooks: per project, owners choose the event kinds; PeerCode POSTs each event to the URL.
create table webhook (
    id         varchar(16)   primary key,
    project_id varchar(21)   not null references project (id),
    url        varchar(2000) not null,
    -- generic (JSON signed with HMAC-SHA256) or slack (incoming-webhook text)
    format     varchar(16)   not null check (format in ('generic', 'slack')),
    -- The signing secret, stored as is: the planner must sign with it on every delivery, so a hash (as for
    -- agent tokens) cannot work. It authenticates PeerCode to the receiver only; reading it needs the
    -- database, which holds the whole plan anyway. Shown once at creation; rotate by replacing the webhook.
    secret     varchar(100)  not null,
    events     jsonb         not null,
    created_by varchar(255),
    created_at timestamptz   not null
);
create index webhook_project_idx on webhook (project_id);

-- The outbox: one row per (webhook, event), written in the SAME transaction as the delta it reports, so
-- a committed delta always has its deliveries and a rolled-back one never has. The delivery worker claims
-- due rows with FOR UPDATE SKIP LOCKED (replicas never take the same row) and pushes next_attempt_at past
-- a lease before sending, so a worker that dies mid-send leaves the row to be retried: at least once.
create table webhook_delivery (
    id              bigserial     primary key,
    webhook_id      varchar(16)   not null references webhook (id) on delete cascade,
    project_id      varchar(21)   not null,
    seq             bigint        not null,
    kind            varchar(32)   not null,
    -- The idempotency key receivers dedupe on (X-PeerCode-Event-Id): the same for every attempt.
    event_id        varchar(64)   not null,
    status          varchar(16)   not null check (status in ('pending', 'delivered', 'dead')),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null,
    last_status     integer,
    last_error      varchar(500),
    created_at      timestamptz   not null,
    updated_at      timestamptz   not null,
    delivered_at    timestamptz,
    unique (webhook_id, event_id)
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'pending';
create index webhook_delivery_history_idx on webhook_delivery (webhook_id, id desc);
