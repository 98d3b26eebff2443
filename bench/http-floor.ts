/**
 * The framework's floor for `npm run bench:http`: Hono on @hono/node-server, as `beian serve` runs it,
 * with one route that reads and parses the JSON body and answers a fixed precheck report (the file
 * given, a real answer of the instance) with no other work: what a precheck costs before any of
 * beian's own (middleware, rate limit, facts, engine). Prints its URL; runs until killed.
 *
 *   node --import tsx bench/http-floor.ts REPORT_JSON_FILE
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const [reportFile] = process.argv.slice(2);
if (!reportFile) throw new Error('usage: http-floor REPORT_JSON_FILE');
const report: unknown = JSON.parse(readFileSync(reportFile, 'utf8'));
const app = new Hono();
app.post('/api/v1/precheck', async (c) => {
  const body: unknown = JSON.parse(await c.req.text());
  if (typeof body !== 'object' || body === null) return c.json({ code: 'VALIDATION_FAILED' }, 400);
  return c.json(report, 200);
});
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`http://127.0.0.1:${info.port}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(0));
