use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use interview_flow_api::settings::{RawSettings, Settings};
use interview_flow_api::{Application, db, seed, telemetry};

/// Interview Flow: AI interviews for hiring teams.
#[derive(Parser)]
#[command(name = "interview-flow", version)]
struct Cli {
    /// Optional TOML config file (keys are the setting names in lower case); environment
    /// variables override it.
    #[arg(long, env = "INTERVIEW_FLOW_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Clone, Copy)]
enum Command {
    /// Run the HTTP server (default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Seed demo accounts into an empty database and print them.
    SeedDemo,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    let env: HashMap<String, String> = std::env::vars().collect();
    let settings = match RawSettings::load(cli.config.as_deref(), &env)
        .and_then(|raw| Settings::from_values(&raw))
    {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("interview-flow: {error}");
            return ExitCode::from(2);
        }
    };
    let command = cli.command.unwrap_or(Command::Serve);
    let result = actix_web::rt::System::new().block_on(run(command, settings));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("interview-flow: {error:#}");
            ExitCode::from(1)
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let public_url = settings.public_url.clone();
            let app = Application::build(settings).await?;
            tracing::info!(port = app.port(), %public_url, "Interview Flow is listening");
            println!("Interview Flow is running at {public_url}");
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let pool = db::build_pool(&settings.database_url, 1)?;
            let applied = tokio::task::spawn_blocking(move || db::migrate(&pool)).await??;
            println!(
                "applied {} migration(s){}",
                applied.len(),
                if applied.is_empty() {
                    String::new()
                } else {
                    format!(": {}", applied.join(", "))
                }
            );
        }
        Command::SeedDemo => {
            let pool = db::build_pool(&settings.database_url, 2)?;
            let migrate_pool = pool.clone();
            tokio::task::spawn_blocking(move || db::migrate(&migrate_pool)).await??;
            match seed::seed_demo(pool, &settings).await? {
                seed::SeedOutcome::Seeded => println!("Seeded the demo organisation and accounts."),
                seed::SeedOutcome::AlreadyHasData => {
                    println!("The database already has accounts; nothing seeded.")
                }
            }
            seed::print_demo_logins(&settings);
        }
    }
    Ok(())
}
