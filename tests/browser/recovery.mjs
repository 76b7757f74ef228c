// Account trust flows in the WASM app against a real server, reading the emails the server
// writes to OUTBOX_DIR:
//  1. sign-up -> "Confirm your email address" banner -> "Send it again" -> the emailed
//     /verify-email link confirms the address (token removed from the URL) -> banner gone;
//  2. "Forgot password?" -> neutral answer -> the emailed /reset-password link sets a new
//     password and signs in; the old password stops working, the used link says so;
//  3. a signed-out visitor of an interview page asks for a sign-in link -> the emailed link
//     opens the ready page with a session for that interview only: the dashboard explains
//     that and emails a link to set a password, which turns it into a full account; an
//     emailed link that no longer works offers a new one.
import { run, assert, BASE_URL, api, emailFiles, waitForEmailLink } from './harness.mjs';

const OUTBOX_DIR = process.env.OUTBOX_DIR;
assert(OUTBOX_DIR, 'OUTBOX_DIR must point at the server DATA_DIR/outbox');
const stamp = Date.now();
const password = 'correct horse battery';
const newPassword = 'purple elephant staircase';

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/signin**');
}

await run('recovery', {}, async ({ browser, page, step }) => {
  const email = `nora.${stamp}@example.com`;

  // ------------------------------------------------------------ 1. email verification
  await step('sign-up shows the confirm-your-email banner', async () => {
    await page.goto('/signup');
    await page.getByLabel("I'm looking for a job").check();
    await page.getByLabel('Full name').fill('Nora North');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard/jobseeker');
    const banner = page.getByRole('region', { name: 'Confirm your email address' });
    await banner.waitFor();
    await banner.getByText(email).waitFor();
    await banner.getByText('Interviews sent to this address appear here once it is confirmed.').waitFor();
  });

  await step('"Send it again" sends a new confirmation email', async () => {
    await waitForEmailLink(OUTBOX_DIR, email, '/verify-email');
    const before = emailFiles(OUTBOX_DIR);
    await page.getByRole('button', { name: 'Send it again' }).click();
    await page.getByRole('status').filter({ hasText: 'We have emailed you a new confirmation link' }).waitFor();
    await waitForEmailLink(OUTBOX_DIR, email, '/verify-email', { ignore: before });
  });

  await step('the emailed link confirms the address', async () => {
    const link = await waitForEmailLink(OUTBOX_DIR, email, '/verify-email');
    assert(link.startsWith(`${BASE_URL}/verify-email#token=`), `the verification link (${link})`);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
    assert(!page.url().includes('token='), `the token is removed from the URL (${page.url()})`);
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.waitForURL('**/dashboard/jobseeker');
    await page.getByRole('heading', { name: 'Your interviews' }).waitFor();
    await page.getByText('No interviews yet').waitFor();
    assert(!(await page.getByRole('region', { name: 'Confirm your email address' }).count()), 'the banner is gone');
  });

  // ------------------------------------------------------------ 2. forgotten password
  let resetLink;
  await step('"Forgot password?" emails a link (neutral answer)', async () => {
    await signOut(page);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL('**/forgot-password**');
    assert(await page.getByLabel('Email').inputValue() === email, 'the typed address is carried over');
    const before = emailFiles(OUTBOX_DIR);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();
    resetLink = await waitForEmailLink(OUTBOX_DIR, email, '/reset-password', { ignore: before });
    assert(resetLink.startsWith(`${BASE_URL}/reset-password#token=`), `the reset link (${resetLink})`);
  });

  await step('the reset link sets the new password and signs in', async () => {
    await page.goto(resetLink);
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    assert(!page.url().includes('token='), `the token is removed from the URL (${page.url()})`);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.getByText('The two passwords do not match.').waitFor();
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.waitForURL('**/dashboard/jobseeker');
    await page.getByText('Nora North').first().waitFor();
  });

  await step('only the new password works', async () => {
    await signOut(page);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is incorrect.').waitFor();
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard/jobseeker');
  });

  await step('the account page changes a password only with the current one', async () => {
    await page.goto('/dashboard/account');
    await page.getByRole('heading', { name: 'Change your password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the new password').fill(password);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByText('Enter your current password.').waitFor();
    await page.getByLabel('Current password').fill(newPassword);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
  });

  await step('a used reset link says so and offers a new one', async () => {
    await page.goto(resetLink);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await page.getByRole('heading', { name: 'This link no longer works' }).waitFor();
    await page.getByRole('link', { name: 'Email me a new link' }).click();
    await page.waitForURL('**/forgot-password');
  });

  // ------------------------------------------------------------ 3. interview sign-in link
  const recruiter = await api('POST', '/auth/register', {
    email: `rita.${stamp}@example.com`,
    password,
    full_name: 'Rita Recruiter',
    role: 'recruiter',
    company_name: 'Harbor Labs',
  });
  const job = await api('POST', '/jobs', {
    title: 'Firmware Engineer',
    description: 'Write and test the firmware of our harbour sensors.',
    required_skills: ['C', 'Rust'],
    question_count: 3,
    time_limit_minutes: 15,
  }, recruiter.access_token);
  const candidateEmail = `olga.${stamp}@example.com`;
  const interview = await api('POST', '/interviews', {
    job_id: job.id,
    candidate: { full_name: 'Olga Open', email: candidateEmail },
    scheduled_at: new Date(Date.now() + 5 * 60_000).toISOString(),
  }, recruiter.access_token);
  const invitation = await waitForEmailLink(OUTBOX_DIR, candidateEmail, `/interview/ready/${interview.id}`);

  const visitorContext = await browser.newContext({ baseURL: BASE_URL });
  const visitor = await visitorContext.newPage();
  let signInLink;

  await step('a signed-out visitor of the ready page can have a sign-in link emailed', async () => {
    await visitor.goto(`/interview/ready/${interview.id}`);
    await visitor.getByRole('heading', { name: 'Sign in to open your interview' }).waitFor();
    await visitor.getByRole('link', { name: 'Sign in' }).waitFor();
    await visitor.getByRole('heading', { name: 'Email me a sign-in link for this interview' }).waitFor();
    const before = emailFiles(OUTBOX_DIR);
    await visitor.getByLabel('Your email').fill(candidateEmail);
    await visitor.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await visitor.getByRole('status').filter({ hasText: 'a new sign-in link is on its way' }).waitFor();
    signInLink = await waitForEmailLink(OUTBOX_DIR, candidateEmail, `/interview/ready/${interview.id}`, { ignore: before });
    assert(signInLink !== invitation, 'a fresh link, not the invitation again');
    await visitor.screenshot({ path: `${process.env.ARTIFACTS_DIR ?? 'artifacts'}/recovery${process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''}/signed-out-ready.png`, fullPage: true });
  });

  await step("the emailed sign-in link opens the interview's ready page", async () => {
    // From another page: a fragment-only change would not load the page again.
    await visitor.goto('about:blank');
    await visitor.goto(signInLink);
    await visitor.getByRole('heading', { name: /get ready for your interview/i }).waitFor();
    assert(!visitor.url().includes('token='), `the token is removed from the URL (${visitor.url()})`);
    await visitor.getByText('Firmware Engineer').first().waitFor();
  });

  await step('the link session explains the account pages and emails a password link', async () => {
    await visitor.goto('/dashboard/jobseeker');
    await visitor.getByText('You signed in with your interview link, which opens only your interview.').waitFor();
    const nav = visitor.getByRole('navigation', { name: 'Main' });
    assert(!(await nav.getByRole('link', { name: 'My interviews' }).count()), 'no dashboard link in the navigation');
    assert((await nav.getByRole('link', { name: 'Your interview' }).getAttribute('href')) === `/interview/ready/${interview.id}`, 'the navigation leads back to the interview');
    const before = emailFiles(OUTBOX_DIR);
    await visitor.getByRole('button', { name: 'Email me a link to set a password' }).click();
    await visitor.getByRole('status').filter({ hasText: 'If an account uses this address' }).waitFor();
    await visitor.screenshot({ path: `${process.env.ARTIFACTS_DIR ?? 'artifacts'}/recovery${process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''}/link-session-dashboard.png`, fullPage: true });
    const link = await waitForEmailLink(OUTBOX_DIR, candidateEmail, '/reset-password', { ignore: before });
    await visitor.goto(link);
    await visitor.getByLabel('New password', { exact: true }).fill(newPassword);
    await visitor.getByLabel('Repeat the new password').fill(newPassword);
    await visitor.getByRole('button', { name: 'Save password and sign in' }).click();
    await visitor.waitForURL('**/dashboard/jobseeker');
    await visitor.getByRole('heading', { name: 'Firmware Engineer' }).waitFor();
    await visitor.getByText('Harbor Labs').first().waitFor();
  });

  await step('an emailed link that no longer works offers a new one', async () => {
    const fresh = await browser.newContext({ baseURL: BASE_URL });
    const other = await fresh.newPage();
    try {
      // Setting a password ended the emailed sign-in links.
      await other.goto(signInLink);
      await other.getByRole('heading', { name: "We couldn't sign you in with this link" }).waitFor();
      await other.getByText('This sign-in link is invalid or no longer works.').waitFor();
      assert(!other.url().includes('token='), `the token is removed from the URL (${other.url()})`);
      await other.getByRole('button', { name: 'Email me a sign-in link' }).waitFor();
    } finally {
      await fresh.close();
    }
  });

  await visitorContext.close();
});
