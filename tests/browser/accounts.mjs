// The WASM app end to end for accounts: landing, sign-up with inline validation, the
// signed-in shell from /me, a reload that keeps the session (refresh cookie), sign-out,
// and a protected page sending a signed-out visitor to sign-in and back.
import { run, assert, BASE_URL } from './harness.mjs';

const email = `ann.${Date.now()}@example.com`;
const password = 'correct horse battery';

await run('accounts', {}, async ({ page, step }) => {
  await step('landing page renders', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: /create an account/i }).first().waitFor();
  });

  await step('sign-up validates inline', async () => {
    await page.goto('/signup');
    await page.getByLabel("I'm hiring").check();
    await page.getByLabel('Company name').fill('Acme Robotics');
    await page.getByLabel('Full name').fill('Ann Lee');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Enter a valid email address').waitFor();
    await page.getByText('Password must be at least 10 characters').waitFor();
    assert(new URL(page.url()).pathname === '/signup', 'stays on the form');
  });

  await step('sign-up lands in the signed-in shell', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard/recruiter');
    await page.getByRole('heading', { name: 'Recruiter dashboard' }).waitFor();
    await page.getByText('Ann Lee').first().waitFor();
    await page.getByText('Acme Robotics').first().waitFor();
  });

  await step('a reload keeps the session', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Recruiter dashboard' }).waitFor();
    await page.getByText('Ann Lee').first().waitFor();
  });

  await step('sign out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin**');
  });

  await step('a protected page sends you to sign-in and back', async () => {
    await page.goto('/dashboard/recruiter');
    await page.waitForURL((url) => url.pathname === '/signin' && url.searchParams.get('next') === '/dashboard/recruiter');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is incorrect.').waitFor();
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${BASE_URL}/dashboard/recruiter`);
    await page.getByText('Ann Lee').first().waitFor();
  });

  await step('phone-sized viewport', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByRole('heading', { name: 'Recruiter dashboard' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scrolling at 360px (overflow ${overflow}px)`);
  });
});
