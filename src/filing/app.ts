/**
 * APP — an app, mini program or quick app (移动互联网应用程序) filed beside the websites of one subject,
 * as 工信部信管〔2023〕105号 asks (data/app-filing.json): its name, type, service content, its own
 * responsible person, the domains (down to third-level hosts) and IPs it uses, and per platform its
 * feature information (特征信息): Android package + certificate public key + MD5, iOS Bundle ID +
 * public key + SHA-1, HarmonyOS bundle name + public key + SHA-256 fingerprint.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { INVALID_REASONS, parseDomainInput } from '../domain-name/index.ts';
import { APP_TYPES } from '../policy/index.ts';
import type { AppFeatureField, AppPlatform, AppType } from '../policy/index.ts';
import {
  addFieldIssue,
  fieldIssue,
  fieldMessage,
  onObjects,
  type Localized,
  type PathIssue,
} from './field-errors.ts';
import { makePersonSchema, textIssues, type SchemaOptions } from './subject.ts';
import { SERVICE_CONTENTS } from './website.ts';

const l = (zh: string, en: string): Localized => ({ zh, en });

export const APP_TYPE_LABELS: Record<AppType, Localized> = {
  app: l('APP', 'app'),
  'mini-program': l('小程序', 'mini program'),
  'quick-app': l('快应用', 'quick app'),
};

export const APP_PLATFORM_LABELS: Record<AppPlatform, Localized> = {
  android: l('安卓', 'Android'),
  ios: l('iOS', 'iOS'),
  harmonyos: l('鸿蒙', 'HarmonyOS'),
};

export const APP_FEATURE_LABELS: Record<AppFeatureField, Localized> = {
  packageName: l('包名', 'package name'),
  bundleId: l('Bundle ID', 'Bundle ID'),
  publicKey: l('公钥', 'public key'),
  md5: l('签名 MD5 值', 'signature MD5'),
  sha1: l('证书 SHA-1 值', 'certificate SHA-1'),
  fingerprint: l('签名指纹（SHA-256）', 'signature fingerprint (SHA-256)'),
};

/** Hex digits of each hash; typed values may carry colons, spaces and either case. */
const HASH_DIGITS = { md5: 32, sha1: 40, fingerprint: 64 } as const;
/** A 512-bit RSA modulus up to an 8192-bit one, or an EC/Ed SPKI in DER (≥ 88 hex digits). */
const PUBLIC_KEY_HEX = { min: 64, max: 2200 };
/** Android applicationId rules (developer.android.com: at least two segments, each starting with a letter). */
const PACKAGE = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/;
/** Apple's CFBundleIdentifier: letters, digits, hyphens and periods, reverse-DNS. */
const BUNDLE_ID = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/** Colons, spaces and case folded away: the one written form of a hash or key (lower-case hex). */
export function normalizeHex(value: string): string {
  return value.replace(/[\s:]/g, '').toLowerCase();
}

const PLATFORM_FIELDS = {
  android: ['packageName', 'publicKey', 'md5'],
  ios: ['bundleId', 'publicKey', 'sha1'],
  harmonyos: ['packageName', 'publicKey', 'fingerprint'],
} as const satisfies Record<AppPlatform, readonly AppFeatureField[]>;

/** The feature fields of each platform in this schema (a test holds them to data/app-filing.json). */
export const APP_PLATFORM_FIELDS: Record<AppPlatform, readonly AppFeatureField[]> = PLATFORM_FIELDS;

type Loose = Partial<Record<string, unknown>>;

function featureIssues(platform: AppPlatform, f: Loose): PathIssue[] {
  const issues: PathIssue[] = [];
  const at = (field: string) => ['platforms', platform, field];
  for (const field of PLATFORM_FIELDS[platform]) {
    const value = f[field];
    if (typeof value !== 'string') continue;
    const label = APP_FEATURE_LABELS[field];
    if (value.trim() === '') {
      issues.push(fieldIssue(at(field), 'REQUIRED', { field: label }));
      continue;
    }
    if (field === 'packageName' && (value.length > 255 || !PACKAGE.test(value)))
      issues.push(fieldIssue(at(field), 'APP_PACKAGE_INVALID', { field: label }));
    if (field === 'bundleId' && (value.length > 255 || !BUNDLE_ID.test(value)))
      issues.push(fieldIssue(at(field), 'APP_PACKAGE_INVALID', { field: label }));
    if (field === 'publicKey') {
      const hex = normalizeHex(value);
      if (!/^[0-9a-f]+$/.test(hex) || hex.length < PUBLIC_KEY_HEX.min || hex.length > PUBLIC_KEY_HEX.max)
        issues.push(fieldIssue(at(field), 'APP_PUBLIC_KEY_INVALID'));
    }
    if (field === 'md5' || field === 'sha1' || field === 'fingerprint') {
      const digits = HASH_DIGITS[field];
      if (!new RegExp(`^[0-9a-f]{${digits}}$`).test(normalizeHex(value)))
        issues.push(fieldIssue(at(field), 'APP_HASH_INVALID', { field: label, digits }));
    }
  }
  return issues;
}

const featureSchema = (platform: AppPlatform) =>
  z.strictObject(
    Object.fromEntries(PLATFORM_FIELDS[platform].map((field) => [field, z.string().trim()])) as Record<
      AppFeatureField,
      z.ZodString
    >,
  );

/** The IPs an app uses: literal IPv4/IPv6 addresses, as MIIT's form lists them. */
function ipIssues(ips: unknown): PathIssue[] {
  if (!Array.isArray(ips)) return [];
  return ips.flatMap((ip, i) =>
    typeof ip === 'string' && isIP(ip.trim()) === 0
      ? [fieldIssue(['ips', i], 'APP_IP_INVALID', { ip: ip.slice(0, 60) })]
      : [],
  );
}

/** The hosts an app uses: a registrable domain or a host under one, at most three labels deep below it. */
function domainIssues(domains: unknown): PathIssue[] {
  if (!Array.isArray(domains)) return [];
  const seen = new Set<string>();
  const issues: PathIssue[] = [];
  domains.forEach((input, i) => {
    if (typeof input !== 'string') return;
    const parsed = parseDomainInput(input);
    if (!parsed.ok) {
      const reason = INVALID_REASONS[parsed.reason];
      issues.push(fieldIssue(['domains', i], 'DOMAIN_INVALID', { domain: input.slice(0, 100), reason }));
    } else if (seen.has(parsed.domain.ascii)) {
      issues.push(fieldIssue(['domains', i], 'DOMAIN_DUPLICATE', { domain: parsed.domain.unicode }));
    } else seen.add(parsed.domain.ascii);
  });
  return issues;
}

const SERVICE_CONTENT_KEYS = Object.keys(SERVICE_CONTENTS) as [
  keyof typeof SERVICE_CONTENTS,
  ...(keyof typeof SERVICE_CONTENTS)[],
];

/** APP — one app entry. Hashes and keys come out as lower-case hex, hosts as A-labels. */
export function makeAppSchema(options: SchemaOptions = {}) {
  return z
    .strictObject({
      name: z.string().trim(),
      type: z.enum(APP_TYPES),
      platforms: z
        .strictObject({
          android: featureSchema('android').optional(),
          ios: featureSchema('ios').optional(),
          harmonyos: featureSchema('harmonyos').optional(),
        })
        .default({}),
      serviceContent: z.array(z.enum(SERVICE_CONTENT_KEYS)).min(1).max(5),
      responsiblePerson: makePersonSchema(options),
      domains: z.array(z.string().trim()).max(20).default([]),
      ips: z.array(z.string().trim()).max(20).default([]),
      remarks: z.string().trim().optional(),
    })
    .superRefine((value, ctx) => {
      const app = value as Loose;
      const issues: PathIssue[] = [];
      if (typeof app.name === 'string')
        issues.push(...textIssues(app.name.trim(), l('APP 名称', 'app name'), ['name'], 2, 60));
      const platforms = (
        typeof app.platforms === 'object' && app.platforms !== null ? app.platforms : {}
      ) as Loose;
      const given = (['android', 'ios', 'harmonyos'] as const).filter((p) => platforms[p] !== undefined);
      // An app is installed on a platform, so MIIT asks its features there; a mini program or quick
      // app runs inside a host app and has none of its own.
      if (app.type === 'app' && given.length === 0)
        issues.push(fieldIssue(['platforms'], 'APP_PLATFORM_REQUIRED'));
      if ((app.type === 'mini-program' || app.type === 'quick-app') && given.length > 0)
        issues.push(
          fieldIssue(['platforms'], 'APP_PLATFORMS_NOT_FOR_TYPE', { type: APP_TYPE_LABELS[app.type] }),
        );
      for (const p of given) {
        const f = platforms[p];
        if (typeof f === 'object' && f !== null) issues.push(...featureIssues(p, f));
      }
      issues.push(...domainIssues(app.domains), ...ipIssues(app.ips));
      if (typeof app.remarks === 'string' && app.remarks.trim() !== '')
        issues.push(...textIssues(app.remarks.trim(), l('APP 备注', 'app remarks'), ['remarks'], 1, 200));
      for (const i of issues) addFieldIssue(ctx, i.path, i.code, i.message);
    }, onObjects)
    .overwrite((app) => {
      const fold = <T extends Partial<Record<AppFeatureField, string>>>(f: T | undefined): T | undefined =>
        f === undefined
          ? undefined
          : (Object.fromEntries(
              Object.entries(f).map(([k, v]) => [
                k,
                k === 'packageName' || k === 'bundleId' ? v : normalizeHex(v ?? ''),
              ]),
            ) as T);
      const platforms = {
        ...(app.platforms.android ? { android: fold(app.platforms.android) } : {}),
        ...(app.platforms.ios ? { ios: fold(app.platforms.ios) } : {}),
        ...(app.platforms.harmonyos ? { harmonyos: fold(app.platforms.harmonyos) } : {}),
      };
      return {
        ...app,
        platforms,
        domains: app.domains.map((d) => {
          const parsed = parseDomainInput(d);
          return parsed.ok ? parsed.domain.ascii : d;
        }),
        ips: app.ips.map((ip) => ip.trim()),
      };
    });
}
export type AppEntry = z.output<ReturnType<typeof makeAppSchema>>;

/** 应用标识 — what names an app on its platforms: package names and Bundle IDs, as `platform:id`. */
export function appIdentifiers(app: Pick<AppEntry, 'platforms'>): string[] {
  const ids: string[] = [];
  if (app.platforms.android) ids.push(`android:${app.platforms.android.packageName}`);
  if (app.platforms.ios) ids.push(`ios:${app.platforms.ios.bundleId}`);
  if (app.platforms.harmonyos) ids.push(`harmonyos:${app.platforms.harmonyos.packageName}`);
  return ids;
}

/** The apps of one application: at most 10, names and platform identifiers each once. */
export function makeAppsSchema(options: SchemaOptions = {}) {
  return z
    .array(makeAppSchema(options))
    .max(10)
    .superRefine((apps, ctx) => {
      const names = new Map<string, number>();
      const ids = new Map<string, number>();
      apps.forEach((app, i) => {
        const name = app.name.normalize('NFKC');
        const first = names.get(name);
        if (first !== undefined)
          addFieldIssue(
            ctx,
            [i, 'name'],
            'APP_DUPLICATE',
            fieldMessage('APP_DUPLICATE', { other: first + 1 }),
          );
        else names.set(name, i);
        for (const id of appIdentifiers(app)) {
          const earlier = ids.get(id);
          if (earlier !== undefined)
            addFieldIssue(
              ctx,
              [i, 'platforms', id.split(':')[0] ?? ''],
              'APP_DUPLICATE',
              fieldMessage('APP_DUPLICATE', { other: earlier + 1 }),
            );
          else ids.set(id, i);
        }
      });
    });
}

/** 特征信息核对 — a typed feature value that differs from what the uploaded certificate or APK says. */
export function featureMismatches(
  platform: AppPlatform,
  typed: Partial<Record<AppFeatureField, string>>,
  computed: { publicKey: string; md5: string; sha1: string; sha256: string },
  prefix: readonly PropertyKey[] = [],
): PathIssue[] {
  const fromUpload: Partial<Record<AppFeatureField, string>> = {
    publicKey: computed.publicKey,
    md5: computed.md5,
    sha1: computed.sha1,
    fingerprint: computed.sha256,
  };
  const issues: PathIssue[] = [];
  for (const field of PLATFORM_FIELDS[platform]) {
    const want = fromUpload[field];
    const have = typed[field];
    if (want === undefined || have === undefined || have.trim() === '') continue;
    if (normalizeHex(have) !== want)
      issues.push(
        fieldIssue([...prefix, 'platforms', platform, field], 'APP_FEATURE_MISMATCH', {
          field: APP_FEATURE_LABELS[field],
          value: want.length > 48 ? `${want.slice(0, 24)}…${want.slice(-8)}` : want,
        }),
      );
  }
  return issues;
}
