/**
 * 域名证书: printed only for a verified, active domain here; the holder's number masked; the verification
 * code read back as people type it; `current` turning false once the certificate no longer tells the
 * truth; nothing recorded when printing fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CertificateGlyphsMissingError } from '../../src/registrar/certificate-pdf.ts';
import type { DomainCertificateData } from '../../src/registrar/certificate-pdf.ts';
import { renderDomainCertificate } from '../../src/registrar/certificate-pdf.ts';
import {
  createRegistrarSandbox,
  maskIdNumber,
  normalizeVerificationCode,
} from '../../src/registrar/index.ts';
import type { Holder } from '../../src/registrar/index.ts';
import { testDialects } from '../support/databases.ts';
import type { RegistrarWorld } from './registrar-fixture.ts';
import {
  COMPANY,
  DAY,
  HAN_MEIMEI,
  LI_LEI,
  OPERATOR,
  OTHER_COMPANY,
  PERSON,
  REVIEWER,
  openRegistrar,
  policy,
  refusedWith,
} from './registrar-fixture.ts';

/** Saturday 2026-11-28 12:00 in Asia/Shanghai. */
const T = new Date('2026-11-28T04:00:00.000Z');

describe('certificate numbers and codes', () => {
  it('masks certificate numbers as registrars print them, keeping their length', () => {
    assert.equal(maskIdNumber('resident-id', '11010519491231002X'), '110105********002X');
    assert.equal(maskIdNumber('uscc', '91330106MA2B3C4D5D'), '91************4D5D');
    assert.equal(maskIdNumber('org-code', '12345678-9'), '12****78-9');
    assert.equal(maskIdNumber('passport', 'E12345678'), 'E1***5678');
    assert.equal(maskIdNumber('passport', 'AB123'), 'A***3');
  });

  it('reads codes with lower case, dashes, spaces and the confusables I, L, O', () => {
    assert.equal(normalizeVerificationCode('o1il-2345-6789-abcd'), '011123456789ABCD');
    assert.equal(normalizeVerificationCode(' 0111 2345 6789 ABCD '), '011123456789ABCD');
    assert.equal(normalizeVerificationCode('0111-2345-6789-ABCU'), null); // U is not in Crockford's alphabet
    assert.equal(normalizeVerificationCode('0111-2345-6789-ABC'), null);
    assert.equal(normalizeVerificationCode('x'.repeat(1000)), null);
  });
});

for (const dialect of testDialects()) {
  describe(`domain certificates (${dialect.name})`, { skip: dialect.skip }, () => {
    let world: RegistrarWorld;
    const printed: DomainCertificateData[] = [];
    before(async () => {
      world = await openRegistrar(() => dialect.open(), {
        verifyUrl: 'https://beian.example/verify',
        renderCertificate: (data) => {
          printed.push(data);
          return renderDomainCertificate(data);
        },
      });
    });
    after(() => world.database.destroy());

    async function verified(domain: string, holder: Holder = PERSON, extra: Record<string, unknown> = {}) {
      const now = new Date(T.getTime() - 30 * DAY);
      await world.registrar.registerDomain({
        actor: OPERATOR,
        now,
        input: { domain, holder, account: 'li.lei', ...extra },
      });
      const submission = await world.registrar.submitRealName({
        actor: LI_LEI,
        now,
        domain,
        input: { holder },
      });
      await world.registrar.approveRealName({ actor: OPERATOR, now, submissionId: submission.id });
    }
    const issue = (domain: string, actor = LI_LEI, now = T) =>
      world.registrar.issueCertificate({ actor, now, domain });
    const verify = (code: string, now = T) => world.registrar.verifyCertificate({ code, now });

    it('prints a PDF for a verified domain: serial, masked number, both domain forms, licence', async () => {
      await verified('证书示例.中国');
      const certificate = await issue('证书示例.中国');
      assert.equal(certificate.pdf.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(certificate.serial, /^DC-20261128-[0-9A-F]{8}$/);
      assert.match(certificate.verificationCode, /^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
      assert.equal(certificate.holderIdMasked, '110105********002X');
      const data = printed.at(-1);
      assert.equal(data?.domainUnicode, '证书示例.中国');
      assert.match(data?.domainAscii ?? '', /^xn--.+\.xn--fiqs8s$/);
      assert.equal(data?.holderName, '王小明');
      assert.equal(data?.registrarName, '阿里云计算有限公司');
      assert.equal(data?.registrarLicence, '浙D3-20210002');
      assert.equal(data?.verifyUrl, 'https://beian.example/verify');
      assert.equal(data?.issuedAt, T.toISOString());
      const stored = await world.database.kysely
        .selectFrom('domain_certificate')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(stored.serial, certificate.serial);
      assert.equal(stored.holder_id_masked, '110105********002X');
      // Only the hash of the code is kept.
      assert.equal(JSON.stringify(stored).includes(certificate.verificationCode.replaceAll('-', '')), false);
      assert.match(stored.code_hash, /^[0-9a-f]{64}$/);
    });

    it('verifies the code as typed, with lower case and no dashes; a wrong code is invalid', async () => {
      await verified('verify-me.cn', COMPANY);
      const certificate = await issue('verify-me.cn');
      const expected = {
        valid: true,
        serial: certificate.serial,
        domain: { ascii: 'verify-me.cn', unicode: 'verify-me.cn' },
        holderName: COMPANY.name,
        issuedAt: T.toISOString(),
        registeredAt: certificate.registeredAt,
        expiresAt: certificate.expiresAt,
        registrar: { id: 'aliyun', name: '阿里云计算有限公司' },
        current: true,
      };
      assert.deepEqual(await verify(certificate.verificationCode), expected);
      assert.deepEqual(
        await verify(certificate.verificationCode.toLowerCase().replaceAll('-', ' ')),
        expected,
      );
      assert.deepEqual(
        await verify(
          certificate.verificationCode.replaceAll('-', '').replaceAll('0', 'o').replaceAll('1', 'l'),
        ),
        expected,
      );
      const wrong = certificate.verificationCode.startsWith('2')
        ? `3${certificate.verificationCode.slice(1)}`
        : `2${certificate.verificationCode.slice(1)}`;
      assert.deepEqual(await verify(wrong), { valid: false });
      assert.deepEqual(await verify('not a code'), { valid: false });
    });

    it('says the certificate is no longer current after a holder change, a transfer or expiry', async () => {
      await verified('holder-changes.cn', COMPANY);
      const before = await issue('holder-changes.cn');
      await world.registrar.changeHolder({
        actor: OPERATOR,
        now: new Date(T.getTime() + 1000),
        domain: 'holder-changes.cn',
        input: { holder: OTHER_COMPANY },
      });
      assert.equal((await verify(before.verificationCode)).valid, true);
      assert.deepEqual(await verify(before.verificationCode).then((v) => v.valid && v.current), false);

      await verified('moves-away.cn', COMPANY);
      const moved = await issue('moves-away.cn');
      await world.registrar.transferOut({
        actor: OPERATOR,
        now: T,
        domain: 'moves-away.cn',
        input: { registrar: 'xinnet' },
      });
      assert.deepEqual(await verify(moved.verificationCode).then((v) => v.valid && v.current), false);

      const expired = await verify(before.verificationCode, new Date(Date.parse(before.expiresAt) + 1));
      assert.deepEqual(expired.valid && expired.current, false);
      const stillCurrent = await verify(
        (await issue('verify-me.cn')).verificationCode,
        new Date(T.getTime() + DAY),
      );
      assert.deepEqual(stillCurrent.valid && stillCurrent.current, true);
    });

    it('refuses unverified, transferred, expired and other people’s domains', async () => {
      await world.registrar.registerDomain({
        actor: OPERATOR,
        now: T,
        input: { domain: 'not-verified.cn', holder: COMPANY, account: 'li.lei' },
      });
      await assert.rejects(issue('not-verified.cn'), refusedWith('CERTIFICATE_REFUSED'));
      await assert.rejects(issue('moves-away.cn', OPERATOR), refusedWith('CERTIFICATE_REFUSED'));
      await assert.rejects(
        issue('verify-me.cn', LI_LEI, new Date(T.getTime() + 400 * DAY)),
        refusedWith('CERTIFICATE_REFUSED'),
      );
      await assert.rejects(issue('verify-me.cn', HAN_MEIMEI), refusedWith('NOT_FOUND'));
      await assert.rejects(issue('verify-me.cn', REVIEWER), refusedWith('FORBIDDEN'));
      assert.equal((await issue('verify-me.cn', OPERATOR)).issuedBy, 'reg.operator');
    });

    it('needs the registrar’s licence number, from data/ or the sandbox options', async () => {
      await verified('tencent-held.cn', COMPANY, { registrar: 'tencent' });
      await assert.rejects(issue('tencent-held.cn'), refusedWith('REGISTRAR_LICENCE_UNKNOWN'));
      const licensed = createRegistrarSandbox({
        database: world.database,
        policy,
        licences: { tencent: '京D3-20200001' },
      });
      const certificate = await licensed.issueCertificate({
        actor: LI_LEI,
        now: T,
        domain: 'tencent-held.cn',
      });
      assert.equal(certificate.pdf.subarray(0, 4).toString('latin1'), '%PDF');
    });

    it('records nothing when the certificate cannot be printed', async () => {
      const count = async () => {
        const rows = await world.database.kysely.selectFrom('domain_certificate').select('id').execute();
        const audit = await world.database.kysely
          .selectFrom('audit_event')
          .select('id')
          .where('action', '=', 'registrar.certificate.issue')
          .execute();
        return [rows.length, audit.length];
      };
      const counts = await count();
      const noGlyphs = createRegistrarSandbox({
        database: world.database,
        policy,
        renderCertificate: () =>
          Promise.reject(
            new CertificateGlyphsMissingError([
              { field: 'holderName', character: '𰻞', codePoint: 'U+30EDE' },
            ]),
          ),
      });
      await assert.rejects(
        noGlyphs.issueCertificate({ actor: LI_LEI, now: T, domain: 'verify-me.cn' }),
        refusedWith('CERTIFICATE_GLYPHS_MISSING', 'holder.name'),
      );
      assert.deepEqual(await count(), counts);
    });
  });
}
