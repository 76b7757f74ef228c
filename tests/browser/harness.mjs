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

// One browser profile per person, each with its own console log.
function watch(name, page) {
  const actor = { name, page, log: [], errors: [] };
  page.on('console', (m) => actor.log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => {
    actor.errors.push(e);
    actor.log.push(`[pageerror] ${e.stack ?? e}`);
  });
  return actor;
}

// Runs named steps for one or more people; screenshots each step of the person acting; on
// failure saves that screenshot and every person's console log, and prints their paths.
function stepRunner(artifacts, actors) {
  let stepNumber = 0;
  return async function step(who, title, body) {
    stepNumber += 1;
    const label = actors.length > 1 ? `${who.name}: ${title}` : title;
    const slug = (actors.length > 1 ? `${who.name}-${title}` : title).replace(/[^a-z0-9]+/gi, '-');
    const base = path.join(artifacts, `${String(stepNumber).padStart(2, '0')}-${slug}`);
    const t0 = Date.now();
    try {
      await body();
      if (who.errors.length > 0) {
        throw new Error(`uncaught error in the page: ${who.errors[0].stack ?? who.errors[0]}`);
      }
      await who.page.screenshot({ path: `${base}.png`, fullPage: true });
      console.log(`ok - ${label} (${Date.now() - t0} ms)`);
    } catch (error) {
      const shot = `${base}.FAILED.png`;
      await who.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      const logs = actors.map((a) => {
        const file = actors.length > 1 ? `${base}.${a.name}.console.log` : `${base}.console.log`;
        fs.writeFileSync(file, a.log.join('\n') + '\n');
        return file;
      });
      console.error(`not ok - ${label}: ${error.message}`);
      console.error(`  screenshot: ${shot}`);
      console.error(`  console log${logs.length > 1 ? 's' : ''}: ${logs.join(', ')}`);
      throw error;
    }
  };
}

// Starts Chromium with one page. `step(name, body)` runs a step on that page; for tests with
// several people, `newActor(name)` opens another profile and `stepAs(actor, title, body)`
// runs a step as that person (`self` is the first page's person).
// `denyMedia`: the fake devices exist, but every camera/microphone prompt is denied.
export async function startBrowser(testName, { permissions = [], actorName = 'user', denyMedia = false } = {}) {
  const artifacts = path.resolve(process.env.ARTIFACTS_DIR ?? 'artifacts', testName + (process.env.ARTIFACTS_SUFFIX ? '-' + process.env.ARTIFACTS_SUFFIX.toLowerCase() : ''));
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: denyMedia
      ? [...CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-ui-for-media-stream'), '--deny-permission-prompts']
      : CHROMIUM_ARGS,
  });
  const actors = [];
  const stepAs = stepRunner(artifacts, actors);
  async function newActor(name) {
    const context = await browser.newContext({ baseURL: BASE_URL, permissions });
    const actor = watch(name, await context.newPage());
    actors.push(actor);
    return actor;
  }
  const self = await newActor(actorName);
  const step = (name, body) => stepAs(self, name, body);
  return {
    browser,
    context: self.page.context(),
    page: self.page,
    self,
    step,
    stepAs,
    newActor,
    artifacts,
    consoleLines: self.log,
  };
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Calls `probe` (every `everyMs`) until it returns something other than undefined/null/false,
// and returns that; throws naming `what` after `timeoutMs`. The one way scripts wait for
// something outside the page (files, emails, a webhook receiver).
export async function eventually(what, probe, { timeoutMs = 30_000, everyMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

// The trimmed text of `file` once it exists (written whole, then renamed into place).
export function waitForFile(file, timeoutMs = 30_000) {
  return eventually(`${file} appears`, () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null), { timeoutMs });
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

// ---- the interview room ----

// The progress label and the current caption, to notice the next question.
const roomState = (page) => page.evaluate(() =>
  `${document.querySelector('.iv-progress-text')?.textContent ?? ''}|${document.querySelector('[data-testid="captions"]')?.textContent ?? ''}`);

// Waits until the room shows another question ready for an answer, or the completion.
async function waitForNextTurn(page, before) {
  await page.waitForFunction((prev) => {
    const progress = document.querySelector('.iv-progress-text')?.textContent ?? '';
    const caption = document.querySelector('[data-testid="captions"]')?.textContent ?? '';
    const done = !!document.querySelector('#iv-done-title');
    const box = document.querySelector('#iv-answer-text');
    return done || (`${progress}|${caption}` !== prev && box && !box.readOnly);
  }, before, { timeout: 30_000 });
}

// Types `text` as the answer to the current question, sends it, and waits for the next turn.
export async function answerTurn(page, text) {
  const before = await roomState(page);
  await page.getByLabel('Your answer').fill(text);
  await page.getByRole('button', { name: 'Done answering' }).click();
  await waitForNextTurn(page, before);
}

// Plays the room to the end by typing, one screenshotted `step(title, body)` per answer:
// `answerFor(turn)` gives each answer. At "Question 2 of 3" it types a draft, reloads (the
// draft is in localStorage first, not after a guessed delay) and checks the same question
// and the draft came back; that answer then continues the draft. Returns the answers sent
// and the progress labels seen, in order.
export async function playThroughRoom(page, step, answerFor, { maxTurns = 12 } = {}) {
  const answers = [];
  const progressSeen = [];
  let reloaded = false;
  for (let turn = 1; turn <= maxTurns; turn += 1) {
    if (await page.locator('#iv-done-title').count()) break;
    const progress = (await page.locator('.iv-progress-text').textContent()).trim();
    if (progressSeen.at(-1) !== progress) progressSeen.push(progress);
    let draft = '';
    if (progress === 'Question 2 of 3' && !reloaded) {
      reloaded = true;
      await step('a reload mid-answer keeps the question and the draft', async () => {
        const caption = (await page.getByTestId('captions').textContent()).trim();
        draft = `Draft kept across a reload ${Date.now()}.`;
        await page.getByLabel('Your answer').fill(draft);
        await page.waitForFunction((d) => Object.keys(localStorage).some((k) => (localStorage.getItem(k) || '').includes(d)), draft, { timeout: 5_000 });
        await page.reload();
        await page.getByLabel('Your answer').waitFor();
        await page.waitForFunction((d) => document.querySelector('#iv-answer-text')?.value === d, draft, { timeout: 15_000 });
        const after = (await page.getByTestId('captions').textContent()).trim();
        assert(after === caption, `the same question after the reload ("${after}" vs "${caption}")`);
        await page.getByText('Question 2 of 3').waitFor();
      });
    }
    await step(`answers by typing (${progress}, turn ${turn})`, async () => {
      const answer = draft ? `${draft} ${answerFor(turn)}` : answerFor(turn);
      await answerTurn(page, answer);
      answers.push(answer);
    });
  }
  assert(reloaded, 'the reload step ran');
  assert(await page.locator('#iv-done-title').count(), `the interview completes within ${maxTurns} turns`);
  return { answers, progressSeen };
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
export function waitForEmailLink(dir, recipient, linkPath, { ignore = new Set(), timeoutMs = 30_000 } = {}) {
  const escaped = linkPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`https?://[^\\s"<>]+${escaped}[^\\s"<>#]*#token=[^\\s"<>&]+`);
  const newestLink = () => {
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
    return null;
  };
  return eventually(`an email to ${recipient} with a ${linkPath}…#token= link in ${dir}`, newestLink, { timeoutMs, everyMs: 200 });
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
