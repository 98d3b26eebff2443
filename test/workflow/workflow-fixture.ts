/**
 * Shared set-up of the workflow tests: a migrated database with the demo registrations and filings
 * (imported as JSON Lines, as `beian registry import` does), the sandbox gateway, actors and forms.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Role } from '../../src/filing/roles.ts';
import { createSandboxGateway } from '../../src/miit/index.ts';
import type { SandboxGateway } from '../../src/miit/index.ts';
import { loadPolicy } from '../../src/policy/index.ts';
import type { Database } from '../../src/store/index.ts';
import { importFilings } from '../../src/imports/index.ts';
import { importRegistrations } from '../../src/imports/index.ts';
import type { Actor, WorkflowDeps } from '../../src/workflow/index.ts';

export const policy = loadPolicy();
/** The demo's evaluation instant: 2026-11-28 12:00 in Asia/Shanghai. */
export const T0 = new Date('2026-11-28T04:00:00.000Z');
export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const at = (ms: number): Date => new Date(T0.getTime() + ms);

const demo = (file: string): string => readFileSync(new URL(`../../demo/${file}`, import.meta.url), 'utf8');

export type World = { database: Database; gateway: SandboxGateway; deps: (now?: Date) => WorkflowDeps };

export async function openWorld(open: () => Promise<Database>): Promise<World> {
  const database = await open();
  await importRegistrations({
    db: database,
    input: Readable.from([demo('registrations.jsonl')]),
    format: 'jsonl',
  });
  await importFilings({
    db: database,
    policy,
    input: Readable.from([demo('filings.jsonl')]),
    format: 'jsonl',
  });
  const gateway = createSandboxGateway({ database, policy, smsSecret: 'workflow-test-secret-0123456789' });
  return { database, gateway, deps: (now = T0) => ({ database, policy, gateway, now }) };
}

export const actor = (account: string, role: Role = 'applicant'): Actor => ({ account, role });
export const LI_LEI = actor('li.lei');
export const REVIEWER = actor('zhao.reviewer', 'provider-reviewer');
export const BUREAU = actor('zj.bureau', 'bureau-reviewer');

export const SUBJECT_LEADER_PHONE = '13800138000';
export const WEBSITE_LEADER_PHONE = '13900139000';

const person = (mobile: string) => ({
  name: '王小明',
  idType: 'resident-id',
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '0571-87654321',
  email: 'wang@example.cn',
});

/** 杭州示例科技有限公司, the demo's subject S1 (Zhejiang, account li.lei). */
export const S1 = {
  type: 'enterprise',
  idType: 'uscc',
  idNumber: '91330106MA2B3C4D5D',
  name: '杭州示例科技有限公司',
  province: '浙江',
  certificateAddress: '浙江省杭州市西湖区文三路 100 号',
  mailingAddress: '浙江省杭州市西湖区文三路 100 号 5 楼 501 室',
  responsiblePerson: person(SUBJECT_LEADER_PHONE),
};

/** 北京示例信息技术有限公司, the demo's S2, filed here under account han.meimei (京ICP备2021012345号). */
export const S2 = {
  ...S1,
  idNumber: '91110108MA01AB2C3T',
  name: '北京示例信息技术有限公司',
  province: '北京',
  certificateAddress: '北京市海淀区中关村大街 1 号',
  mailingAddress: '北京市海淀区中关村大街 1 号 3 楼',
};

/** 成都示例软件有限公司, filed at another provider (蜀ICP备2020012345号). */
export const S5 = {
  ...S1,
  idNumber: '91510100MA6C7D8E9H',
  name: '成都示例软件有限公司',
  province: '四川',
  certificateAddress: '四川省成都市高新区天府大道 100 号',
  mailingAddress: '四川省成都市高新区天府大道 100 号 8 楼',
};

export const website = (domain: string, name = '示例科技官方网站') => ({
  name,
  domains: [domain],
  homeUrl: `https://www.${domain}/`,
  serviceContent: ['organisation-portal'],
  responsiblePerson: person(WEBSITE_LEADER_PHONE),
});

/** The first-step input (备案类型验证) for a subject and a domain. */
export const typeCheck = (subject: typeof S1 | typeof S2, domain: string) => ({
  province: subject.province,
  subject: { type: subject.type, idType: subject.idType, idNumber: subject.idNumber, name: subject.name },
  domain,
});

/** The latest code (the outbox lists newest first) the sandbox shows for a phone of an application. */
export async function smsCode(world: World, applicationId: number, phone: string): Promise<string> {
  const messages = await world.gateway.readOutbox({ applicationId, phone });
  const body = messages[0]?.body ?? '';
  const code = /验证码：(\d{6})/.exec(body)?.[1];
  if (!code) throw new Error(`no SMS code for ${phone}: ${body}`);
  return code;
}

export async function auditTrail(
  world: World,
  applicationId: number,
): Promise<{ action: string; from: string | null; to: string | null; actor: string }[]> {
  const rows = await world.database.kysely
    .selectFrom('audit_event')
    .select(['action', 'from_status', 'to_status', 'actor_account'])
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    from: r.from_status,
    to: r.to_status,
    actor: r.actor_account,
  }));
}
