/**
 * APP备案 in the consoles: an application's apps, mini programs and quick apps as the applicant's
 * detail page and the reviewers' pages show them — name, type, each platform's identifier and feature
 * values, the hosts and IPs it uses — with the engine's findings while it is not yet approved.
 */
import { APP_FEATURE_LABELS, APP_PLATFORM_LABELS, APP_TYPE_LABELS } from '../../filing/index.ts';
import { APP_PLATFORMS, APP_TYPES } from '../../policy/index.ts';
import type { AppType } from '../../policy/index.ts';
import type { AppCheck } from '../../workflow/index.ts';
import type { Lang, Localized } from '../kit/index.ts';
import { DomainName, FindingItem, t } from '../kit/index.ts';

const TEXT = {
  apps: { zh: 'APP 信息', en: 'Apps' },
  app: { zh: 'APP', en: 'App' },
  type: { zh: '类型', en: 'Type' },
  hosts: { zh: '使用的域名', en: 'Domains it uses' },
  ips: { zh: '使用的 IP 地址', en: 'IP addresses it uses' },
  none: { zh: '无', en: 'none' },
} satisfies Record<string, Localized>;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
const object = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
/** A long key or hash shortened for reading; the stored value stays whole. */
const short = (value: string) => (value.length > 48 ? `${value.slice(0, 24)}…${value.slice(-8)}` : value);

export function AppEntriesSection(props: {
  lang: Lang;
  apps: readonly Record<string, unknown>[];
  checks: readonly AppCheck[];
}) {
  const { lang, apps, checks } = props;
  if (apps.length === 0) return <></>;
  return (
    <section aria-labelledby="apps-title" class="app-entries">
      <h2 id="apps-title">{t(lang, TEXT.apps)}</h2>
      {apps.map((app, i) => {
        const type = (APP_TYPES as readonly unknown[]).includes(app.type) ? (app.type as AppType) : null;
        const platforms = object(app.platforms);
        const check = checks.find((c) => c.app === i);
        const hosts = strings(app.domains);
        const ips = strings(app.ips);
        return (
          <section id={`app-${i}`} aria-labelledby={`app-title-${i}`}>
            <h3 id={`app-title-${i}`}>
              {`${t(lang, TEXT.app)} ${i + 1}: `}
              <bdi>{typeof app.name === 'string' ? app.name : ''}</bdi>
            </h3>
            <dl class="summary-list">
              <dt>{t(lang, TEXT.type)}</dt>
              <dd>{type ? t(lang, APP_TYPE_LABELS[type]) : ''}</dd>
              {APP_PLATFORMS.filter((p) => platforms[p] !== undefined).map((platform) => (
                <>
                  <dt>{t(lang, APP_PLATFORM_LABELS[platform])}</dt>
                  <dd>
                    <ul class="plain-list">
                      {Object.entries(object(platforms[platform])).map(([field, value]) => (
                        <li>
                          {field in APP_FEATURE_LABELS
                            ? t(lang, APP_FEATURE_LABELS[field as keyof typeof APP_FEATURE_LABELS])
                            : field}
                          {lang === 'zh' ? '：' : ': '}
                          <code>{short(typeof value === 'string' ? value : '')}</code>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ))}
              <dt>{t(lang, TEXT.hosts)}</dt>
              <dd>
                {hosts.length === 0
                  ? t(lang, TEXT.none)
                  : hosts.map((host, k) => (
                      <>
                        {k > 0 && (lang === 'zh' ? '、' : ', ')}
                        <DomainName domain={host} inline />
                      </>
                    ))}
              </dd>
              <dt>{t(lang, TEXT.ips)}</dt>
              <dd>{ips.length === 0 ? t(lang, TEXT.none) : <code>{ips.join(', ')}</code>}</dd>
            </dl>
            {check &&
              (check.result.findings.length > 0 ||
                check.result.domains.some((d) => d.result.findings.length > 0)) && (
                <ul class="findings">
                  {check.result.findings.map((finding) => (
                    <FindingItem lang={lang} finding={finding} />
                  ))}
                  {check.result.domains.flatMap((d) =>
                    d.result.findings.map((finding) => <FindingItem lang={lang} finding={finding} />),
                  )}
                </ul>
              )}
          </section>
        );
      })}
    </section>
  );
}
