CREATE TABLE jobs (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT,
    employment_type TEXT,
    experience_level TEXT,
    -- JSON array of strings.
    required_skills TEXT NOT NULL,
    question_count INTEGER NOT NULL,
    time_limit_minutes INTEGER NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    -- JSON object of strings (e.g. ats_job_id).
    external_ids TEXT NOT NULL,
    -- Lower-case title, skills and location, for portable ?q= search.
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX jobs_status_created_idx ON jobs (status, created_at, id);
CREATE INDEX jobs_organization_idx ON jobs (organization_id, created_at);

CREATE TABLE applications (
    id TEXT PRIMARY KEY NOT NULL,
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('applied', 'screening', 'interview', 'offer', 'rejected')),
    cover_note TEXT,
    resume_kind TEXT,
    -- Relative to DATA_DIR; never under a served folder.
    resume_path TEXT,
    resume_filename TEXT,
    resume_size INTEGER,
    resume_text TEXT,
    resume_warning TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX applications_job_candidate_key ON applications (job_id, candidate_id);
CREATE INDEX applications_candidate_idx ON applications (candidate_id);

CREATE TABLE interviews (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    application_id TEXT REFERENCES applications (id) ON DELETE SET NULL,
    candidate_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users (id),
    scheduled_at TIMESTAMP NOT NULL,
    -- The offset (minutes east of UTC) the recruiter scheduled with, to show times back in it.
    scheduled_offset_minutes INTEGER NOT NULL,
    time_zone TEXT,
    opens_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'in_progress', 'completed', 'expired', 'cancelled', 'abandoned')),
    note TEXT,
    external_ids TEXT NOT NULL,
    -- iCalendar SEQUENCE of the invite: bumped by each reschedule and by the cancellation.
    ics_sequence INTEGER NOT NULL,
    reminder_24h_at TIMESTAMP,
    reminder_1h_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    cancelled_at TIMESTAMP,
    started_at TIMESTAMP,
    completed_at TIMESTAMP
);
CREATE INDEX interviews_organization_idx ON interviews (organization_id, scheduled_at);
CREATE INDEX interviews_candidate_idx ON interviews (candidate_id, scheduled_at);
CREATE INDEX interviews_status_idx ON interviews (status, scheduled_at);

-- Emailed sign-in tokens, each bound to one interview and valid until its window closes.
CREATE TABLE interview_access_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX interview_access_tokens_hash_key ON interview_access_tokens (token_hash);
CREATE INDEX interview_access_tokens_interview_idx ON interview_access_tokens (interview_id);

-- Transactional outbox: written with the change that causes the email, sent by the worker.
CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_email TEXT NOT NULL,
    to_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    -- A worker's lease: another worker may take the message only after it lapses.
    locked_until TIMESTAMP,
    last_error TEXT,
    message_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_interview_idx ON email_outbox (interview_id, created_at);

-- Idempotency-Key records (IETF httpapi draft): kept 24 hours.
CREATE TABLE idempotency_keys (
    id TEXT PRIMARY KEY NOT NULL,
    -- Whose key: an organisation or user id plus the route.
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);
CREATE UNIQUE INDEX idempotency_keys_scope_key ON idempotency_keys (scope, idempotency_key);
