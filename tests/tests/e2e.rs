//! The whole hiring flow end to end, as a user sees it: the built SPA served by a real
//! `interview-flow serve` process that sends its email to a real SMTP server on loopback,
//! driven in headless Chromium with fake camera and microphone (tests/browser/e2e.mjs).
//!
//! The browser script signs a recruiter up, sets the brand colour, posts a job and schedules
//! an interview for a candidate without an account. This test receives the invitation over
//! SMTP, checks its HTML, text and calendar parts, and hands the emailed link back to the
//! script (a file in a temp dir), which then plays the candidate (ready page, interview,
//! reload, completion), sets a password with the emailed reset link to reach the dashboard
//! (copy link), reads the recruiter's report, and checks the "not your interview" and
//! expired-link pages. Every email received is also handed to the script as a `.eml` file
//! (E2E_DIR/mail) so it can follow the verification and password-reset links. Runs on SQLite, and on PostgreSQL when
//! TEST_DATABASE_URL is set. Screenshots of every step go to ./artifacts/e2e-<backend>.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use interview_flow_tests::server::{ServerProcess, execute_sql, workspace_root};
use interview_flow_tests::smtp::SmtpSink;
use interview_flow_tests::{Backend, eventually, eventually_showing, sql_timestamp};
use mailparse::MailHeaderMap;

const COMPANY: &str = "Northwind Robotics";
const BRAND_COLOR: &str = "#b45309";
/// How long the browser may take to schedule, and the app to deliver the invitation.
const MAIL_WAIT: Duration = Duration::from_secs(90);
/// The whole script, a generous bound so a hung browser fails the test instead of CI.
const SCRIPT_LIMIT: Duration = Duration::from_secs(300);

/// What the script writes once the interview is scheduled through the UI.
#[derive(serde::Deserialize)]
struct Scheduled {
    interview_id: String,
    /// The scheduled time in UTC as iCalendar writes it (`20261124T093000Z`).
    dtstart_utc: String,
}

async fn read_scheduled(dir: &Path) -> Scheduled {
    let file = dir.join("scheduled.json");
    eventually(
        "the browser script schedules an interview",
        MAIL_WAIT,
        || async {
            let text = std::fs::read_to_string(&file).ok()?;
            serde_json::from_str(&text).ok()
        },
    )
    .await
}

/// Receives the invitation over SMTP, checks it, and gives the script its link.
async fn deliver_invitation(
    smtp: &SmtpSink,
    dir: PathBuf,
    base_url: String,
    candidate: String,
    job_title: String,
) {
    let scheduled = read_scheduled(&dir).await;
    let mail = eventually_showing(
        &format!("an invitation to {candidate} over SMTP"),
        MAIL_WAIT,
        || async {
            let messages = smtp.messages();
            let count = messages.len();
            messages
                .into_iter()
                .find(|m| m.to.iter().any(|to| to.eq_ignore_ascii_case(&candidate)))
                .ok_or(format!("{count} other message(s)"))
        },
    )
    .await;
    let subject = mail
        .parsed()
        .headers
        .get_first_value("Subject")
        .unwrap_or_default();
    println!("invitation received over SMTP: {subject}");
    let prefix = format!(
        "{base_url}/interview/ready/{}#token=",
        scheduled.interview_id
    );

    // Text part: the link, token and all, on a line of its own.
    let text = mail.body("text/plain");
    let link = text
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(&prefix))
        .unwrap_or_else(|| panic!("the text part has the link {prefix}…:\n{text}"))
        .to_string();
    assert!(
        link.len() > prefix.len() && !link.contains(char::is_whitespace),
        "the link stands alone on its line: {link:?}"
    );

    // HTML part: branded with the settings made in the browser.
    let html = mail.body("text/html");
    assert!(html.contains(&job_title), "job title in the HTML:\n{html}");
    assert!(html.contains(COMPANY), "company name in the HTML:\n{html}");
    assert!(
        html.to_lowercase().contains(BRAND_COLOR),
        "the brand colour set on the Settings page ({BRAND_COLOR}) in the HTML:\n{html}"
    );
    assert!(
        html.contains(&link.replace('&', "&amp;")) || html.contains(&link),
        "the link in the HTML:\n{html}"
    );

    // Calendar invite.
    let ics = mail
        .body("text/calendar")
        .replace("\r\n ", "")
        .replace("\n ", "");
    assert!(ics.contains("METHOD:REQUEST"), "METHOD:REQUEST in:\n{ics}");
    assert!(
        ics.contains(&format!("UID:{}@interviewflow", scheduled.interview_id)),
        "UID of interview {} in:\n{ics}",
        scheduled.interview_id
    );
    assert!(
        ics.lines()
            .any(|l| l.trim_end() == format!("DTSTART:{}", scheduled.dtstart_utc)),
        "DTSTART:{} (the time picked in the form) in:\n{ics}",
        scheduled.dtstart_utc
    );
    assert!(
        ics.lines().any(|l| l.starts_with("ATTENDEE")
            && l.to_lowercase()
                .contains(&format!("mailto:{}", candidate.to_lowercase()))),
        "ATTENDEE with mailto:{candidate} in:\n{ics}"
    );

    // Hand the link to the browser (written whole, then renamed into place).
    let partial = dir.join("link.txt.partial");
    std::fs::write(&partial, &link).unwrap();
    std::fs::rename(&partial, dir.join("link.txt")).unwrap();
    println!("emailed link handed to the browser");
}

/// Writes every email the sink receives to `dir` as `<n>.eml` (written whole, then renamed),
/// for the script's account links (verification, password reset). Runs until aborted.
async fn relay_mail(smtp: &SmtpSink, dir: PathBuf) {
    std::fs::create_dir_all(&dir).unwrap();
    let mut written = 0;
    loop {
        let received = smtp.all_messages();
        for (index, mail) in received.iter().enumerate().skip(written) {
            let partial = dir.join(format!("{index:04}.eml.partial"));
            std::fs::write(&partial, &mail.data).unwrap();
            std::fs::rename(&partial, dir.join(format!("{index:04}.eml"))).unwrap();
        }
        written = received.len();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// When the script asks (E2E_DIR/expire.txt holds an interview id), moves that interview's
/// window into the past in the database, then answers E2E_DIR/expired.txt: the expired state
/// is reached by moving time, not by waiting for it.
async fn expire_on_request(dir: PathBuf, database_url: String) {
    let request = dir.join("expire.txt");
    let interview_id = eventually(
        "the browser script asks for an interview to expire",
        SCRIPT_LIMIT,
        || async { std::fs::read_to_string(&request).ok() },
    )
    .await;
    let interview_id = interview_id.trim().to_string();
    assert!(
        interview_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "an interview id: {interview_id:?}"
    );
    let now = chrono::Utc::now();
    let statement = format!(
        "UPDATE interviews SET scheduled_at = '{}', expires_at = '{}' WHERE id = '{interview_id}'",
        sql_timestamp(now - chrono::TimeDelta::hours(2)),
        sql_timestamp(now - chrono::TimeDelta::hours(1)),
    );
    tokio::task::spawn_blocking(move || execute_sql(&database_url, &statement))
        .await
        .unwrap();
    let partial = dir.join("expired.txt.partial");
    std::fs::write(&partial, &interview_id).unwrap();
    std::fs::rename(&partial, dir.join("expired.txt")).unwrap();
}

async fn hiring_flow(backend: Backend) {
    let started = Instant::now();
    let smtp = Arc::new(SmtpSink::start(Duration::ZERO).await);
    let smtp_url = smtp.url();
    let server = tokio::task::spawn_blocking(move || {
        ServerProcess::start(
            backend,
            &[
                ("SMTP_URL", smtp_url),
                (
                    "MAIL_FROM",
                    "Northwind Hiring <hiring@northwind.test>".into(),
                ),
                ("EMAIL_POLL_INTERVAL_MS", "200".into()),
                ("EMAIL_RETRY_BASE_SECS", "1".into()),
            ],
        )
    })
    .await
    .unwrap();
    let Some(server) = server else {
        return;
    };

    let stamp = uuid::Uuid::new_v4().simple().to_string()[..8].to_string();
    let candidate = format!("casey.{stamp}@example.com");
    let job_title = format!("Site Reliability Engineer {stamp}");
    let exchange = tempfile::tempdir().unwrap();
    let root = workspace_root();
    let mut child = Command::new("node")
        .arg(root.join("tests/browser/e2e.mjs"))
        .current_dir(&root)
        .env("BASE_URL", &server.base_url)
        .env("ARTIFACTS_DIR", root.join("artifacts"))
        .env("ARTIFACTS_SUFFIX", format!("{backend:?}"))
        .env("E2E_DIR", exchange.path())
        .env("MAIL_DIR", exchange.path().join("mail"))
        .env("RECRUITER_EMAIL", format!("rita.{stamp}@example.com"))
        .env("CANDIDATE_EMAIL", &candidate)
        .env("SECOND_CANDIDATE_EMAIL", format!("sam.{stamp}@example.com"))
        .env("COMPANY", COMPANY)
        .env("BRAND_COLOR", BRAND_COLOR)
        .env("JOB_TITLE", &job_title)
        .spawn()
        .expect("node runs (apt-get install nodejs)");

    // The SMTP sink lives on this runtime; the mail checks run beside the browser.
    let relay = tokio::spawn({
        let smtp = Arc::clone(&smtp);
        let dir = exchange.path().join("mail");
        async move { relay_mail(&smtp, dir).await }
    });
    let mut mail = Some(tokio::spawn({
        let dir = exchange.path().to_path_buf();
        let base_url = server.base_url.clone();
        let candidate = candidate.clone();
        let job_title = job_title.clone();
        let smtp = Arc::clone(&smtp);
        async move {
            deliver_invitation(&smtp, dir, base_url, candidate, job_title).await;
        }
    }));
    let expiry = tokio::spawn(expire_on_request(
        exchange.path().to_path_buf(),
        server.database_url.clone(),
    ));
    let mut delivered = false;
    let deadline = Instant::now() + SCRIPT_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            break status;
        }
        if mail.as_ref().is_some_and(|m| m.is_finished()) {
            match mail.take().unwrap().await {
                Ok(()) => delivered = true,
                Err(error) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    std::panic::resume_unwind(error.into_panic());
                }
            }
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the browser script ran longer than {SCRIPT_LIMIT:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if let Some(pending) = mail.take() {
        pending.abort();
    }
    relay.abort();
    if expiry.is_finished() {
        // A failed expiry request fails the test with its own message.
        expiry.await.unwrap();
    } else {
        expiry.abort();
    }
    assert!(
        status.success(),
        "the end-to-end browser script failed ({status}); screenshots and console logs are under {}",
        root.join("artifacts").display()
    );
    assert!(delivered, "the invitation was delivered");
    println!(
        "e2e hiring flow on {backend:?} passed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

interview_flow_tests::on_both_backends!(e2e_hiring_flow => hiring_flow);
