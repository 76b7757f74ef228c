// Integrations end to end: a recruiter signs up, opens Settings → Integrations, creates a
// read-and-write API key (shown once, starts with ifk_, copied to the clipboard; after a
// reload only its prefix is listed), uses it from node (200), revokes it in the UI (401);
// then checks the webhook form (inline validation, the server's error for ftp://x under
// the URL field), registers an endpoint on a receiver this script runs itself, sees the
// signed ping delivered in the delivery log, redelivers it, and deletes the endpoint.
// Needs a server with WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true. Screenshots at 1280 and 360 px.
import http from 'node:http';
import crypto from 'node:crypto';
import { run, assert, eventually, BASE_URL } from './harness.mjs';

const stamp = Date.now();
const email = `ivy.${stamp}@example.com`;
const password = 'correct horse battery';

// A tiny webhook receiver on 127.0.0.1 that records what it gets.
const received = [];
const receiver = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    received.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(204);
    res.end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${receiver.address().port}/hooks/interview-flow`;

async function apiWithKey(key) {
  const response = await fetch(`${BASE_URL}/api/v1/interviews`, {
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json' },
  });
  return response.status;
}

async function noHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
}

// Clicks Refresh in the delivery log until `text` shows up in it (or times out).
async function refreshUntil(log, locator, what) {
  for (let i = 0; i < 40; i += 1) {
    if (await locator.count() > 0 && await locator.first().isVisible()) return;
    const refresh = log.getByRole('button', { name: 'Refresh' });
    await refresh.waitFor();
    await refresh.click();
    await log.getByRole('button', { name: 'Refresh' }).waitFor();
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what} did not appear in the delivery log`);
}

try {
  await run('integrations', { permissions: ['clipboard-read', 'clipboard-write'] }, async ({ page, step }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    let key;
    let prefix;
    let secret;

    await step('recruiter signs up', async () => {
      await page.goto('/signup');
      await page.getByLabel("I'm hiring").check();
      await page.getByLabel('Company name').fill('Acme Robotics');
      await page.getByLabel('Full name').fill('Ivy Integrator');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.waitForURL('**/dashboard/recruiter');
    });

    await step('settings link to integrations', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL('**/dashboard/settings');
      await page.getByRole('heading', { name: 'Integrations' }).waitFor();
      await page.getByRole('link', { name: 'Manage API keys and webhooks' }).click();
      await page.waitForURL('**/dashboard/settings/integrations');
      await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
      await page.getByText('No API keys yet').waitFor();
      await page.getByText('No webhook endpoints yet').waitFor();
      await page.getByText('Authorization: Bearer <key>').waitFor();
      const docs = await page.getByRole('link', { name: /API reference/ }).first().getAttribute('href');
      assert(docs === '/api/docs', `links the API reference (got ${docs})`);
    });

    await step('key name is required', async () => {
      await page.getByRole('button', { name: 'Create API key' }).click();
      await page.getByText('Give the key a name').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'api-key-name', `focus moves to the name (got ${focused})`);
    });

    await step('create a read-and-write key: shown once', async () => {
      await page.getByLabel('Key name').fill('Greenhouse');
      await page.getByLabel('Read and write').check();
      await page.getByRole('button', { name: 'Create API key' }).click();
      const box = page.getByRole('region', { name: /Your new API key/ });
      await box.waitFor();
      await box.getByText('it will not be shown again').waitFor();
      key = (await page.locator('#new-api-key').textContent()).trim();
      assert(key.startsWith('ifk_'), `the key starts with ifk_ (got ${key.slice(0, 6)}…)`);
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'new-api-key-title', `focus moves to the new key (got ${focused})`);
      await box.getByRole('button', { name: 'Copy the new API key' }).click();
      await box.getByText('Copied!').waitFor();
      const clip = await page.evaluate(() => navigator.clipboard.readText());
      assert(clip === key, 'Copy puts exactly the key on the clipboard');
      const row = page.getByRole('list', { name: 'API keys' }).getByRole('listitem').filter({ hasText: 'Greenhouse' });
      await row.waitFor();
      await row.getByText('read', { exact: true }).waitFor();
      await row.getByText('write', { exact: true }).waitFor();
      await row.getByText('Never used').waitFor();
    });

    await step('the key works from outside the browser', async () => {
      const status = await apiWithKey(key);
      assert(status === 200, `GET /api/v1/interviews with the key answers 200 (got ${status})`);
    });

    await step('after a reload only the prefix is listed', async () => {
      await page.reload();
      const row = page.getByRole('list', { name: 'API keys' }).getByRole('listitem').filter({ hasText: 'Greenhouse' });
      await row.waitFor();
      prefix = (await row.locator('.key-prefix').textContent()).trim().replace(/…$/, '');
      assert(prefix.startsWith('ifk_') && key.startsWith(prefix) && prefix.length < key.length, `prefix ${prefix} is the key's start`);
      assert(await page.locator('#new-api-key').count() === 0, 'the secret box is gone');
      const html = await page.content();
      assert(!html.includes(key), 'the key is nowhere on the page');
      await row.getByText(/Last used/).waitFor();
    });

    await step('revoke the key with confirmation', async () => {
      await page.getByRole('button', { name: 'Revoke Greenhouse' }).click();
      await page.getByText('Revoke “Greenhouse”? Anything using it stops working at once').waitFor();
      await page.getByRole('button', { name: 'Yes, revoke' }).click();
      await page.getByText('The key “Greenhouse” was revoked').waitFor();
      await page.getByText('No API keys yet').waitFor();
      const status = await apiWithKey(key);
      assert(status === 401, `the revoked key is refused with 401 (got ${status})`);
    });

    await step('webhook form validates inline', async () => {
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText('Enter the URL of your endpoint').waitFor();
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'webhook-url', `focus moves to the URL (got ${focused})`);
      await page.getByLabel('Endpoint URL').fill('ftp://x');
      for (const box of await page.getByRole('group', { name: 'Events' }).getByRole('checkbox').all()) {
        await box.uncheck();
      }
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByText('Choose at least one event').waitFor();
      await page.getByRole('checkbox', { name: /interview\.completed/ }).check();
      await page.getByRole('checkbox', { name: /interview\.scheduled/ }).check();
    });

    await step("the server's URL error shows under the field", async () => {
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const error = page.locator('#webhook-url-error');
      await error.waitFor();
      const text = await error.textContent();
      assert(/https:\/\//.test(text) && /ftp/.test(text), `the server's message is shown (got ${text})`);
      const invalid = await page.getByLabel('Endpoint URL').getAttribute('aria-invalid');
      assert(invalid === 'true', 'the URL field is marked invalid');
      const describedBy = await page.getByLabel('Endpoint URL').getAttribute('aria-describedby');
      assert(describedBy.includes('webhook-url-error'), 'the error is linked to the field');
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert(focused === 'webhook-url', `focus moves to the URL (got ${focused})`);
    });

    await step('register an endpoint: secret shown once', async () => {
      await page.getByLabel('Endpoint URL').fill(hookUrl);
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      const box = page.getByRole('region', { name: 'Signing secret of your new endpoint' });
      await box.waitFor();
      await box.getByText('it will not be shown again').waitFor();
      secret = (await page.locator('#new-webhook-secret').textContent()).trim();
      assert(secret.startsWith('whsec_'), `the secret starts with whsec_ (got ${secret.slice(0, 7)}…)`);
      const row = page.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').filter({ hasText: hookUrl });
      await row.waitFor();
      await row.getByText('interview.completed').waitFor();
      await row.getByText('interview.scheduled').waitFor();
      assert(await row.getByText('email.failed').count() === 0, 'only the chosen events are listed');
    });

    await step('the ping is delivered and shows in the log', async () => {
      const log = page.locator('.delivery-log').first();
      await log.getByRole('table').waitFor();
      await log.getByText('webhook.ping').waitFor();
      await refreshUntil(log, log.getByText('Delivered', { exact: true }), 'a delivered ping');
      const cells = await log.locator('tbody tr').first().locator('td').allTextContents();
      assert(cells.some((c) => c.trim() === '204'), `the response code is shown (got ${cells.join(' | ')})`);
      assert(received.length >= 1, 'the receiver got the ping');
      const ping = received[0];
      const id = ping.headers['webhook-id'];
      const timestamp = ping.headers['webhook-timestamp'];
      const signature = ping.headers['webhook-signature'];
      const expected = crypto
        .createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
        .update(`${id}.${timestamp}.${ping.body}`)
        .digest('base64');
      assert(signature.split(' ').includes(`v1,${expected}`), 'the ping is signed with the shown secret');
    });

    await step('redeliver a delivery', async () => {
      const before = received.length;
      const log = page.locator('.delivery-log').first();
      await log.getByRole('button', { name: /^Redeliver webhook\.ping/ }).first().click();
      await log.getByText('Queued again').waitFor();
      await eventually('the receiver gets the delivery again', () => received.length > before, { timeoutMs: 10_000 });
      assert(received.at(-1).headers['webhook-id'] === received[0].headers['webhook-id'], 'same webhook-id');
      await refreshUntil(log, log.getByText('Delivered', { exact: true }), 'the redelivered ping');
    });

    await step('phone-sized viewport', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator('.delivery-log').first().getByText('webhook.ping').waitFor();
      await noHorizontalScroll(page);
    });

    await step('delete the endpoint with confirmation', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      const row = page.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').filter({ hasText: hookUrl });
      await row.getByRole('group', { name: `Endpoint ${hookUrl}` }).getByRole('button', { name: 'Delete endpoint' }).click();
      await row.getByText('Delete this endpoint?').waitFor();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText('No webhook endpoints yet').waitFor();
      await page.getByText('was deleted; nothing more will be sent to it').waitFor();
    });
  });
} finally {
  receiver.close();
}
