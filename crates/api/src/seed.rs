//! `interview-flow seed-demo`: demo accounts for a first look, created through the same
//! services the API uses. Only seeds an empty database.

use interview_flow_shared::{RegisterRequest, Role, UpdateOrganizationRequest};

use crate::db::{self, DbPool};
use crate::services::accounts::{self, NewAccount};
use crate::services::organizations;
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

pub async fn seed_demo(pool: &DbPool, settings: &Settings) -> anyhow::Result<SeedOutcome> {
    let existing = db::run(pool, |conn| Ok(db::users::count(conn)?))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    if existing > 0 {
        return Ok(SeedOutcome::AlreadyHasData);
    }
    let ttl = settings.refresh_token_ttl_days;
    let recruiter = accounts::register(
        pool,
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
        organizations::update(pool, org.id.clone(), changes)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    accounts::register(
        pool,
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
    Ok(SeedOutcome::Seeded)
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
