/**
 * Counts finding codes (with severity) in the JSON Lines output of `beian check --file … --format jsonl`,
 * and the suffixes behind SUFFIX_NOT_APPROVED: the before/after tabulation that a change to rules or
 * data reports over the real-domain corpus (issue 11).
 *
 *   node --import tsx scripts/tabulate-findings.ts before.jsonl [after.jsonl]
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

type Row = { findings?: { code: string; severity: string; evidence?: { suffix?: unknown } }[] };
type Tally = { codes: Map<string, number>; suffixes: Map<string, number>; rows: number };

async function tally(path: string): Promise<Tally> {
  const result: Tally = { codes: new Map(), suffixes: new Map(), rows: 0 };
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    result.rows += 1;
    for (const finding of (JSON.parse(line) as Row).findings ?? []) {
      bump(result.codes, `${finding.code} (${finding.severity})`);
      if (finding.code === 'SUFFIX_NOT_APPROVED') bump(result.suffixes, String(finding.evidence?.suffix));
    }
  }
  return result;
}

function table(
  title: string,
  before: Map<string, number>,
  after: Map<string, number> | null,
  top = 40,
): void {
  const keys = [...new Set([...before.keys(), ...(after?.keys() ?? [])])].sort(
    (a, b) =>
      Math.max(after?.get(b) ?? 0, before.get(b) ?? 0) - Math.max(after?.get(a) ?? 0, before.get(a) ?? 0),
  );
  console.log(`\n${title}\n`);
  console.log(after ? '| | before | after |\n|---|---:|---:|' : '| | count |\n|---|---:|');
  for (const key of keys.slice(0, top)) {
    const cells = after ? [before.get(key) ?? 0, after.get(key) ?? 0] : [before.get(key) ?? 0];
    console.log(`| ${key} | ${cells.join(' | ')} |`);
  }
  if (keys.length > top) console.log(`| (${keys.length - top} more) | |${after ? ' |' : ''}`);
}

const [beforePath, afterPath] = process.argv.slice(2);
if (!beforePath) {
  console.error('usage: tabulate-findings.ts BEFORE.jsonl [AFTER.jsonl]');
  process.exit(2);
}
const before = await tally(beforePath);
const after = afterPath ? await tally(afterPath) : null;
console.log(`rows: ${before.rows}${after ? ` → ${after.rows}` : ''}`);
table('Finding codes', before.codes, after?.codes ?? null, 100);
table('SUFFIX_NOT_APPROVED by suffix (top 40)', before.suffixes, after?.suffixes ?? null);
