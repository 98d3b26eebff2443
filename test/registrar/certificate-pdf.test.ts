import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  CertificateFontUnavailableError,
  CertificateGlyphsMissingError,
  missingGlyphs,
  renderDomainCertificate,
  type DomainCertificateData,
} from '../../src/registrar/certificate-pdf.ts';
import { findCjkFont, type CjkFont } from '../../src/registrar/cjk-font.ts';

const run = promisify(execFile);

// poppler-utils and fonts-noto-cjk are installed in CI; locally a missing one skips its tests, in CI it fails them.
const need = (present: boolean, what: string) =>
  present || process.env.CI ? false : `${what} is not installed`;
const hasPoppler = ['pdftotext', 'pdffonts', 'pdfinfo'].every((tool) => !spawnSync(tool, ['-v']).error);
const tryFont = (sources: ('system' | 'npm')[]): CjkFont | undefined => {
  try {
    return findCjkFont({ env: {}, sources });
  } catch {
    return undefined;
  }
};
const debianFont = tryFont(['system']);
const npmFont = tryFont(['npm']);
const DEBIAN_TTC = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const LATIN_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const skip: Record<'poppler' | 'debian' | 'debianPath' | 'npm' | 'latin', string | false> = {
  poppler: need(hasPoppler, 'poppler-utils'),
  debian: need(debianFont !== undefined, 'fonts-noto-cjk'),
  npm: need(npmFont !== undefined, '@embedpdf/fonts-sc'),
  debianPath: need(existsSync(DEBIAN_TTC), `${DEBIAN_TTC} (fonts-noto-cjk)`),
  // DejaVu comes with fontconfig; it stands for a font without Chinese glyphs.
  latin: existsSync(LATIN_FONT) ? false : `${LATIN_FONT} is not installed`,
};
const skipAny = (...reasons: (string | false)[]) => reasons.find((r) => r !== false) ?? false;
const font = (f: CjkFont | undefined, name: string): CjkFont => {
  assert.ok(f, `${name} must be installed in CI`);
  return f;
};

const dir = mkdtempSync(join(tmpdir(), 'beian-certificate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** Runs a poppler tool on the PDF and returns its stdout. */
async function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Buffer, ...args: string[]) {
  assert.ok(hasPoppler, 'CI installs poppler-utils: pdftotext, pdffonts and pdfinfo are required');
  const file = join(dir, `certificate-${++files}.pdf`);
  writeFileSync(file, pdf);
  const out = await run(
    tool,
    tool === 'pdffonts' || tool === 'pdfinfo' ? [...args, file] : [...args, file, '-'],
    {
      encoding: 'utf8',
    },
  );
  return out.stdout;
}

const certificate = (overrides: Partial<DomainCertificateData> = {}): DomainCertificateData => ({
  serial: 'DC-20261128-7F3A9C21',
  domainUnicode: '例子.中国',
  domainAscii: 'xn--fsqu00a.xn--fiqs8s',
  holderName: '吉𠮷䶮堃𬌗',
  holderIdMasked: '110101********123X',
  // 16:30 UTC is already the next day in Shanghai: the certificate must show the Shanghai date.
  registeredAt: '2026-11-27T16:30:00Z',
  expiresAt: '2027-11-27T16:30:00.000Z',
  registrarName: '杭州示例网络科技有限公司',
  registrarLicence: '浙D3-20210002',
  issuedAt: '2026-11-28T10:15:00+08:00',
  verificationCode: '7K2M-9QXD-4HRT-B8WN',
  verifyUrl: 'https://registrar.example.cn/verify',
  ...overrides,
});

describe('renderDomainCertificate', () => {
  it(
    'prints every field, rare name characters and both domain forms',
    { skip: skipAny(skip.poppler, skip.debian) },
    async () => {
      const data = certificate();
      const pdf = await renderDomainCertificate(data, { font: font(debianFont, 'fonts-noto-cjk') });
      const text = await poppler('pdftotext', pdf, '-layout');
      for (const expected of [
        '吉𠮷䶮堃𬌗',
        '110101********123X',
        '例子.中国',
        'xn--fsqu00a.xn--fiqs8s',
        'DC-20261128-7F3A9C21',
        '杭州示例网络科技有限公司',
        '浙D3-20210002',
        '7K2M-9QXD-4HRT-B8WN',
        'https://registrar.example.cn/verify',
        '域名注册证书',
      ]) {
        assert.ok(text.includes(expected), `missing ${expected} in:\n${text}`);
      }
      assert.match(text, /注册日期\s+2026-11-28/);
      assert.match(text, /到期日期\s+2027-11-28/);
      assert.match(text, /颁发日期 Date of issue\s+2026-11-28/);
      const info = await poppler('pdfinfo', pdf);
      assert.match(info, /^Title:\s+域名证书 例子\.中国$/m);
      assert.match(info, /^Pages:\s+1$/m);
      assert.match(info, /^Page size:\s+595\.28 x 841\.89 pts \(A4\)/m);
    },
  );

  it(
    'embeds only a subset of the CJK font and no other font',
    { skip: skipAny(skip.poppler, skip.debian) },
    async () => {
      const pdf = await renderDomainCertificate(certificate(), { font: font(debianFont, 'fonts-noto-cjk') });
      const rows = (await poppler('pdffonts', pdf)).trim().split('\n').slice(2);
      assert.equal(rows.length, 1, rows.join('\n'));
      // name  type  encoding  emb sub uni  object ID: a subset's name carries a six-letter tag.
      assert.match(rows[0] ?? '', /^[A-Z]{6}\+NotoSansCJKsc-Regular\s.*\syes\s+yes\s+yes\s/);
      assert.ok(pdf.length < 150_000, `a one-page certificate is ${pdf.length} bytes: font not subset?`);
    },
  );

  it(
    'omits the A-label line for an ASCII domain and the verify line without a URL',
    { skip: skipAny(skip.poppler, skip.debian) },
    async () => {
      const pdf = await renderDomainCertificate(
        certificate({ domainUnicode: 'example.cn', domainAscii: 'example.cn', verifyUrl: null }),
        { font: font(debianFont, 'fonts-noto-cjk') },
      );
      const text = await poppler('pdftotext', pdf, '-layout');
      assert.equal(text.match(/example\.cn/g)?.length, 1, text);
      assert.ok(!text.includes('核验网址'), text);
      assert.ok(text.includes('7K2M-9QXD-4HRT-B8WN'));
    },
  );

  it('produces the same bytes for the same data', { skip: skip.debian }, async () => {
    const options = { font: font(debianFont, 'fonts-noto-cjk') };
    const first = await renderDomainCertificate(certificate(), options);
    assert.ok(first.subarray(0, 5).equals(Buffer.from('%PDF-')));
    assert.ok(first.equals(await renderDomainCertificate(certificate(), options)));
  });

  it(
    'wraps the longest allowed values inside the frame of one page',
    { skip: skipAny(skip.poppler, skip.debian) },
    async () => {
      const label = (n: number) => `xn--${'a'.repeat(n - 4)}`;
      const ascii = `${label(63)}.${label(63)}.${label(63)}.${label(58)}.cn`;
      const chars = '中文域名注册服务机构证书持有者名称示例网络';
      const idn = `${[chars.slice(0, 18), chars.slice(1, 19), chars.slice(2, 20), chars.slice(3, 19)].join('.')}.中国`;
      const holderName = '张𠮷堃喆赟燚𬱖𫖮𬌗镕'.repeat(20);
      const longest = {
        holderName,
        verifyUrl: `https://registrar.example.cn/verify?code=${'7K2M9QXD'.repeat(20)}`,
        registrarName: '很长的注册服务机构法定名称'.repeat(5),
      };
      assert.equal(ascii.length, 253);
      assert.equal(domainToASCII(idn).length, 251);
      assert.equal([...holderName].length, 200);
      const cases = [
        { ...longest, domainUnicode: ascii, domainAscii: ascii },
        { ...longest, domainUnicode: idn, domainAscii: domainToASCII(idn) },
        // Beyond the limits the layout shrinks rather than spilling onto a second page.
        { ...longest, domainUnicode: idn, domainAscii: domainToASCII(idn), holderName: holderName.repeat(2) },
      ];
      for (const values of cases) {
        const pdf = await renderDomainCertificate(certificate(values), {
          font: font(debianFont, 'fonts-noto-cjk'),
        });
        const boxes = await poppler('pdftotext', pdf, '-bbox');
        assert.equal(boxes.match(/<page /g)?.length, 1, 'one page');
        const words = [
          ...boxes.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">/g),
        ].map(([word, ...box]) => ({ word, box: box.map(Number) as [number, number, number, number] }));
        assert.ok(words.length > 50);
        for (const { word, box } of words) {
          // The inner frame line is 30 pt inside each edge of the 595.28 x 841.89 pt page.
          const [xMin, yMin, xMax, yMax] = box;
          assert.ok(
            xMin >= 30 && xMax <= 565.28 && yMin >= 30 && yMax <= 811.89,
            `outside the frame: ${word}`,
          );
        }
        for (const [i, a] of words.entries()) {
          for (const b of words.slice(i + 1)) {
            // Glyph boxes of adjacent lines may touch; printed text must not overlap.
            const dx = Math.min(a.box[2], b.box[2]) - Math.max(a.box[0], b.box[0]);
            const dy = Math.min(a.box[3], b.box[3]) - Math.max(a.box[1], b.box[1]);
            assert.ok(dx <= 1 || dy <= 1, `overlapping: ${a.word} ${b.word}`);
          }
        }
        // Wrapped lines join back to the whole value (-raw keeps the drawing order).
        const raw = (await poppler('pdftotext', pdf, '-raw')).replace(/\s+/g, '');
        for (const value of [values.holderName, values.domainUnicode, values.domainAscii, values.verifyUrl]) {
          assert.ok(raw.includes(value), `not printed whole: ${value}`);
        }
        assert.ok(raw.includes(values.registrarName));
      }
    },
  );

  it(
    'refuses characters the font lacks, naming each with its field, before printing',
    { skip: skip.debian },
    async () => {
      const data = certificate({
        holderName: '张😀三😀',
        registrarName: '示例\u{E000}公司',
        domainUnicode: '例子\u{3134A}.中国',
      });
      await assert.rejects(
        renderDomainCertificate(data, { font: font(debianFont, 'fonts-noto-cjk') }),
        (error) => {
          assert.ok(error instanceof CertificateGlyphsMissingError);
          assert.deepEqual(error.missing, [
            { field: 'domainUnicode', character: '\u{3134A}', codePoint: 'U+3134A' },
            { field: 'holderName', character: '😀', codePoint: 'U+1F600' },
            { field: 'registrarName', character: '\u{E000}', codePoint: 'U+E000' },
          ]);
          assert.ok(error.messages.zh.includes('域名持有者「😀」（U+1F600）'), error.messages.zh);
          assert.ok(error.messages.en.includes("holderName '😀' (U+1F600)"), error.messages.en);
          assert.ok(error.messages.en.includes('U+E000') && error.messages.en.includes('U+3134A'));
          return true;
        },
      );
    },
  );

  it('checks the template text too', { skip: skip.latin }, async () => {
    // A Latin-only font has the digits of every field here but none of the Chinese labels.
    const latin: CjkFont = { path: LATIN_FONT, source: 'configured' };
    const data = certificate({
      domainUnicode: 'example.cn',
      domainAscii: 'example.cn',
      holderName: 'Zhang San',
      registrarName: 'Example Registrar Ltd.',
      registrarLicence: 'D3-20210002',
    });
    await assert.rejects(renderDomainCertificate(data, { font: latin }), (error) => {
      assert.ok(error instanceof CertificateGlyphsMissingError);
      assert.ok(error.missing.length > 0);
      assert.ok(error.missing.every((m) => m.field === 'template'));
      assert.ok(error.missing.some((m) => m.character === '域' && m.codePoint === 'U+57DF'));
      return true;
    });
  });

  it(
    'prints with the npm font, which lacks 𠮷 that the Debian font has',
    { skip: skipAny(skip.poppler, skip.npm, skip.debian) },
    async () => {
      const npm = font(npmFont, '@embedpdf/fonts-sc');
      const pdf = await renderDomainCertificate(certificate({ holderName: '王䶮堃𬌗' }), { font: npm });
      assert.ok((await poppler('pdftotext', pdf, '-layout')).includes('王䶮堃𬌗'));
      assert.match(await poppler('pdffonts', pdf), /[A-Z]{6}\+NotoSansHans-Regular\s.*\syes\s+yes\s+yes\s/);

      const rare = certificate({ holderName: '吉𠮷' });
      await assert.rejects(renderDomainCertificate(rare, { font: npm }), (error) => {
        assert.ok(error instanceof CertificateGlyphsMissingError);
        assert.deepEqual(error.missing, [{ field: 'holderName', character: '𠮷', codePoint: 'U+20BB7' }]);
        return true;
      });
      const debian = await renderDomainCertificate(rare, { font: font(debianFont, 'fonts-noto-cjk') });
      assert.ok((await poppler('pdftotext', debian, '-layout')).includes('吉𠮷'));
    },
  );

  it('rejects a date that is not an ISO instant', { skip: skip.debian }, async () => {
    await assert.rejects(
      renderDomainCertificate(certificate({ expiresAt: '2027-02-30T00:00:00Z' }), {
        font: font(debianFont, 'x'),
      }),
      /invalid expiresAt for a domain certificate: '2027-02-30T00:00:00Z'/,
    );
  });
});

describe('missingGlyphs', () => {
  it(
    'checks code points, not UTF-16 halves, once each, ignoring whitespace',
    { skip: skipAny(skip.npm, skip.debian) },
    () => {
      const npm = font(npmFont, '@embedpdf/fonts-sc');
      assert.deepEqual(missingGlyphs(npm, ' 吉𠮷\n𠮷\t😀 a\u3000'), ['𠮷', '😀']);
      assert.deepEqual(
        missingGlyphs(font(debianFont, 'fonts-noto-cjk'), '吉𠮷 䶮堃喆赟燚𬱖𫖮𬌗镕珺頔㛃'),
        [],
      );
    },
  );
});

describe('findCjkFont', () => {
  it('prefers the configured path over BEIAN_CJK_FONT and the system font', { skip: skip.npm }, () => {
    const npm = font(npmFont, '@embedpdf/fonts-sc');
    const found = findCjkFont({ path: npm.path, env: { BEIAN_CJK_FONT: '/nonexistent.ttc#Face' } });
    assert.deepEqual(found, { path: npm.path, source: 'configured' });
  });

  it('reads BEIAN_CJK_FONT as path#Face', { skip: skip.debianPath }, () => {
    const found = findCjkFont({ env: { BEIAN_CJK_FONT: `${DEBIAN_TTC}#NotoSansCJKtc-Regular` } });
    assert.deepEqual(found, { path: DEBIAN_TTC, family: 'NotoSansCJKtc-Regular', source: 'configured' });
  });

  it('finds fonts-noto-cjk without configuration', { skip: skip.debianPath }, () => {
    assert.deepEqual(findCjkFont({ env: {} }), {
      path: DEBIAN_TTC,
      family: 'NotoSansCJKsc-Regular',
      source: 'system',
    });
  });

  it('falls back to @embedpdf/fonts-sc', { skip: skip.npm }, () => {
    const found = findCjkFont({ env: {}, sources: ['npm'] });
    assert.equal(found.source, 'npm');
    assert.match(found.path, /@embedpdf\/fonts-sc\/fonts\/NotoSansHans-Regular\.otf$/);
  });

  it('tells the operator what to install when there is no font', () => {
    assert.throws(
      () => findCjkFont({ env: {}, sources: [] }),
      (error) => {
        assert.ok(error instanceof CertificateFontUnavailableError);
        assert.ok(
          error.messages.zh.includes('fonts-noto-cjk') && error.messages.zh.includes('BEIAN_CJK_FONT'),
        );
        assert.ok(
          error.messages.en.includes('fonts-noto-cjk') && error.messages.en.includes('BEIAN_CJK_FONT'),
        );
        return true;
      },
    );
  });

  it('does not fall back when the configured font is unusable', () => {
    const unusable = (spec: string, reason: RegExp) =>
      assert.throws(
        () => findCjkFont({ env: { BEIAN_CJK_FONT: spec } }),
        (error) => error instanceof CertificateFontUnavailableError && reason.test(error.messages.en),
      );
    unusable('/nonexistent/font.ttc', /'\/nonexistent\/font\.ttc' does not exist/);
    unusable(join(dir, 'missing.otf#Face'), /missing\.otf' does not exist/);
    if (existsSync(DEBIAN_TTC)) {
      unusable(DEBIAN_TTC, /font collection.*NotoSansCJKsc-Regular/);
      unusable(`${DEBIAN_TTC}#NoSuchFace`, /face 'NoSuchFace' not found/);
    }
    if (existsSync(LATIN_FONT)) unusable(LATIN_FONT, /no Chinese glyphs/);
  });
});
