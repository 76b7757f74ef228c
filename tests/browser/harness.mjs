// Browser-test harness: Debian's Chromium driven by playwright-core (no browser downloads),
// with fake camera and microphone, a screenshot of every step, and on failure the
// screenshot and the browser console log of the failing step, paths printed.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export async function startBrowser(testName, { permissions = [] } = {}) {
  const artifacts = path.resolve(process.env.ARTIFACTS_DIR ?? 'artifacts', testName + (process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''));
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ baseURL: BASE_URL, permissions });
  const page = await context.newPage();
  const consoleLines = [];
  const pageErrors = [];
  page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => {
    pageErrors.push(err);
    consoleLines.push(`[pageerror] ${err.stack ?? err}`);
  });
  let stepNumber = 0;

  // Runs one named step; screenshots it; on failure saves screenshot + console log.
  async function step(name, body) {
    stepNumber += 1;
    const base = path.join(artifacts, `${String(stepNumber).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-')}`);
    try {
      await body();
      if (pageErrors.length > 0) {
        throw new Error(`uncaught error in the page: ${pageErrors[0].stack ?? pageErrors[0]}`);
      }
      await page.screenshot({ path: `${base}.png`, fullPage: true });
      console.log(`ok - ${name}`);
    } catch (error) {
      const shot = `${base}.FAILED.png`;
      const log = `${base}.console.log`;
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      fs.writeFileSync(log, consoleLines.join('\n') + '\n');
      console.error(`not ok - ${name}: ${error.message}`);
      console.error(`  screenshot: ${shot}`);
      console.error(`  console log: ${log}`);
      throw error;
    }
  }

  return { browser, context, page, step, artifacts, consoleLines };
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export async function run(testName, options, body) {
  const session = await startBrowser(testName, options);
  try {
    await body(session);
    console.log(`${testName}: all steps passed; screenshots in ${session.artifacts}`);
  } catch (error) {
    process.exitCode = 1;
  } finally {
    await session.browser.close();
  }
}

// ---- email: the server's outbox (.eml files in DATA_DIR/outbox without SMTP) ----

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

// The .eml files in `dir` now (pass to waitForEmailLink as `ignore` to wait for a new one).
export function emailFiles(dir) {
  if (!fs.existsSync(dir)) return new Set();
  return new Set(fs.readdirSync(dir).filter((f) => f.endsWith('.eml')));
}

// Waits for an email to `recipient` with a `<BASE_URL><linkPath>…#token=…` link and returns the
// link (newest email first). `ignore`: file names to skip (emails that were there before).
export async function waitForEmailLink(dir, recipient, linkPath, { ignore = new Set(), timeoutMs = 30_000 } = {}) {
  const escaped = linkPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`https?://[^\\s"<>]+${escaped}[^\\s"<>#]*#token=[^\\s"<>&]+`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = [...emailFiles(dir)]
      .filter((f) => !ignore.has(f))
      .map((f) => path.join(dir, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    for (const file of files) {
      const raw = fs.readFileSync(file, 'utf8');
      if (!raw.toLowerCase().includes(recipient.toLowerCase())) continue;
      const match = decodeQuotedPrintable(raw).match(pattern);
      if (match) return match[0].replace(/&amp;/g, '&');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no email to ${recipient} with a ${linkPath}…#token= link in ${dir} within ${timeoutMs} ms`);
}

// A JSON call to the API (for setting up data the page under test does not create).
export async function api(method, route, body, token) {
  const response = await fetch(`${BASE_URL}/api/v1${route}`, {
    method,
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} -> ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}
