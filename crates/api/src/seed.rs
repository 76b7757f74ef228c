//! `interview-flow seed-demo`: demo accounts for a first look, created through the same
//! services the API uses. Only seeds an empty database.

use crate::domain::ids::{JobId, OrganizationId, UserId};
use crate::services::context::Context;
use interview_flow_shared::{
    CreateInterviewRequest, CreateJobRequest, EmploymentType, ExperienceLevel, RegisterRequest,
    Role, UpdateOrganizationRequest,
};

use crate::auth::Recruiter;
use crate::auth::password::PasswordHasher;
use crate::db::{self, DbPool};
use crate::services::accounts::{self, NewAccount};
use crate::services::applications::{self, ResumeUpload};
use crate::services::interviews::{self, NewInterview};
use crate::services::{jobs, organizations};
use crate::settings::Settings;

pub struct DemoLogin {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

/// Demo credentials: printed on purpose, for a local demo database only.
pub const DEMO_LOGINS: [DemoLogin; 2] = [
    DemoLogin {
        role: "Recruiter",
        email: "recruiter@demo.interviewflow.test",
        password: "demo-recruiter-2026",
    },
    DemoLogin {
        role: "Candidate",
        email: "candidate@demo.interviewflow.test",
        password: "demo-candidate-2026",
    },
];

pub enum SeedOutcome {
    Seeded,
    AlreadyHasData,
}

pub async fn seed_demo(pool: DbPool, settings: &Settings) -> anyhow::Result<SeedOutcome> {
    let ctx = &Context::new(pool, settings)?;
    let existing = ctx
        .db(|conn| Ok(db::users::count(conn)?))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if existing > 0 {
        return Ok(SeedOutcome::AlreadyHasData);
    }
    let ttl = settings.refresh_token_ttl_days;
    let passwords = PasswordHasher::from_settings(settings)?;
    let recruiter = accounts::register(
        ctx,
        &passwords,
        NewAccount::parse(RegisterRequest {
            email: DEMO_LOGINS[0].email.into(),
            password: DEMO_LOGINS[0].password.into(),
            full_name: "Riley Recruiter".into(),
            role: Role::Recruiter,
            company_name: Some("Northwind Labs".into()),
        })?,
        ttl,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if let Some(org) = &recruiter.user.organization {
        let changes = organizations::parse_changes(UpdateOrganizationRequest {
            brand_color: Some("#0f766e".into()),
            ..Default::default()
        })
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        organizations::update(ctx, org.id.clone(), changes)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let candidate = accounts::register(
        ctx,
        &passwords,
        NewAccount::parse(RegisterRequest {
            email: DEMO_LOGINS[1].email.into(),
            password: DEMO_LOGINS[1].password.into(),
            full_name: "Casey Candidate".into(),
            role: Role::Candidate,
            company_name: None,
        })?,
        ttl,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for user in [&recruiter.user, &candidate.user] {
        accounts::mark_email_verified(ctx, user.id.clone())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    seed_job_and_interview(ctx, settings, &recruiter.user, &candidate.user).await?;
    Ok(SeedOutcome::Seeded)
}

const DEMO_RESUME: &str = "Casey Candidate\nBackend engineer\n\nExperience\n\
Software Engineer, Globex (2021-2026): built payment APIs in Rust and Go on PostgreSQL; \
led the migration of a monolith to services on Kubernetes; on-call lead.\n\
Junior Developer, Initech (2019-2021): Python and Django, REST APIs, CI pipelines.\n\n\
Skills\nRust, Go, Python, PostgreSQL, Kubernetes, Docker, REST, gRPC, observability\n";

/// A job, the candidate's application to it (with a plain-text résumé) and an interview
/// whose link is open now, all through the same services the API uses.
async fn seed_job_and_interview(
    ctx: &Context,
    settings: &Settings,
    recruiter: &interview_flow_shared::UserDto,
    candidate: &interview_flow_shared::UserDto,
) -> anyhow::Result<()> {
    let organization_id = recruiter
        .organization
        .as_ref()
        .and_then(|o| OrganizationId::parse(&o.id))
        .ok_or_else(|| anyhow::anyhow!("the demo recruiter has no organisation"))?;
    let principal = Recruiter {
        user_id: UserId::parse(&recruiter.id)
            .ok_or_else(|| anyhow::anyhow!("the demo recruiter's id is not one of ours"))?,
        organization_id,
        api_key_id: None,
    };
    let job = jobs::parse_new(
        CreateJobRequest {
            title: "Senior Backend Engineer (Rust)".into(),
            description: "Northwind Labs builds logistics software used by 2,000 warehouses. \
You will design and run the Rust services behind our routing API: PostgreSQL data models, \
high-throughput HTTP APIs, Kubernetes deployments and the observability that keeps them \
healthy. You will mentor two engineers and work closely with product."
                .into(),
            location: Some("Berlin or remote (EU)".into()),
            employment_type: Some(EmploymentType::FullTime),
            experience_level: Some(ExperienceLevel::Senior),
            required_skills: vec![
                "Rust".into(),
                "PostgreSQL".into(),
                "Kubernetes".into(),
                "API design".into(),
            ],
            question_count: Some(5),
            time_limit_minutes: Some(20),
            language: None,
            external_ids: None,
        },
        &principal,
    )?;
    let job = jobs::create(ctx, job)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let application = applications::apply(
        ctx,
        settings.data_dir.clone(),
        UserId::parse(&candidate.id)
            .ok_or_else(|| anyhow::anyhow!("the demo candidate's id is not one of ours"))?,
        JobId::parse(&job.id)
            .ok_or_else(|| anyhow::anyhow!("the demo job's id is not one of ours"))?,
        ResumeUpload {
            filename: Some("casey-candidate.txt".into()),
            bytes: DEMO_RESUME.as_bytes().to_vec(),
        },
        Some(
            "I have run Rust services on Kubernetes for three years and would love to talk.".into(),
        ),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = ctx.now().and_utc();
    let new = NewInterview::parse(
        CreateInterviewRequest {
            job_id: job.id.clone(),
            application_id: Some(application.id),
            candidate: None,
            // Opens 15 minutes before: open right away.
            scheduled_at: (now + chrono::TimeDelta::minutes(5)).to_rfc3339(),
            time_zone: Some("UTC".into()),
            opens_before_minutes: Some(15),
            expires_at: None,
            note: Some("Demo interview seeded by seed-demo.".into()),
            external_ids: None,
        },
        now,
    )?;
    let interview = interviews::schedule(ctx, principal, new)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "Demo interview for the candidate (open now): {}",
        interview.link
    );
    Ok(())
}

pub fn print_demo_logins(settings: &Settings) {
    println!();
    println!("  Interview Flow demo accounts:");
    for login in &DEMO_LOGINS {
        println!(
            "    {:<10} {}  /  {}",
            login.role, login.email, login.password
        );
    }
    println!("  Open {} in your browser.", settings.public_url);
    println!();
}
