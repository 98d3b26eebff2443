/**
 * 域名证书打印 — a POST answered with the PDF as a download; with JavaScript /static/app.js shows progress
 * and downloads through a blob URL (see `data-certificate`). Shared by the console and "my domains".
 */
import type { IssuedCertificate } from '../../../registrar/index.ts';
import type { Failure, Lang, PageRequest, WebPage } from '../../kit/index.ts';
import { Button, Form, definePage, t } from '../../kit/index.ts';
import { TEXT, refusalOf, refusalStatus, registrarActorOf } from './shared.tsx';

/**
 * The print form. Without JavaScript the POST answers with the PDF as an attachment; /static/app.js
 * (`data-certificate`) fetches it instead, announcing progress in the role="status" region and showing
 * a <progress>, then downloads it through a blob URL and shows the verification code.
 */
export function CertificateForm(props: { p: PageRequest; action: string; failure?: Failure | null }) {
  const { p } = props;
  const form = p.formState({ values: {}, errors: [] });
  return (
    <section class="certificate" aria-labelledby="certificate-title">
      <h2 id="certificate-title">{p.t(TEXT.certificate)}</h2>
      <p class="field-hint">{p.t(TEXT.certificateHint)}</p>
      {props.failure && <CertificateRefusal lang={p.lang} failure={props.failure} />}
      <Form
        form={form}
        action={props.action}
        class="form certificate-form"
        data={{
          certificate: '',
          generating: p.t(TEXT.generating),
          generated: p.t(TEXT.generated),
          failed: p.t(TEXT.generateFailed),
        }}
      >
        <Button>{p.t(TEXT.certificate)}</Button>
        <div class="certificate-progress">
          <p class="certificate-status" role="status" aria-live="polite" data-certificate-status></p>
          <progress class="certificate-bar" data-certificate-bar hidden>
            {p.t(TEXT.generating)}
          </progress>
        </div>
      </Form>
    </section>
  );
}

/** Why no certificate was printed: the message, and each character the font lacks (its field). */
function CertificateRefusal(props: { lang: Lang; failure: Failure }) {
  const { lang, failure } = props;
  return (
    <div class="error-summary" role="alert" tabindex={-1} data-certificate-error data-error-summary>
      <p>
        {t(lang, TEXT.generateFailed)}
        {t(lang, failure.message)}
      </p>
      {failure.fields.length > 0 && (
        <ul>
          {failure.fields.map((field) => (
            <li>
              <code>{field.path}</code>
              {lang === 'zh' ? '：' : ': '}
              {t(lang, field.message)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The PDF as a download (ASCII file name of A-label and serial, as the API names it). */
function certificateDownload(p: PageRequest, certificate: IssuedCertificate): Response {
  const name = `domain-certificate-${certificate.domain.ascii}-${certificate.serial}.pdf`.replace(
    /[^A-Za-z0-9._-]/g,
    '_',
  );
  return p.c.body(new Uint8Array(certificate.pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': `attachment; filename="${name}"`,
    'Content-Length': String(certificate.pdf.byteLength),
    'X-Certificate-Serial': certificate.serial,
    'X-Verification-Code': certificate.verificationCode,
  });
}

/**
 * 域名证书打印 as a page: `POST <base>/:domain/certificate` answers the PDF, or a refusal shown on the
 * domain's detail page. The operator console and "my domains" differ only in path, access and page.
 */
export function certificatePrintPage(options: {
  base: string;
  access: 'registrar.manage' | 'registrar.own-domains';
  refused: (p: PageRequest, failure: Failure, status: ReturnType<typeof refusalStatus>) => Promise<Response>;
}): WebPage {
  return definePage({
    method: 'post',
    path: `${options.base}/:domain/certificate`,
    access: options.access,
    async handle(p) {
      try {
        const certificate = await p.deps.registrar.issueCertificate({
          actor: registrarActorOf(p),
          now: p.deps.now(),
          domain: p.params.domain ?? '',
        });
        return certificateDownload(p, certificate);
      } catch (error) {
        const { failure } = refusalOf(error);
        if (failure.status === 404 || failure.status === 400) throw error;
        return options.refused(p, failure, refusalStatus(failure));
      }
    },
  });
}
