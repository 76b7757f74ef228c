// The recruiter workspace and the candidate dashboard end to end: a recruiter signs up,
// posts a job (inline validation first), schedules an interview for a candidate who signed
// up and confirmed their address (the verification email from OUTBOX_DIR; interviews reach
// an account only through a proven address); the candidate sees the card, copies EXACTLY the full link to the clipboard ("Copied!"
// appears, is announced and resets), and a signed-out reload of a protected page goes to
// sign-in and back. Screenshots at 1280 and 360 px wide.
import { run, assert, BASE_URL, waitForEmailLink } from './harness.mjs';

const OUTBOX_DIR = process.env.OUTBOX_DIR;
assert(OUTBOX_DIR, 'OUTBOX_DIR must point at the server DATA_DIR/outbox');

const stamp = Date.now();
const recruiterEmail = `rita.${stamp}@example.com`;
const candidateEmail = `carl.${stamp}@example.com`;
const password = 'correct horse battery';
const jobTitle = `Platform Engineer ${stamp}`;

async function signUp(page, { hiring, name, email }) {
  await page.goto('/signup');
  await page.getByLabel(hiring ? "I'm hiring" : "I'm looking for a job").check();
  if (hiring) await page.getByLabel('Company name').fill('Acme Robotics');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

async function noHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
}

await run('dashboards', { permissions: ['clipboard-read', 'clipboard-write'] }, async ({ browser, page, step }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  let interviewId;

  await step('recruiter signs up', async () => {
    await signUp(page, { hiring: true, name: 'Rita Recruiter', email: recruiterEmail });
    await page.waitForURL('**/dashboard/recruiter');
    await page.getByRole('heading', { name: 'Upcoming interviews' }).waitFor();
    await page.getByText('No upcoming interviews').waitFor();
    const current = await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').textContent();
    assert(current.trim() === 'Dashboard', `nav marks the current page (got ${current})`);
  });

  await step('job form validates inline', async () => {
    await page.getByRole('link', { name: 'Post a job' }).first().click();
    await page.waitForURL('**/dashboard/jobs/new');
    await page.getByLabel('Job title').fill('QA');
    await page.getByLabel('Description').fill('Too short');
    await page.getByLabel('Number of questions').fill('20');
    await page.getByRole('button', { name: 'Post job' }).click();
    await page.getByText('Title must be at least 3 characters').waitFor();
    await page.getByText('Description must be at least 20 characters').waitFor();
    await page.getByText('The number of questions must be between 3 and 15').waitFor();
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === 'job-title', `focus moves to the first invalid field (got ${focused})`);
    assert(new URL(page.url()).pathname === '/dashboard/jobs/new', 'stays on the form');
  });

  await step('recruiter posts the job', async () => {
    await page.getByLabel('Job title').fill(jobTitle);
    await page.getByLabel('Description').fill('Build and run the platform our robots depend on: CI, Kubernetes, observability.');
    await page.getByLabel('Required skills').fill('Kubernetes, Go, kubernetes, Terraform');
    await page.getByLabel('Number of questions').fill('5');
    await page.getByRole('button', { name: 'Post job' }).click();
    await page.waitForURL(/\/dashboard\/jobs\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: jobTitle }).waitFor();
    await page.getByText('No applicants yet').waitFor();
    // Skills are de-duplicated ignoring case, like the server does.
    assert((await page.locator('.chip').count()) === 3, 'three distinct skills');
  });

  // The candidate signs up in their own browser profile.
  const candidateContext = await browser.newContext({ baseURL: BASE_URL, permissions: ['clipboard-read', 'clipboard-write'] });
  const candidate = await candidateContext.newPage();

  await step('candidate signs up and has no interviews yet', async () => {
    await signUp(candidate, { hiring: false, name: 'Carl Candidate', email: candidateEmail });
    await candidate.waitForURL('**/dashboard/jobseeker');
    await candidate.getByText('No interviews yet').waitFor();
    await candidate.getByRole('region', { name: 'Confirm your email address' }).waitFor();
  });

  await step('candidate confirms their address with the emailed link', async () => {
    await candidate.goto(await waitForEmailLink(OUTBOX_DIR, candidateEmail, '/verify-email'));
    await candidate.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
    await candidate.getByRole('link', { name: 'Continue' }).click();
    await candidate.waitForURL('**/dashboard/jobseeker');
    await candidate.getByText('No interviews yet').waitFor();
    assert(!(await candidate.getByRole('region', { name: 'Confirm your email address' }).count()), 'the banner is gone');
  });

  await step('recruiter schedules an interview (past time refused inline)', async () => {
    await page.getByRole('link', { name: 'Schedule interview' }).first().click();
    await page.waitForURL('**/dashboard/interviews/new**');
    await page.getByText(/Times are in .+ \(UTC[+-]\d\d:\d\d\)/).first().waitFor();
    await page.getByLabel('Job', { exact: true }).selectOption({ label: jobTitle });
    await page.getByLabel('Someone else (name and email)').check();
    await page.getByLabel("Candidate's full name").fill('Carl Candidate');
    await page.getByLabel("Candidate's email").fill(candidateEmail);
    await page.getByLabel('Date and time').fill('2020-01-01T10:00');
    await page.getByRole('button', { name: 'Schedule interview' }).click();
    await page.getByText('The interview must be scheduled in the future.').waitFor();
    // Two hours from now, so the link is "not open yet" and the candidate sees a countdown.
    const later = await page.evaluate(() => {
      const d = new Date(Date.now() + 2 * 3600 * 1000);
      const p = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    });
    await page.getByLabel('Date and time').fill(later);
    await page.getByRole('button', { name: 'Schedule interview' }).click();
    await page.waitForURL(/\/dashboard\/interviews\/[0-9a-f-]{36}$/);
    interviewId = new URL(page.url()).pathname.split('/').pop();
    await page.getByRole('heading', { name: 'Carl Candidate' }).waitFor();
    await page.getByText(`${BASE_URL}/interview/ready/${interviewId}`).waitFor();
    await page.getByText(/Email (queued|sent)/).first().waitFor();
  });

  await step('recruiter dashboard lists it with its email status', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL('**/dashboard/recruiter');
    await page.getByRole('link', { name: 'Carl Candidate' }).waitFor();
    await page.getByRole('button', { name: 'Resend invitation' }).waitFor();
  });

  await step('candidate dashboard shows the interview card', async () => {
    await candidate.reload();
    await candidate.getByRole('heading', { name: jobTitle }).waitFor();
    await candidate.getByText('Acme Robotics').first().waitFor();
    await candidate.getByText(/Opens in \d+ h \d+ min/).waitFor();
    await candidate.getByText(`${BASE_URL}/interview/ready/${interviewId}`).waitFor();
    await candidate.getByText(/Times are in .+\(UTC/).waitFor();
    await candidate.screenshot({ path: `${process.env.ARTIFACTS_DIR ?? 'artifacts'}/dashboards${process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''}/candidate-1280.png`, fullPage: true });
  });

  await step('Copy link puts exactly the full link on the clipboard', async () => {
    const button = candidate.getByRole('button', { name: /Copy link/ });
    await button.click();
    await candidate.getByRole('button', { name: /Copy link/ }).filter({ hasText: 'Copied!' }).waitFor();
    await candidate.getByRole('status').filter({ hasText: 'Link copied to the clipboard.' }).waitFor({ state: 'attached' });
    const copied = await candidate.evaluate(() => navigator.clipboard.readText());
    assert(copied === `${BASE_URL}/interview/ready/${interviewId}`, `clipboard holds the full link (got ${copied})`);
    await candidate.getByRole('button', { name: /Copy link/ }).filter({ hasText: 'Copy link' }).waitFor({ timeout: 5000 });
    const open = candidate.getByRole('link', { name: 'Open', exact: true });
    assert((await open.getAttribute('href')) === `/interview/ready/${interviewId}`, 'Open goes to the ready page');
  });

  await step('candidate dashboard at 360px', async () => {
    await candidate.setViewportSize({ width: 360, height: 800 });
    await candidate.reload();
    await candidate.getByRole('heading', { name: jobTitle }).waitFor();
    await noHorizontalScroll(candidate);
    await candidate.screenshot({ path: `${process.env.ARTIFACTS_DIR ?? 'artifacts'}/dashboards${process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''}/candidate-360.png`, fullPage: true });
  });

  await step('recruiter pages at 360px', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    for (const path of ['/dashboard/recruiter', `/dashboard/interviews/${interviewId}`, '/dashboard/interviews/new', '/dashboard/jobs']) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      await noHorizontalScroll(page);
    }
    await page.goto('/dashboard/recruiter');
    await page.getByRole('link', { name: 'Carl Candidate' }).waitFor();
  });

  await step('signed out on a protected page: sign in and come back', async () => {
    await candidate.setViewportSize({ width: 1280, height: 900 });
    await candidateContext.clearCookies();
    await candidate.goto('/dashboard/jobseeker');
    await candidate.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/dashboard/jobseeker');
    await candidate.getByLabel('Email').fill(candidateEmail);
    await candidate.getByLabel('Password').fill(password);
    await candidate.getByRole('button', { name: 'Sign in' }).click();
    await candidate.waitForURL(`${BASE_URL}/dashboard/jobseeker`);
    await candidate.getByRole('heading', { name: jobTitle }).waitFor();
  });

  await candidateContext.close();
});
