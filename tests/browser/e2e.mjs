// The hiring flow end to end, in the real SPA against a real server (tests/tests/e2e.rs
// starts both, plus an SMTP server, and reads the invitation email):
//  1. a recruiter signs up, sets the brand colour in Settings, posts a job and schedules an
//     interview for a candidate without an account, all through the UI;
//  2. the Rust test checks the emailed invitation and hands its link back (E2E_DIR/link.txt);
//  3. the candidate opens the link in their own browser profile: job and company, live
//     camera preview, microphone level, speaker test, consent gating Start;
//  4. answers every question by typing (counter and timer move), reloads halfway (same
//     question, draft kept) and sees the completion dialog;
//  5. the emailed link opened only the interview: the candidate has a password link emailed,
//     sets a password, and copies the interview link on their dashboard (exactly the full
//     link, "Copied!");
//  6. the recruiter sees the interview completed and a report with the candidate's typed
//     answers, scores and evidence quotes;
//  7. a second candidate signs up and confirms their address (emailed link), gets "not your
//     interview" for the first link, and an expired link shows the expired state.
// Every email the test's SMTP server receives is also in MAIL_DIR as a .eml file.
// Every step is screenshotted under artifacts/e2e-<backend>; a failing step also leaves the
// console logs of every browser profile next to its screenshot.
import fs from 'node:fs';
import path from 'node:path';
import {
  startBrowser, assert, api, BASE_URL, emailFiles, playThroughRoom, waitForEmailLink, waitForFile,
} from './harness.mjs';

function env(name) {
  const value = process.env[name];
  assert(value, `${name} must be set (tests/tests/e2e.rs sets it)`);
  return value;
}

const E2E_DIR = env('E2E_DIR');
const MAIL_DIR = env('MAIL_DIR');
const RECRUITER_EMAIL = env('RECRUITER_EMAIL');
const CANDIDATE_EMAIL = env('CANDIDATE_EMAIL');
const SECOND_EMAIL = env('SECOND_CANDIDATE_EMAIL');
const COMPANY = env('COMPANY');
const BRAND_COLOR = env('BRAND_COLOR');
const JOB_TITLE = env('JOB_TITLE');
const PASSWORD = 'correct horse battery';
const CANDIDATE_NAME = 'Casey Candidate';
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];
const started = Date.now();

const { browser, self: recruiter, stepAs: step, newActor, artifacts } = await startBrowser(
  'e2e',
  { permissions: CLIPBOARD, actorName: 'recruiter' },
);
const recruiterPage = recruiter.page;

async function signUp(page, { hiring, name, email }) {
  await page.goto('/signup');
  await page.getByLabel(hiring ? "I'm hiring" : "I'm looking for a job").check();
  if (hiring) await page.getByLabel('Company name').fill(COMPANY);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

function writeAtomically(file, text) {
  fs.writeFileSync(`${file}.partial`, text);
  fs.renameSync(`${file}.partial`, file);
}

const answerFor = (n) =>
  `In 2023 I cut our p99 API latency from 800 ms to 120 ms (answer ${n}) by moving the hot path to Rust and adding PostgreSQL read replicas. ` +
  'First I measured with tracing, then I changed one thing at a time and watched the dashboards for a week.';

let exitCode = 0;
try {
  const page = recruiterPage;
  await page.setViewportSize({ width: 1280, height: 900 });
  let jobId;
  let interviewId;

  // ------------------------------------------------------------ 1. the recruiter
  await step(recruiter, 'signs up', async () => {
    await signUp(page, { hiring: true, name: 'Rita Recruiter', email: RECRUITER_EMAIL });
    await page.waitForURL('**/dashboard/recruiter');
    await page.getByRole('heading', { name: 'Recruiter dashboard' }).waitFor();
    await page.getByText(COMPANY).first().waitFor();
  });

  await step(recruiter, 'sets the brand colour in Settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL('**/dashboard/settings');
    await page.getByRole('heading', { name: 'Organisation settings' }).waitFor();
    const hex = page.getByLabel('Brand colour', { exact: true });
    await hex.fill(BRAND_COLOR);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
    // Saved on the server: a reload shows it, and the app shell wears it.
    await page.reload();
    await page.getByLabel('Brand colour', { exact: true }).waitFor();
    const stored = await page.getByLabel('Brand colour', { exact: true }).inputValue();
    assert(stored === BRAND_COLOR, `the colour is kept after a reload (got ${stored})`);
    const shell = await page.locator('.app').getAttribute('style');
    assert((shell ?? '').includes(`--brand: ${BRAND_COLOR}`), `the app shell uses the brand colour (style "${shell}")`);
  });

  await step(recruiter, 'posts a job', async () => {
    await page.goto('/dashboard/recruiter');
    await page.getByRole('link', { name: 'Post a job' }).first().click();
    await page.waitForURL('**/dashboard/jobs/new');
    await page.getByLabel('Job title').fill(JOB_TITLE);
    await page.getByLabel('Description').fill('Keep our Rust services and PostgreSQL databases fast, observable and boring to operate.');
    await page.getByLabel('Required skills').fill('Rust, PostgreSQL, Kubernetes');
    await page.getByLabel('Number of questions').fill('3');
    await page.getByRole('button', { name: 'Post job' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    jobId = new URL(page.url()).pathname.split('/').pop();
    await page.getByRole('heading', { name: JOB_TITLE }).waitFor();
  });

  await step(recruiter, 'schedules an interview for a candidate without an account', async () => {
    await page.getByRole('link', { name: 'Schedule interview' }).first().click();
    await page.waitForURL('**/dashboard/interviews/new**');
    await page.getByLabel('Job', { exact: true }).selectOption({ label: JOB_TITLE });
    await page.getByLabel('Someone else (name and email)').check();
    await page.getByLabel("Candidate's full name").fill(CANDIDATE_NAME);
    await page.getByLabel("Candidate's email").fill(CANDIDATE_EMAIL);
    // Five minutes from now, whole minutes, in the browser's time zone: the link is open.
    const when = await page.evaluate(() => {
      const d = new Date(Date.now() + 5 * 60_000);
      d.setSeconds(0, 0);
      const p = (n) => String(n).padStart(2, '0');
      return {
        local: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`,
        utc: d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''),
      };
    });
    await page.getByLabel('Date and time').fill(when.local);
    await page.getByRole('button', { name: 'Schedule interview' }).click();
    await page.waitForURL(/\/dashboard\/interviews\/[0-9a-f-]{36}$/);
    interviewId = new URL(page.url()).pathname.split('/').pop();
    await page.getByRole('heading', { name: CANDIDATE_NAME }).waitFor();
    await page.getByText(`${BASE_URL}/interview/ready/${interviewId}`).waitFor();
    writeAtomically(path.join(E2E_DIR, 'scheduled.json'), JSON.stringify({ interview_id: interviewId, dtstart_utc: when.utc }));
  });

  // ------------------------------------------------------------ 2. the email (Rust side)
  let link;
  await step(recruiter, 'the invitation is delivered and shown as sent', async () => {
    link = await waitForFile(path.join(E2E_DIR, 'link.txt'), 90_000);
    assert(link.startsWith(`${BASE_URL}/interview/ready/${interviewId}#token=`), `the emailed link (${link})`);
    await page.reload();
    await page.getByText('Email sent').first().waitFor({ timeout: 15_000 });
  });

  await step(recruiter, 'the job list counts in words: "1 interview", never "1 interviews"', async () => {
    await page.goto('/dashboard/jobs');
    await page.getByText(/· 0 applicants · 1 interview · posted/).waitFor();
  });

  // ------------------------------------------------------------ 3. the candidate's checks
  const candidate = await newActor('candidate');
  const cpage = candidate.page;
  await cpage.setViewportSize({ width: 1280, height: 900 });

  await step(candidate, 'opens the emailed link: job and company on the ready page', async () => {
    await cpage.goto(link);
    await cpage.getByRole('heading', { name: /get ready for your interview/i }).waitFor();
    assert(!cpage.url().includes('token='), `the token is removed from the address bar (${cpage.url()})`);
    await cpage.locator('.iv-role-title').filter({ hasText: JOB_TITLE }).waitFor();
    await cpage.locator('.iv-role-company').filter({ hasText: COMPANY }).waitFor();
    await cpage.getByText('3 main questions, with follow-ups').first().waitFor();
    const style = await cpage.locator('.iv-page').getAttribute('style');
    assert((style ?? '').includes(`--brand: ${BRAND_COLOR}`), `the ready page wears the brand colour (style "${style}")`);
  });

  await step(candidate, 'camera preview has a live video track', async () => {
    await cpage.waitForFunction(() => {
      const video = document.querySelector('video');
      const track = video?.srcObject?.getVideoTracks?.()[0];
      return track && track.readyState === 'live' && video.videoWidth > 0;
    }, null, { timeout: 15_000 });
    await cpage.getByText('Camera is working').waitFor();
  });

  await step(candidate, 'microphone meter rises above the threshold', async () => {
    const resume = cpage.getByRole('button', { name: 'Start microphone check' });
    if (await resume.isVisible().catch(() => false)) await resume.click();
    await cpage.waitForFunction(() => {
      const meter = document.querySelector('[data-testid="mic-level"]');
      return meter && Number(meter.dataset.level) > Number(meter.dataset.threshold);
    }, null, { timeout: 15_000 });
    await cpage.getByText('We can hear you').waitFor();
  });

  await step(candidate, 'consent is required before Start', async () => {
    const start = cpage.getByRole('button', { name: 'Start interview' });
    await cpage.getByRole('button', { name: 'Play test sound' }).click();
    await cpage.getByRole('button', { name: 'I heard it' }).click();
    await cpage.getByText('Sound is working').waitFor();
    assert(await start.isDisabled(), 'Start is disabled while consent is not given');
    await cpage.getByLabel(/I understand and agree/).check();
    await cpage.waitForFunction(() => [...document.querySelectorAll('button')]
      .some((b) => b.textContent.trim() === 'Start interview' && !b.disabled));
    await cpage.getByRole('button', { name: 'Start interview' }).click();
    await cpage.waitForURL(/\/interview\/start\//);
    await cpage.getByLabel('Your answer').waitFor();
    await cpage.waitForFunction(() => (document.querySelector('[data-testid="captions"]')?.textContent ?? '').trim().length > 0);
  });

  // ------------------------------------------------------------ 4. the interview
  await step(candidate, 'the timer runs down', async () => {
    const timer = cpage.getByTestId('countdown');
    const first = (await timer.textContent()).trim();
    assert(/^\d{2}:\d{2}$/.test(first), `the timer shows mm:ss (${first})`);
    await cpage.waitForFunction((t) => document.querySelector('[data-testid="countdown"]').textContent.trim() < t, first, { timeout: 5_000 });
  });

  const { answers, progressSeen } = await playThroughRoom(cpage, (title, body) => step(candidate, title, body), answerFor);

  await step(candidate, 'the completion dialog shows', async () => {
    const expected = ['Question 1 of 3', 'Question 2 of 3', 'Question 3 of 3'];
    const mains = progressSeen.filter((p) => expected.includes(p));
    assert(JSON.stringify(mains) === JSON.stringify(expected), `the counter advanced 1, 2, 3 (saw ${progressSeen.join(', ')})`);
    const dialog = cpage.getByRole('dialog', { name: /your interview is complete/i });
    await dialog.waitFor();
    await dialog.getByText(`The team at ${COMPANY} will review your interview`).waitFor();
  });

  // ------------------------------------------------------------ 5. the candidate dashboard
  await step(candidate, 'the interview link opens only the interview: a password link is emailed', async () => {
    const dialog = cpage.getByRole('dialog', { name: /your interview is complete/i });
    await dialog.getByRole('link', { name: 'Back to the interview page' }).click();
    await cpage.waitForURL(`**/interview/ready/${interviewId}`);
    await cpage.getByRole('heading', { name: /completed this interview/i }).waitFor();
    // The link session ends with the interview; until the page is left it can still ask for
    // a link to set a password (which is what opens the account and its dashboard).
    await cpage.getByText('You signed in with your interview link, which opens only your interview.').waitFor();
    const before = emailFiles(MAIL_DIR);
    await cpage.getByRole('button', { name: 'Email me a link to set a password' }).click();
    await cpage.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();
    const resetLink = await waitForEmailLink(MAIL_DIR, CANDIDATE_EMAIL, '/reset-password', { ignore: before, timeoutMs: 60_000 });
    await cpage.goto(resetLink);
    await cpage.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await cpage.getByLabel('Repeat the new password').fill(PASSWORD);
    await cpage.getByRole('button', { name: 'Save password and sign in' }).click();
    await cpage.waitForURL('**/dashboard/jobseeker');
  });

  await step(candidate, 'dashboard: Copy link puts exactly the full link on the clipboard', async () => {
    await cpage.getByRole('heading', { name: JOB_TITLE }).waitFor();
    await cpage.getByText(COMPANY).first().waitFor();
    await cpage.getByText('You have completed this interview').waitFor();
    await cpage.getByRole('button', { name: /Copy link/ }).click();
    await cpage.getByRole('button', { name: /Copy link/ }).filter({ hasText: 'Copied!' }).waitFor();
    const copied = await cpage.evaluate(() => navigator.clipboard.readText());
    assert(copied === `${BASE_URL}/interview/ready/${interviewId}`, `the clipboard holds the full link without a token (got ${copied})`);
  });

  // ------------------------------------------------------------ 6. the recruiter's report
  await step(recruiter, 'dashboard shows the interview completed', async () => {
    await page.goto('/dashboard/recruiter');
    const row = page.locator('section[aria-labelledby="recent-title"] li').filter({ hasText: CANDIDATE_NAME });
    await row.waitFor();
    await row.getByText('Completed', { exact: true }).waitFor();
  });

  await step(recruiter, 'report: typed answers, scores and evidence', async () => {
    await page.getByRole('link', { name: CANDIDATE_NAME }).click();
    await page.waitForURL(`**/dashboard/interviews/${interviewId}`);
    await page.getByRole('link', { name: 'View report' }).click();
    await page.waitForURL(`**/dashboard/interviews/${interviewId}/report`);
    await page.getByRole('heading', { name: `${CANDIDATE_NAME} · ${JOB_TITLE}` }).waitFor();
    // The evaluation runs in the background; the page polls until it is done.
    await page.locator('.score-big').waitFor({ timeout: 90_000 });
    assert(!(await page.getByText('The evaluation is still running').count()), 'the evaluation finished');
    const overall = Number(await page.locator('.score-big strong').textContent());
    assert(overall >= 0 && overall <= 100, `an overall score out of 100 (${overall})`);
    const transcript = (await page.locator('.transcript').textContent()).replace(/\s+/g, ' ');
    for (const answer of answers) {
      assert(transcript.includes(`Candidate: ${answer.replace(/\s+/g, ' ')}`), `the transcript has the typed answer "${answer}"`);
    }
    const scores = await page.locator('.question .badge-info').allTextContents();
    assert(scores.length >= 3 && scores.every((s) => /^Score \d \/ 5$/.test(s.trim())), `every question is scored (${scores.join(', ')})`);
    const quotes = await page.locator('blockquote.evidence').allTextContents();
    assert(quotes.length >= 3, `evidence quotes for the answers (${quotes.length})`);
    for (const quote of quotes) {
      const text = quote.trim().replace(/…$/, '');
      assert(text.length > 10 && answers.some((a) => a.includes(text)), `the evidence "${quote}" quotes a typed answer`);
    }
  });

  // ------------------------------------------------------------ 7. negative paths
  const second = await newActor('second-candidate');
  const spage = second.page;
  await spage.setViewportSize({ width: 1280, height: 900 });
  let expiring;

  await step(second, 'a second candidate signs up and confirms the address', async () => {
    await signUp(spage, { hiring: false, name: 'Sam Second', email: SECOND_EMAIL });
    await spage.waitForURL('**/dashboard/jobseeker');
    await spage.getByText('No interviews yet').waitFor();
    await spage.getByRole('region', { name: 'Confirm your email address' }).waitFor();
    // Interviews reach an account only through a proven address.
    await spage.goto(await waitForEmailLink(MAIL_DIR, SECOND_EMAIL, '/verify-email', { timeoutMs: 60_000 }));
    await spage.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
    // The recruiter (over the API) gives them an interview; the Rust side then moves its
    // window into the past (E2E_DIR/expire.txt), so it is expired without waiting.
    const session = await api('POST', '/auth/login', { email: RECRUITER_EMAIL, password: PASSWORD });
    expiring = await api('POST', '/interviews', {
      job_id: jobId,
      candidate: { full_name: 'Sam Second', email: SECOND_EMAIL },
      scheduled_at: new Date(Date.now() + 60 * 60_000).toISOString(),
    }, session.access_token);
    writeAtomically(path.join(E2E_DIR, 'expire.txt'), expiring.id);
  });

  await step(second, "the first candidate's link says it is not theirs", async () => {
    await spage.goto(`/interview/ready/${interviewId}`);
    await spage.getByRole('heading', { name: 'This interview belongs to another candidate' }).waitFor();
    await spage.getByText(SECOND_EMAIL).waitFor();
    assert(!(await spage.getByText(JOB_TITLE).count()), 'nothing about the interview is shown');
  });

  await step(second, 'an expired link shows the expired state', async () => {
    assert(await waitForFile(path.join(E2E_DIR, 'expired.txt'), 30_000) === expiring.id, 'the window was moved');
    await spage.goto(`/interview/ready/${expiring.id}`);
    await spage.getByRole('heading', { name: 'This interview link has expired' }).waitFor();
    await spage.getByText(`ask ${COMPANY} for a new time`).waitFor();
    await spage.goto('/dashboard/jobseeker');
    await spage.getByRole('heading', { name: JOB_TITLE }).waitFor();
    await spage.getByText('This link has expired. Ask the recruiter for a new one.').waitFor();
  });

  console.log(`e2e: all steps passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifacts}`);
} catch {
  exitCode = 1;
} finally {
  await browser.close();
}
process.exit(exitCode);
