// An integrator's first script, written against a client generated from our OpenAPI document
// (openapi-typescript types + openapi-fetch): sign up a recruiter, post a job, schedule an
// interview, read its status and its report. `tsc --strict` type-checks it against the
// document of the server under test, so a renamed field or route breaks the build; running
// it checks the server answers as the types say.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

// Node's argv, without pulling in @types/node.
declare const process: { argv: string[] };

const baseUrl = process.argv[2];
if (!baseUrl) throw new Error("usage: node flow.js http://127.0.0.1:PORT");
const api = createClient<paths>({ baseUrl });

function fail(step: string, detail: unknown): never {
  throw new Error(`${step}: ${JSON.stringify(detail)}`);
}

const stamp = Date.now();
const registered = await api.POST("/api/v1/auth/register", {
  body: {
    email: `client-${stamp}@example.com`,
    password: "correct horse battery",
    full_name: "Client Check",
    role: "recruiter",
    company_name: "Client Co",
  },
});
if (!registered.data) fail("register", registered.error);
const headers = { Authorization: `Bearer ${registered.data.access_token}` };

const job = await api.POST("/api/v1/jobs", {
  headers,
  params: { header: { "Idempotency-Key": `client-job-${stamp}` } },
  body: {
    title: "Platform Engineer",
    description: "Run our Rust services on PostgreSQL and keep them fast and reliable.",
    required_skills: ["Rust", "PostgreSQL"],
    question_count: 5,
  },
});
if (!job.data) fail("create job", job.error);

const scheduledAt = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
const created = await api.POST("/api/v1/interviews", {
  headers,
  params: { header: { "Idempotency-Key": `client-interview-${stamp}` } },
  body: {
    job_id: job.data.id,
    candidate: { full_name: "Sam Lee", email: `sam-${stamp}@example.com` },
    scheduled_at: scheduledAt,
    time_zone: "Europe/Berlin",
    external_ids: { ats_application_id: `app-${stamp}` },
  },
});
if (!created.data) fail("schedule", created.error);
const interviewId: string = created.data.id;
if (!created.data.link.includes(interviewId)) fail("link", created.data);

const status = await api.GET("/api/v1/interviews/{id}", {
  headers,
  params: { path: { id: interviewId } },
});
if (!status.data) fail("status", status.error);
if (status.data.status !== "scheduled") fail("status is scheduled", status.data);

const found = await api.GET("/api/v1/interviews", {
  headers,
  params: { query: { external_id: `ats_application_id:app-${stamp}`, limit: 10 } },
});
if (!found.data || found.data.items.length !== 1 || found.data.items[0].id !== interviewId) {
  fail("find by external id", found.data ?? found.error);
}

const report = await api.GET("/api/v1/interviews/{id}/report", {
  headers,
  params: { path: { id: interviewId } },
});
if (!report.data) fail("report", report.error);
if (report.data.evaluation_status !== "not_started") fail("no evaluation yet", report.data);

// An error is the documented error body.
const missing = await api.GET("/api/v1/interviews/{id}", {
  headers,
  params: { path: { id: "7b0c6a8e-3f1d-4c2b-9a55-0d6f2e8c1a90" } },
});
if (missing.response.status !== 404 || missing.error?.error.code !== "not_found") {
  fail("unknown interview is a 404", missing.error);
}
console.log(`client check passed: scheduled ${interviewId}, status, list and report read`);
