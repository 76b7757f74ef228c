// Written by hand to match migrations/{sqlite,postgres}; both backends share it.

diesel::table! {
    organizations (id) {
        id -> Text,
        name -> Text,
        logo_url -> Nullable<Text>,
        brand_color -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Nullable<Text>,
        full_name -> Text,
        role -> Text,
        organization_id -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_verified_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    account_tokens (id) {
        id -> Text,
        user_id -> Text,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        interview_id -> Nullable<Text>,
        access_token_id -> Nullable<Text>,
        successor_sealed -> Nullable<Text>,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        organization_id -> Text,
        created_by -> Text,
        title -> Text,
        description -> Text,
        location -> Nullable<Text>,
        employment_type -> Nullable<Text>,
        experience_level -> Nullable<Text>,
        required_skills -> Text,
        question_count -> Integer,
        time_limit_minutes -> Integer,
        language -> Text,
        status -> Text,
        external_ids -> Text,
        search_text -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    applications (id) {
        id -> Text,
        job_id -> Text,
        candidate_id -> Text,
        status -> Text,
        cover_note -> Nullable<Text>,
        resume_kind -> Nullable<Text>,
        resume_path -> Nullable<Text>,
        resume_filename -> Nullable<Text>,
        resume_size -> Nullable<BigInt>,
        resume_text -> Nullable<Text>,
        resume_warning -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interviews (id) {
        id -> Text,
        organization_id -> Text,
        job_id -> Text,
        application_id -> Nullable<Text>,
        candidate_id -> Text,
        created_by -> Text,
        scheduled_at -> Timestamp,
        scheduled_offset_minutes -> Integer,
        time_zone -> Nullable<Text>,
        opens_at -> Timestamp,
        expires_at -> Timestamp,
        status -> Text,
        note -> Nullable<Text>,
        external_ids -> Text,
        ics_sequence -> Integer,
        reminder_24h_at -> Nullable<Timestamp>,
        reminder_1h_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        cancelled_at -> Nullable<Timestamp>,
        question_count -> Integer,
        time_limit_minutes -> Integer,
        language -> Text,
    }
}

diesel::table! {
    interview_sessions (interview_id) {
        interview_id -> Text,
        started_at -> Timestamp,
        consent_at -> Timestamp,
        deadline_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        end_reason -> Nullable<Text>,
        integrity_events_total -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interview_turns (id) {
        id -> Text,
        interview_id -> Text,
        seq -> Integer,
        kind -> Text,
        main_number -> Integer,
        follow_up_index -> Integer,
        question_text -> Nullable<Text>,
        generating_until -> Nullable<Timestamp>,
        provider -> Nullable<Text>,
        fallback_reason -> Nullable<Text>,
        first_token_ms -> Nullable<Integer>,
        generation_ms -> Nullable<Integer>,
        asked_at -> Nullable<Timestamp>,
        answer_text -> Nullable<Text>,
        answer_source -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        answer_duration_ms -> Nullable<Integer>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    interview_events (id) {
        id -> Text,
        interview_id -> Text,
        kind -> Text,
        client_at -> Nullable<Text>,
        detail -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    interview_access_tokens (id) {
        id -> Text,
        interview_id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_outbox (id) {
        id -> Text,
        interview_id -> Nullable<Text>,
        user_id -> Nullable<Text>,
        kind -> Text,
        to_email -> Text,
        to_name -> Text,
        status -> Text,
        attempts -> Integer,
        last_error -> Nullable<Text>,
        message_id -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (id) {
        id -> Text,
        scope -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organization_id -> Text,
        created_by -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    greenhouse_orders (interview_id) {
        interview_id -> Text,
        organization_id -> Text,
        partner_test_id -> Text,
        callback_url -> Nullable<Text>,
        profile_url -> Nullable<Text>,
        sent_by -> Nullable<Text>,
        callback_status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        request_key -> Text,
    }
}

diesel::joinable!(users -> organizations (organization_id));
diesel::joinable!(jobs -> organizations (organization_id));
diesel::joinable!(applications -> jobs (job_id));
diesel::joinable!(applications -> users (candidate_id));
diesel::joinable!(interviews -> jobs (job_id));
diesel::joinable!(interviews -> organizations (organization_id));
diesel::joinable!(email_outbox -> interviews (interview_id));
diesel::joinable!(interview_turns -> interviews (interview_id));
diesel::joinable!(interview_events -> interviews (interview_id));
diesel::joinable!(interview_access_tokens -> interviews (interview_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(account_tokens -> users (user_id));

diesel::table! {
    /// The durable job queue (see `db::background_jobs`).
    background_jobs (id) {
        id -> Text,
        kind -> Text,
        subject -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        run_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    interview_evaluations (interview_id) {
        interview_id -> Text,
        status -> Text,
        result -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(interview_evaluations -> interviews (interview_id));
diesel::joinable!(interview_sessions -> interviews (interview_id));

diesel::allow_tables_to_appear_in_same_query!(
    organizations,
    users,
    account_tokens,
    refresh_tokens,
    jobs,
    applications,
    interviews,
    interview_access_tokens,
    email_outbox,
    idempotency_keys,
    interview_turns,
    interview_events,
    api_keys,
    greenhouse_orders,
    background_jobs,
    interview_evaluations,
    interview_sessions,
);
