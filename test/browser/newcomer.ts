/**
 * A newcomer for the first-filing test: a Zhejiang enterprise nobody has filed, with two domains
 * registered to it at the registrar sandbox (verified and reported to the MIIT domain database, held
 * under the login the test registers), and the people the wizard asks for.
 */
import { usccCheckChar } from '../../src/filing/certificates.ts';
import { importLineSchema } from '../../src/registrar/index.ts';
import type { DemoSite } from './harness.ts';

export type Person = {
  name: string;
  idNumber: string;
  mobile: string;
  emergencyPhone: string;
  email: string;
};

export type Newcomer = {
  login: string;
  displayName: string;
  password: string;
  subject: {
    /** GB/T 2260 code and the select's label. */
    province: { code: string; label: string; icpPrefix: string };
    name: string;
    idNumber: string;
    certificateAddress: string;
    mailingAddress: string;
    leader: Person;
  };
  websites: { domain: string; name: string; leader: Person }[];
};

const leader = (name: string, mobile: string, email: string): Person => ({
  name,
  idNumber: '11010519491231002X',
  mobile,
  emergencyPhone: '0571-87654321',
  email,
});

/**
 * Newcomer `n` (0, 1, 2…): each its own login, subject (certificate number and name) and domains, so
 * several can file in one database without meeting the one-application-per-subject rule.
 */
export function newcomer(n: number): Newcomer {
  const body = `91330106MA7BRW0F${n + 1}`;
  const tag = n === 0 ? '' : `${n + 1}`;
  const websiteLeader = leader('李明', `1390013900${n + 2}`, `li.ming${tag}@example.cn`);
  return {
    login: n === 0 ? 'wang.fang' : `newcomer.${n + 1}`,
    displayName: n === 0 ? '王芳' : `新申请人${n + 1}`,
    password: 'a memorable filing phrase',
    subject: {
      province: { code: '330000', label: '浙江（浙）', icpPrefix: '浙' },
      name:
        n === 0
          ? '杭州新起点网络科技有限公司'
          : `杭州新起点${'一二三四五六七八九'[n] ?? n}号网络科技有限公司`,
      idNumber: `${body}${usccCheckChar(body)}`,
      certificateAddress: '浙江省杭州市西湖区文三路 90 号',
      mailingAddress: '浙江省杭州市西湖区文三路 90 号 5 楼 502 室',
      leader: leader('王芳', `1380013800${n + 1}`, `wang.fang${tag}@example.cn`),
    },
    websites: [
      { domain: `xinqidian${tag}-demo.cn`, name: '新起点科技官方网站', leader: websiteLeader },
      { domain: `xinqidian${tag}-shop.cn`, name: '新起点科技产品介绍', leader: websiteLeader },
    ],
  };
}

/** The first-filing test's applicant. */
export const NEWCOMER: Newcomer = newcomer(0);

/**
 * Registers the newcomer's domains at the registrar sandbox, as a registrar operator's import would:
 * held by the subject, real-name verified a year ago and reported to MIIT, listed under the login.
 */
export async function registerNewcomerDomains(site: DemoSite, newcomer: Newcomer): Promise<void> {
  const year = 365 * 24 * 60 * 60 * 1000;
  const at = (offset: number) => new Date(site.loadedAt.getTime() + offset).toISOString();
  for (const website of newcomer.websites) {
    await site.registrar.importDomain({
      actor: { account: 'browser-test', role: 'registrar-operator' },
      now: site.loadedAt,
      line: importLineSchema.parse({
        domain: website.domain,
        registrar: 'aliyun',
        account: newcomer.login,
        holder: {
          name: newcomer.subject.name,
          type: 'enterprise',
          idType: 'uscc',
          idNumber: newcomer.subject.idNumber,
        },
        registeredAt: at(-year),
        expiresAt: at(2 * year),
        realName: {
          status: 'verified',
          submittedAt: at(-year + 60_000),
          decidedAt: at(-year + 3_600_000),
          reportedAt: at(-year + 2 * 86_400_000),
        },
      }),
    });
  }
}
