/**
 * 证书查验 — public: anyone holding a printed domain certificate checks its verification code here
 * (the certificate prints this page's address under the code). A valid code shows what the register
 * kept of the certificate and whether it still tells the truth (same holder, still registered at the
 * registrar, not expired); anything else is simply "not valid", never a hint about why. A GET form, so
 * an address with `?code=` works from a printed link; rate limited per IP like the API's check.
 */
import type { CertificateVerification } from '../../registrar/index.ts';
import type { FieldError, Localized, PageRequest } from '../kit/index.ts';
import { Button, ErrorSummary, Form, TextField, definePage, TERMS } from '../kit/index.ts';
import { shanghaiDateTime, shanghaiDay } from '../kit/time.ts';
import { DomainName } from './registrar/index.ts';

/** Where the certificate's verification link points: give it to the registrar sandbox as `verifyUrl`. */
export const CERTIFICATE_VERIFY_PATH = '/certificates/verify';

const TEXT = {
  title: { zh: '域名证书查验', en: 'Verify a domain certificate' },
  nav: { zh: '证书查验', en: 'Verify a certificate' },
  intro: {
    zh: '输入域名证书上印的核验码（16 位，如 ABCD-EFGH-JKMN-PQRS），查看该证书是否由本系统的注册商沙箱出具、内容是否仍然有效。',
    en: 'Enter the verification code printed on a domain certificate (16 characters, such as ABCD-EFGH-JKMN-PQRS) to see whether this system’s registrar sandbox issued it and whether it is still current.',
  },
  code: { zh: '核验码', en: 'Verification code' },
  codeHint: { zh: '大小写均可，可省略短横线', en: 'Any case; the dashes may be left out' },
  check: { zh: '查验', en: 'Verify' },
  required: { zh: '请填写核验码', en: 'Enter the verification code' },
  tooLong: { zh: '核验码过长', en: 'The code is too long' },
  valid: { zh: '核验码有效：这张证书由本系统出具。', en: 'Valid: this certificate was issued here.' },
  invalid: {
    zh: '核验码无效：没有找到对应的证书。请核对输入，注意 0 与 O、1 与 I 可互相代替。',
    en: 'Not valid: no certificate has this code. Check what you typed.',
  },
  current: {
    zh: '证书内容仍然有效：持有者未变更，域名仍在该注册商且未到期。',
    en: 'Still current: same holder, still registered at this registrar and not expired.',
  },
  outdated: {
    zh: '证书已过时：出具后持有者已变更、域名已转出或已到期，请以最新证书为准。',
    en: 'No longer current: since it was printed the holder changed, the domain left the registrar or it expired.',
  },
  serial: { zh: '证书编号', en: 'Serial' },
  domain: TERMS.domain,
  holder: TERMS.holder,
  registrar: TERMS.registrar,
  registered: { zh: '注册日期', en: 'Registered' },
  expires: { zh: '到期日期', en: 'Expires' },
  issued: { zh: '出具时间', en: 'Issued' },
  result: { zh: '查验结果', en: 'Result' },
} satisfies Record<string, Localized>;

const MAX_CODE = 64;

function Result(props: { p: PageRequest; result: CertificateVerification }) {
  const { p, result } = props;
  if (!result.valid) {
    return (
      <section class="verify-result verify-invalid" aria-labelledby="verify-result-title">
        <h2 id="verify-result-title">{p.t(TEXT.result)}</h2>
        <p class="notice notice-error" role="status">
          {p.t(TEXT.invalid)}
        </p>
      </section>
    );
  }
  return (
    <section class="verify-result verify-valid" aria-labelledby="verify-result-title">
      <h2 id="verify-result-title">{p.t(TEXT.result)}</h2>
      <p class="notice notice-success" role="status">
        {p.t(TEXT.valid)}
      </p>
      <p class={result.current ? 'notice' : 'notice notice-error'}>
        {p.t(result.current ? TEXT.current : TEXT.outdated)}
      </p>
      <dl class="summary-list">
        <dt>{p.t(TEXT.serial)}</dt>
        <dd>
          <code>{result.serial}</code>
        </dd>
        <dt>{p.t(TEXT.domain)}</dt>
        <dd>
          <DomainName domain={result.domain} />
        </dd>
        <dt>{p.t(TEXT.holder)}</dt>
        <dd>
          <bdi>{result.holderName}</bdi>
        </dd>
        <dt>{p.t(TEXT.registrar)}</dt>
        <dd>
          <bdi>{result.registrar.name}</bdi>
        </dd>
        <dt>{p.t(TEXT.registered)}</dt>
        <dd>{shanghaiDay(result.registeredAt)}</dd>
        <dt>{p.t(TEXT.expires)}</dt>
        <dd>{shanghaiDay(result.expiresAt)}</dd>
        <dt>{p.t(TEXT.issued)}</dt>
        <dd>{shanghaiDateTime(result.issuedAt)}</dd>
      </dl>
    </section>
  );
}

export const CERTIFICATE_VERIFY_PAGES = [
  definePage({
    method: 'get',
    path: CERTIFICATE_VERIFY_PATH,
    access: 'certificate.verify-public',
    rateLimit: 'certificateVerify',
    nav: { label: TEXT.nav },
    async handle(p) {
      const asked = p.query.code !== undefined;
      const code = (p.query.code ?? '').trim();
      const errors: FieldError[] = [];
      if (asked && code === '') errors.push({ path: 'code', code: 'REQUIRED', message: TEXT.required });
      else if (code.length > MAX_CODE) errors.push({ path: 'code', code: 'TOO_LONG', message: TEXT.tooLong });
      const result =
        asked && errors.length === 0
          ? await p.deps.registrar.verifyCertificate({ code, now: p.deps.now() })
          : null;
      const form = p.formState({ values: { code }, errors });
      return p.render({
        title: TEXT.title,
        status: errors.length > 0 ? 422 : 200,
        body: (
          <>
            <p>{p.t(TEXT.intro)}</p>
            <ErrorSummary form={form} />
            <Form form={form} action={CERTIFICATE_VERIFY_PATH} method="get">
              <TextField
                form={form}
                name="code"
                label={TEXT.code}
                hint={TEXT.codeHint}
                code
                width="medium"
                maxlength={MAX_CODE}
                autocomplete="off"
              />
              <Button>{p.t(TEXT.check)}</Button>
            </Form>
            {result && <Result p={p} result={result} />}
          </>
        ),
      });
    },
  }),
];
