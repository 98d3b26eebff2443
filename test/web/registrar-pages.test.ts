/**
 * The registrar sandbox's pages over HTTP: the operator registers, renews, changes the holder, transfers
 * out and works the real-name queue; the holder submits real-name data under "my domains" and prints
 * 域名证书 (a PDF download); anyone checks its code on /certificates/verify. Who may open what, CSRF on
 * every form, refusals shown in place (an unverified domain, a missing glyph), hostile names escaped.
 */
import assert from 'node:assert/strict';
import { domainToASCII } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { findCjkFont } from '../../src/registrar/cjk-font.ts';
import { CertificateGlyphsMissingError } from '../../src/registrar/certificate-pdf.ts';
import { createRegistrarSandbox, reportingDue } from '../../src/registrar/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import type { Browser, WebFixture } from './review-web-fixture.ts';
import { createWebFixture, follow, html, redirectsTo, setCookies, textOf } from './review-web-fixture.ts';

const COMPANY = {
  'holder.name': '杭州示例科技有限公司',
  'holder.type': 'enterprise',
  'holder.idType': 'uscc',
  'holder.idNumber': '91330106MA2B3C4D5D',
};
const OTHER_COMPANY = {
  'holder.name': '深圳示例网络有限公司',
  'holder.type': 'enterprise',
  'holder.idType': 'uscc',
  'holder.idNumber': '91440300MA5G0B1C2H',
};
const IDN = '网页示例.中国';
const IDN_ASCII = domainToASCII(IDN);
const HOSTILE = '<img src=x onerror=alert(1)>\u202E';

/** A CJK font is installed in CI; locally its absence skips the PDF test instead of failing it. */
const fontMissing = (() => {
  try {
    findCjkFont();
    return false;
  } catch {
    return process.env.CI ? false : 'no CJK font (fonts-noto-cjk) installed';
  }
})();

async function register(operator: Browser, domain: string, extra: Record<string, string> = {}) {
  const response = await operator.post('/registrar/register', {
    domain,
    ...COMPANY,
    years: '2',
    registrar: 'aliyun',
    account: 'li.lei',
    ...extra,
  });
  redirectsTo(response, `/registrar/domains/${encodeURIComponent(domainToASCII(domain))}`);
  return response;
}

/** The pending submission of a domain, from the operator's queue page. */
async function submissionId(operator: Browser, domain: string): Promise<string> {
  const page = await html(await operator.get('/registrar/real-name'));
  const row = page.split('<tr>').find((r) => r.includes(domain));
  const id = /action="\/registrar\/real-name\/(\d+)\/approve"/.exec(row ?? '')?.[1];
  assert.ok(id, `a pending submission for ${domain}`);
  return id;
}

describe('registrar pages (web)', () => {
  let db: Database;
  let fx: WebFixture;
  let operator: Browser;
  let liLei: Browser;
  let code = '';
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db);
    operator = await fx.browser('registrar-operator');
    liLei = await fx.browser('li.lei');
  });
  after(async () => {
    fx.cleanup();
    await db.destroy();
  });

  it('sends anonymous visitors to sign in and refuses roles without the action', async () => {
    const anonymous = await fx.browser(null);
    redirectsTo(await anonymous.get('/registrar'), '/login?next=%2Fregistrar');
    redirectsTo(await anonymous.get('/domains'), '/login?next=%2Fdomains');
    for (const path of [
      '/registrar',
      '/registrar/register',
      '/registrar/real-name',
      '/registrar/reports',
      '/registrar/domains/x.cn',
    ]) {
      await html(await liLei.get(path), 403);
    }
    await html(await operator.get('/domains'), 403);
    await html(await (await fx.browser('provider-reviewer')).get('/domains'), 403);
    assert.match(await html(await operator.get('/')), /href="\/registrar\/real-name"/);
    assert.match(await html(await liLei.get('/')), /href="\/domains"/);
  });

  it('registers a domain for an account; a bad holder or a taken domain re-renders the form', async () => {
    const bad = await html(
      await operator.post('/registrar/register', {
        domain: 'web-bad.cn',
        ...COMPANY,
        'holder.idNumber': '91330106MA2B3C4D5E',
        years: '1',
      }),
      422,
    );
    assert.match(bad, /href="#f-holder-idNumber"/);
    assert.match(bad, /value="web-bad.cn"/, 'what was typed is kept');
    const taken = await html(
      await operator.post('/registrar/register', { domain: 'demo-ok.cn', ...COMPANY, years: '1' }),
      409,
    );
    assert.ok(textOf(taken).includes('demo-ok.cn'), 'demo-ok.cn');

    const response = await register(operator, IDN);
    assert.ok(
      textOf(await html(await follow(operator, response))).includes(`已注册域名：${IDN}`),
      `已注册域名：${IDN}`,
    );
    const list = textOf(await html(await operator.get('/registrar')));
    for (const part of [IDN, IDN_ASCII, '杭州示例科技有限公司', 'li.lei', '未实名认证'])
      assert.ok(list.includes(part), part);
    const filtered = textOf(await html(await operator.get('/registrar?realName=verified')));
    assert.ok(!filtered.includes(IDN), `not ${IDN}`);
  });

  it('takes the holder’s real-name data and the operator’s approval; both lists show the expected report date', async () => {
    const mine = textOf(await html(await liLei.get('/domains')));
    assert.ok(mine.includes(IDN), IDN);
    const detail = await html(await liLei.get(`/domains/${IDN_ASCII}`));
    assert.match(detail, new RegExp(`action="/domains/${IDN_ASCII}/real-name"`));
    // The holder's own page masks the certificate number.
    assert.ok(!textOf(detail).includes('91330106MA2B3C4D5D'), 'the full certificate number');
    assert.ok(textOf(detail).includes('91************4D5D'), 'the masked certificate number');
    const submitted = await liLei.post(`/domains/${IDN_ASCII}/real-name`, COMPANY);
    redirectsTo(submitted, `/domains/${IDN_ASCII}`);
    assert.ok(
      textOf(await html(await follow(liLei, submitted))).includes('实名认证资料正在审核中'),
      '实名认证资料正在审核中',
    );

    const id = await submissionId(operator, IDN);
    const approved = await operator.post(`/registrar/real-name/${id}/approve`);
    redirectsTo(approved, '/registrar/real-name');
    const due = reportingDue(fx.policy, fx.clock.now).dueDate;
    assert.ok(
      textOf(await html(await follow(operator, approved))).includes(`预计 ${due} 上报工信部`),
      `预计 ${due} 上报工信部`,
    );
    for (const [browser, path] of [
      [operator, '/registrar?realName=verified'],
      [liLei, '/domains'],
      [operator, `/registrar/domains/${IDN_ASCII}`],
    ] as const) {
      const page = textOf(await html(await browser.get(path)));
      assert.ok(page.includes(IDN) && page.includes(due), path);
      assert.ok(page.includes('已实名认证'), path);
    }
  });

  it('rejects a submission with a reason the holder then reads', async () => {
    await register(operator, 'web-reject.cn');
    redirectsTo(await liLei.post('/domains/web-reject.cn/real-name', COMPANY), '/domains/web-reject.cn');
    const id = await submissionId(operator, 'web-reject.cn');
    const page = textOf(await html(await operator.get(`/registrar/real-name/${id}`)));
    assert.ok(page.includes('注册的持有者') && page.includes('91330106MA2B3C4D5D'), '91330106MA2B3C4D5D');
    const empty = await html(
      await operator.post(`/registrar/real-name/${id}/reject`, { 'reason.zh': ' ' }),
      422,
    );
    assert.match(empty, /href="#f-reason-zh"/);
    const rejected = await operator.post(`/registrar/real-name/${id}/reject`, {
      'reason.zh': '证件照片模糊，请重新上传',
      'reason.en': 'The scan is blurred',
    });
    redirectsTo(rejected, '/registrar/real-name');
    const mine = await html(await liLei.get('/domains/web-reject.cn'));
    assert.ok(
      textOf(mine).includes('上次提交未通过，原因：证件照片模糊，请重新上传'),
      '上次提交未通过，原因：证件照片模糊，请重新上传',
    );
    assert.match(mine, /action="\/domains\/web-reject.cn\/real-name"/, 'the holder may submit again');
    assert.ok(
      textOf(await html(await liLei.get('/domains/web-reject.cn?lang=en'))).includes('The scan is blurred'),
      'The scan is blurred',
    );
    await html(await operator.get(`/registrar/real-name/${id}`), 404);
    // A holder that is not the registered one is refused on its field.
    const wrong = await html(await liLei.post('/domains/web-reject.cn/real-name', OTHER_COMPANY), 422);
    assert.match(wrong, /aria-invalid="true"/);
  });

  it('lists failed reports with their error and retries one', async () => {
    const report = await db.kysely
      .selectFrom('real_name_report')
      .select('id')
      .where('domain', '=', IDN_ASCII)
      .executeTakeFirstOrThrow();
    await db.kysely
      .updateTable('real_name_report')
      .set({
        status: 'failed',
        attempts: 5,
        last_error: JSON.stringify({ zh: '工信部域名库拒绝：<b>测试</b>', en: 'MIIT refused: <b>test</b>' }),
      })
      .where('id', '=', report.id)
      .execute();
    const page = await html(await operator.get('/registrar/reports'));
    assert.ok(textOf(page).includes('上报失败'), '上报失败');
    assert.ok(
      page.includes('工信部域名库拒绝：&lt;b&gt;测试&lt;/b&gt;'),
      '工信部域名库拒绝：&lt;b&gt;测试&lt;/b&gt;',
    );
    const retried = await operator.post(`/registrar/reports/${report.id}/retry`);
    redirectsTo(retried, '/registrar/reports');
    assert.ok(
      textOf(await html(await follow(operator, retried))).includes(`已重新排定上报：${IDN}`),
      `已重新排定上报：${IDN}`,
    );
    const stored = await db.kysely
      .selectFrom('real_name_report')
      .selectAll()
      .where('id', '=', report.id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.status, 'scheduled');
    // Retrying what is not failed comes back as an error message, not a crash.
    const again = await operator.post(`/registrar/reports/${report.id}/retry`);
    redirectsTo(again, '/registrar/reports');
    assert.match(await html(await follow(operator, again)), /flash-error/);
  });

  it(
    'prints the certificate as a PDF download, and anyone verifies its code',
    { skip: fontMissing },
    async () => {
      const response = await liLei.post(`/domains/${IDN_ASCII}/certificate`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/pdf');
      assert.match(
        response.headers.get('content-disposition') ?? '',
        /^attachment; filename="domain-certificate-xn--[a-z0-9-]+\.xn--fiqs8s-DC-\d{8}-[0-9A-F]{8}\.pdf"$/,
      );
      const pdf = Buffer.from(await response.arrayBuffer());
      assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      code = response.headers.get('x-verification-code') ?? '';
      assert.match(code, /^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
      const detail = textOf(await html(await liLei.get(`/domains/${IDN_ASCII}`)));
      assert.ok(detail.includes('已打印的证书') && /DC-\d{8}-[0-9A-F]{8}/.test(detail), 'expected true');
      // The operator prints from the console too.
      const console = await operator.post(`/registrar/domains/${IDN_ASCII}/certificate`);
      assert.equal(console.headers.get('content-type'), 'application/pdf');

      const anonymous = await fx.browser(null);
      const valid = textOf(
        await html(await anonymous.get(`/certificates/verify?code=${encodeURIComponent(code)}`)),
      );
      for (const part of ['核验码有效', IDN, IDN_ASCII, '杭州示例科技有限公司', '证书内容仍然有效'])
        assert.ok(valid.includes(part), part);
      const typed = textOf(
        await html(
          await anonymous.get(`/certificates/verify?code=${code.replaceAll('-', '').toLowerCase()}`),
        ),
      );
      assert.ok(typed.includes('核验码有效'), '核验码有效');
    },
  );

  it('says a wrong code is not valid, and asks for a code when none was typed', async () => {
    const anonymous = await fx.browser(null);
    const form = await html(await anonymous.get('/certificates/verify'));
    assert.match(form, /<form action="\/certificates\/verify" method="get"/);
    assert.ok(!textOf(form).includes('核验码无效'), 'not 核验码无效');
    assert.ok(
      textOf(await html(await anonymous.get('/certificates/verify?code=ABCD-EFGH-JKMN-PQRS'))).includes(
        '核验码无效',
      ),
      '核验码无效',
    );
    assert.ok(
      textOf(await html(await anonymous.get(`/certificates/verify?code=${'x'.repeat(100)}`), 422)).includes(
        '核验码过长',
      ),
      '核验码过长',
    );
    assert.ok(
      textOf(await html(await anonymous.get('/certificates/verify?code='), 422)).includes('请填写核验码'),
      '请填写核验码',
    );
  });

  it('refuses to print for an unverified domain, in place', async () => {
    const refused = await html(await liLei.post('/domains/web-reject.cn/certificate'), 409);
    assert.match(refused, /data-certificate-error/);
    assert.ok(
      textOf(refused).includes('证书未能生成：web-reject.cn 尚未通过实名认证'),
      '证书未能生成：web-reject.cn 尚未通过实名认证',
    );
    await html(await liLei.post('/domains/demo-ok.cn/certificate'), 404);
  });

  it('renews, changes the holder and transfers out; a transferred domain is read-only', async () => {
    await register(operator, 'web-actions.cn');
    const before = await db.kysely
      .selectFrom('registrar_domain')
      .select('expires_at')
      .where('domain', '=', 'web-actions.cn')
      .executeTakeFirstOrThrow();
    const renewed = await operator.post('/registrar/domains/web-actions.cn/renew', { years: '1' });
    redirectsTo(renewed, '/registrar/domains/web-actions.cn');
    const afterRenew = await db.kysely
      .selectFrom('registrar_domain')
      .select('expires_at')
      .where('domain', '=', 'web-actions.cn')
      .executeTakeFirstOrThrow();
    assert.equal(
      new Date(afterRenew.expires_at).getUTCFullYear(),
      new Date(before.expires_at).getUTCFullYear() + 1,
    );
    const tooMany = await html(
      await operator.post('/registrar/domains/web-actions.cn/renew', { years: '99' }),
      422,
    );
    assert.match(tooMany, /href="#f-years"/);

    assert.match(
      await html(await operator.get('/registrar/domains/web-actions.cn/holder')),
      /name="holder.name"/,
    );
    const changed = await operator.post('/registrar/domains/web-actions.cn/holder', {
      ...OTHER_COMPANY,
      account: '',
    });
    redirectsTo(changed, '/registrar/domains/web-actions.cn');
    const page = textOf(await html(await follow(operator, changed)));
    assert.ok(
      page.includes('已过户：web-actions.cn') && page.includes('深圳示例网络有限公司'),
      '深圳示例网络有限公司',
    );
    // The domain left li.lei's account with the old holder.
    await html(await liLei.get('/domains/web-actions.cn'), 404);

    const gaining = fx.policy.registrars.find((entry) => entry.id !== 'aliyun')?.id ?? '';
    const unconfirmed = await html(
      await operator.post('/registrar/domains/web-actions.cn/transfer-out', { registrar: gaining }),
      422,
    );
    assert.match(unconfirmed, /href="#f-confirm"/);
    const moved = await operator.post('/registrar/domains/web-actions.cn/transfer-out', {
      registrar: gaining,
      confirm: '1',
    });
    redirectsTo(moved, '/registrar/domains/web-actions.cn');
    const readOnly = await html(await follow(operator, moved));
    assert.ok(textOf(readOnly).includes('已转出'), '已转出');
    assert.ok(
      !readOnly.includes('action="/registrar/domains/web-actions.cn/renew"'),
      'not action="/registrar/domains/web-actions.cn/renew"',
    );
    assert.ok(
      textOf(
        await html(await operator.post('/registrar/domains/web-actions.cn/renew', { years: '1' }), 409),
      ).includes('只读'),
      'read-only after the transfer',
    );
  });

  it('refuses every form without the session’s CSRF token', async () => {
    await register(operator, 'web-csrf.cn');
    const cases: [Browser, string, Record<string, string>][] = [
      [operator, '/registrar/register', { domain: 'web-csrf-2.cn', ...COMPANY, years: '1' }],
      [operator, '/registrar/domains/web-csrf.cn/renew', { years: '1' }],
      [operator, '/registrar/domains/web-csrf.cn/holder', OTHER_COMPANY],
      [operator, '/registrar/domains/web-csrf.cn/transfer-out', { registrar: 'aliyun', confirm: '1' }],
      [operator, '/registrar/domains/web-csrf.cn/real-name', COMPANY],
      [operator, '/registrar/domains/web-csrf.cn/certificate', {}],
      [operator, '/registrar/real-name/1/approve', {}],
      [operator, '/registrar/real-name/1/reject', { 'reason.zh': '不行' }],
      [operator, '/registrar/reports/1/retry', {}],
      [liLei, '/domains/web-csrf.cn/real-name', COMPANY],
      [liLei, '/domains/web-csrf.cn/certificate', {}],
    ];
    for (const [browser, path, form] of cases) {
      assert.ok(
        textOf(await html(await browser.post(path, form, { csrf: false }), 403)).includes('表单已失效'),
        path,
      );
      await html(await browser.post(path, form, { headers: { 'sec-fetch-site': 'cross-site' } }), 403);
    }
    const row = await db.kysely
      .selectFrom('registrar_domain')
      .selectAll()
      .where('domain', '=', 'web-csrf.cn')
      .executeTakeFirstOrThrow();
    assert.equal(row.holder_name, '杭州示例科技有限公司');
    assert.equal(row.real_name_status, 'none');
    assert.equal(
      await db.kysely
        .selectFrom('registrar_domain')
        .select('domain')
        .where('domain', '=', 'web-csrf-2.cn')
        .executeTakeFirst(),
      undefined,
    );
  });

  it('escapes a hostile holder name in every list and detail', async () => {
    await db.kysely
      .updateTable('registrar_domain')
      .set({ holder_name: HOSTILE })
      .where('domain', '=', 'web-csrf.cn')
      .execute();
    for (const [browser, path] of [
      [operator, '/registrar'],
      [operator, '/registrar/domains/web-csrf.cn'],
      [liLei, '/domains'],
      [liLei, '/domains/web-csrf.cn'],
    ] as const) {
      const page = await html(await browser.get(path));
      assert.ok(!page.includes('<img src=x'), path);
      assert.ok(page.includes('<bdi>&lt;img src=x onerror=alert(1)&gt;\u202E</bdi>'), path);
    }
    assert.deepEqual(fx.webErrors, []);
  });
});

describe('domain certificate refusals and the verification limit (web)', () => {
  let db: Database;
  let fx: WebFixture;
  before(async () => {
    db = await openDatabase({ path: ':memory:' });
    fx = await createWebFixture(db, {
      rateLimits: { certificateVerify: { limit: 3, windowMs: 60_000 } },
      registrar: (policy) =>
        createRegistrarSandbox({
          database: db,
          policy,
          renderCertificate: () => {
            throw new CertificateGlyphsMissingError([
              { field: 'holderName', character: '𠮷', codePoint: 'U+20BB7' },
            ]);
          },
        }),
    });
  });
  after(async () => {
    fx.cleanup();
    await db.destroy();
  });

  it('lists the characters the font lacks, in place, and prints nothing', async () => {
    const operator = await fx.browser('registrar-operator');
    const liLei = await fx.browser('li.lei');
    await register(operator, 'web-glyph.cn');
    redirectsTo(await liLei.post('/domains/web-glyph.cn/real-name', COMPANY), '/domains/web-glyph.cn');
    const id = await submissionId(operator, 'web-glyph.cn');
    redirectsTo(await operator.post(`/registrar/real-name/${id}/approve`), '/registrar/real-name');
    const refused = await liLei.post('/domains/web-glyph.cn/certificate');
    const page = await html(refused, 422);
    assert.match(page, /data-certificate-error/);
    assert.ok(textOf(page).includes('𠮷') && textOf(page).includes('U+20BB7'), 'U+20BB7');
    assert.equal(setCookies(refused).includes('beian_flash'), false);
    assert.equal((await db.kysely.selectFrom('domain_certificate').selectAll().execute()).length, 0);
  });

  it('limits verification requests per address (429 page)', async () => {
    const anonymous = await fx.browser(null);
    for (let i = 0; i < 3; i++)
      await html(await anonymous.get('/certificates/verify?code=AAAA-BBBB-CCCC-DDDD'));
    const limited = await anonymous.get('/certificates/verify?code=AAAA-BBBB-CCCC-DDDD');
    assert.ok(textOf(await html(limited, 429)).includes('请求过于频繁'), '请求过于频繁');
    // Another address still gets answers.
    const other = await anonymous.get('/certificates/verify', { 'x-test-ip': '192.0.2.99' });
    assert.equal(other.status, 200);
  });
});
