// The candidate's interview end to end, in the WASM app against a real server:
//  1. voice mode: emailed link (token sign-in, token removed from the URL), ready page with
//     job and company, live camera preview, microphone level above the threshold (the fake
//     device beeps), speaker test, required consent, start, typed answers through every
//     question (counter and timer move), a reload mid-answer keeps the question and the
//     draft, completion dialog, and every camera/microphone track stopped.
//  2. permissions denied: a plain failure message with Try again, text-only mode, start,
//     answer, End interview with its confirmation.
// The data comes from the API (recruiter, job with 3 questions, interviews) and the
// invitation email the server writes to OUTBOX_DIR.
import { run, assert, answerTurn, BASE_URL, playThroughRoom, waitForEmailLink } from './harness.mjs';

const OUTBOX_DIR = process.env.OUTBOX_DIR;
assert(OUTBOX_DIR, 'OUTBOX_DIR must point at the server DATA_DIR/outbox');
const stamp = Date.now();

async function api(method, route, body, token) {
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

// Recruiter, job (3 questions) and one interview per candidate email.
const recruiter = await api('POST', '/auth/register', {
  email: `rita.${stamp}@example.com`,
  password: 'correct horse battery',
  full_name: 'Rita Recruiter',
  role: 'recruiter',
  company_name: 'Orbit Analytics',
});
const token = recruiter.access_token;
const job = await api('POST', '/jobs', {
  title: 'Data Platform Engineer',
  description: 'Build and run the data platform.',
  required_skills: ['Rust', 'SQL'],
  question_count: 3,
  time_limit_minutes: 15,
}, token);

async function invite(name, email) {
  await api('POST', '/interviews', {
    job_id: job.id,
    candidate: { full_name: name, email },
    scheduled_at: new Date(Date.now() + 5 * 60_000).toISOString(),
  }, token);
  return await waitForEmailLink(OUTBOX_DIR, email, '/interview/ready');
}

// Keeps every stream getUserMedia hands out, to check later that all tracks were stopped.
const TRACK_STREAMS = () => {
  window.__ifStreams = [];
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    window.__ifStreams.push(stream);
    return stream;
  };
};
const liveTracks = (page) => page.evaluate(() =>
  (window.__ifStreams ?? []).flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length);

// ---------------------------------------------------------------- 1. voice mode
const voiceEmail = `vera.${stamp}@example.com`;
const voiceLink = await invite('Vera Voice', voiceEmail);

await run('interview', {}, async ({ page, step }) => {
  await page.addInitScript(TRACK_STREAMS);

  await step('the emailed link signs the candidate in and hides the token', async () => {
    await page.goto(voiceLink);
    await page.getByRole('heading', { name: /get ready for your interview/i }).waitFor();
    assert(!page.url().includes('token='), `the token is removed from the URL (${page.url()})`);
    await page.getByText('Data Platform Engineer').first().waitFor();
    await page.getByText('Orbit Analytics').first().waitFor();
    await page.getByText('3 main questions, with follow-ups').first().waitFor();
    await page.getByText(/conducted by an AI/).waitFor();
  });

  await step('camera preview is live', async () => {
    await page.waitForFunction(() => {
      const video = document.querySelector('video');
      const track = video?.srcObject?.getVideoTracks?.()[0];
      return track && track.readyState === 'live';
    }, null, { timeout: 15_000 });
    await page.getByText('Camera is working').waitFor();
  });

  await step('microphone level rises above the threshold', async () => {
    const resume = page.getByRole('button', { name: 'Start microphone check' });
    if (await resume.isVisible().catch(() => false)) await resume.click();
    await page.waitForFunction(() => {
      const meter = document.querySelector('[data-testid="mic-level"]');
      return meter && Number(meter.dataset.level) > Number(meter.dataset.threshold);
    }, null, { timeout: 15_000 });
    await page.getByText('We can hear you').waitFor();
  });

  await step('consent and the speaker check gate the start button', async () => {
    const start = page.getByRole('button', { name: 'Start interview' });
    assert(await start.isDisabled(), 'Start is disabled before the checks');
    await page.getByRole('button', { name: 'Play test sound' }).click();
    await page.getByRole('button', { name: 'I heard it' }).click();
    await page.getByText('Sound is working').waitFor();
    assert(await start.isDisabled(), 'Start stays disabled without consent');
    await page.getByLabel(/I understand and agree/).check();
    await page.waitForFunction(() => [...document.querySelectorAll('button')]
      .some((b) => b.textContent.trim() === 'Start interview' && !b.disabled));
  });

  await step('start: the room opens and the check stream is stopped', async () => {
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.waitForURL(/\/interview\/start\//);
    await page.getByLabel('Your answer').waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid="captions"]')?.textContent ?? '').trim().length > 0);
    const readyStreamLive = await page.evaluate(() =>
      window.__ifStreams[0].getTracks().some((t) => t.readyState === 'live'));
    assert(!readyStreamLive, 'the ready page stopped its camera and microphone');
    await page.waitForFunction(() => {
      const video = document.querySelector('.iv-self-video');
      return video?.srcObject?.getVideoTracks?.()[0]?.readyState === 'live';
    }, null, { timeout: 15_000 });
  });

  await step('the timer counts down', async () => {
    const timer = page.getByTestId('countdown');
    const first = (await timer.textContent()).trim();
    assert(/^\d{2}:\d{2}$/.test(first), `timer shows mm:ss (${first})`);
    await page.waitForFunction((t) => document.querySelector('[data-testid="countdown"]').textContent.trim() !== t, first, { timeout: 5_000 });
  });

  const { progressSeen } = await playThroughRoom(page, step, (turn) =>
    `Answer ${turn}: I designed and operated a Rust and SQL data platform with careful testing and monitoring.`);

  await step('completion dialog, and every camera and microphone track is stopped', async () => {
    assert(progressSeen.includes('Question 1 of 3'), `the counter showed "Question 1 of 3" (saw ${progressSeen.join(', ')})`);
    const dialog = page.getByRole('dialog', { name: /your interview is complete/i });
    await dialog.waitFor();
    await dialog.getByText('The team at Orbit Analytics will review your interview').waitFor();
    assert(await liveTracks(page) === 0, 'no live tracks after completion');
  });

  await step('leaving the room keeps everything stopped', async () => {
    // Signed in with the emailed link: it opens only this interview, so the way out leads
    // back to the interview page, not to the dashboard.
    await page.getByRole('link', { name: 'Back to the interview page' }).click();
    await page.waitForURL(/\/interview\/ready\//);
    assert(await liveTracks(page) === 0, 'no live tracks after leaving');
  });

  await step('the ready page explains a completed interview', async () => {
    await page.getByRole('heading', { name: /completed this interview/i }).waitFor();
    // The link session offers the account through a password link, not the dashboard.
    await page.getByRole('button', { name: 'Email me a link to set a password' }).waitFor();
    assert(!(await page.getByRole('link', { name: 'Go to your dashboard' }).count()), 'no dead-end dashboard link');
  });

  await step('the link session ends with the interview: a reload asks to sign in', async () => {
    await page.goto(new URL(voiceLink).pathname);
    await page.getByRole('heading', { name: 'Sign in to open your interview' }).waitFor();
  });

  await step('phone-sized room and ready page do not scroll sideways', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to open your interview' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `no horizontal scrolling at 360px (overflow ${overflow}px)`);
  });
});
if (process.exitCode) process.exit(process.exitCode);

// ---------------------------------------------------------------- 2. permissions denied
const deniedEmail = `dan.${stamp}@example.com`;
const deniedLink = await invite('Dan Denied', deniedEmail);

await run('interview-denied', { denyMedia: true }, async ({ page, step }) => {
  await step('denied camera shows a plain explanation and Try again', async () => {
    await page.goto(deniedLink);
    await page.getByText('Your browser blocked the camera and microphone').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Your browser blocked the camera and microphone').waitFor();
    assert(await page.getByRole('button', { name: 'Start interview' }).isDisabled(), 'cannot start without a working setup');
  });

  await step('text-only mode and consent allow starting', async () => {
    await page.getByLabel(/Text-only mode/).check();
    await page.getByLabel(/I understand and agree/).check();
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.waitForURL(/\/interview\/start\/.*mode=text/);
    await page.getByLabel('Your answer').waitFor();
    assert(!(await page.locator('.iv-tile-self').isVisible()), 'no self-view in text-only mode');
    assert(await page.getByRole('button', { name: 'Done answering' }).isDisabled(), 'Done answering is disabled while empty');
  });

  await step('a typed answer moves the interview on', async () => {
    await page.waitForFunction(() => (document.querySelector('[data-testid="captions"]')?.textContent ?? '').trim().length > 0);
    await answerTurn(page, 'Hello, thanks for having me. I prefer typing today.');
  });

  await step('End interview asks first, then completes', async () => {
    await page.getByLabel('Your answer').fill('A last partial answer that is sent with the end.');
    await page.getByRole('button', { name: 'End interview' }).click();
    const confirm = page.getByRole('dialog', { name: 'End the interview now?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Keep going' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'End interview' }).click();
    await page.getByRole('dialog', { name: 'End the interview now?' }).getByRole('button', { name: 'End interview' }).click();
    await page.getByRole('dialog', { name: /your interview is complete/i }).waitFor();
  });
});
