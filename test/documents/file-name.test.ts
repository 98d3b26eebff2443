import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cleanFileName, contentDisposition, downloadName } from '../../src/documents/index.ts';

const CONTROL = /[\p{Cc}]/u;
const FORMAT = /[\p{Cf}]/u;

describe('cleanFileName: a display name, never a path', () => {
  it('keeps the last segment of Unix and Windows paths', () => {
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('..\\..\\win.ini'), 'win.ini');
    assert.equal(cleanFileName('C:\\Users\\王\\营业执照.pdf'), '营业执照.pdf');
    assert.equal(cleanFileName('/'), 'document');
  });

  it('drops NUL and other control characters', () => {
    assert.equal(cleanFileName('scan\u0000.pdf'), 'scan.pdf');
    assert.equal(cleanFileName('a\u001b[31mred.png'), 'a[31mred.png');
    assert.equal(cleanFileName('line\nbreak.jpg'), 'line break.jpg');
  });

  it('drops bidi overrides and zero-width characters (Trojan Source)', () => {
    assert.equal(cleanFileName('\u202Egpj.exe'), 'gpj.exe');
    assert.equal(cleanFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(cleanFileName('a\u200Bb\u200Dc\uFEFF.pdf'), 'abc.pdf');
    assert.equal(cleanFileName('x\u2066y\u2069.png'), 'xy.png');
  });

  it('collapses whitespace and drops leading and trailing dots', () => {
    assert.equal(cleanFileName('  my\t\t  scan   .pdf  '), 'my scan .pdf');
    assert.equal(cleanFileName('.htaccess'), 'htaccess');
    assert.equal(cleanFileName('...'), 'document');
    assert.equal(cleanFileName('report.'), 'report');
    assert.equal(cleanFileName('域名证书\u3000扫描.pdf'), '域名证书 扫描.pdf');
  });

  it('normalises to NFC', () => {
    assert.equal(cleanFileName('cafe\u0301.pdf'), 'caf\u00e9.pdf');
  });

  it('shortens a 500-character name to 120 code points, keeping the extension', () => {
    const name = cleanFileName(`${'证'.repeat(500)}.pdf`);
    assert.equal([...name].length, 120);
    assert.ok(name.endsWith('.pdf'));
    const emoji = cleanFileName(`${'😀'.repeat(500)}.png`);
    assert.equal([...emoji].length, 120);
    assert.ok(emoji.endsWith('.png'));
    assert.ok(!/\p{Cs}/u.test(emoji), 'no surrogate pair is split');
  });

  it('falls back to "document" for nothing usable, and for non-strings', () => {
    assert.equal(cleanFileName(''), 'document');
    assert.equal(cleanFileName('\u0000\u202E'), 'document');
    assert.equal(cleanFileName(undefined), 'document');
  });

  it('property: no separators, controls, format characters or leading dot; short; idempotent', () => {
    const tricky = fc.constantFrom(
      '/',
      '\\',
      '.',
      '..',
      ' ',
      '\u0000',
      '\n',
      '\u202E',
      '\u200B',
      '\uFEFF',
      '\u0301',
      'e',
      '证',
      '😀',
      '\uD800',
      '.pdf',
      '\u3000',
    );
    const input = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(tricky, { maxLength: 60 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(input, (raw) => {
        const name = cleanFileName(raw);
        assert.ok(name.length > 0);
        assert.ok(!name.includes('/') && !name.includes('\\'), JSON.stringify(name));
        assert.ok(!CONTROL.test(name) && !FORMAT.test(name), JSON.stringify(name));
        assert.ok(!name.startsWith('.'), JSON.stringify(name));
        assert.ok([...name].length <= 120);
        assert.ok(!/\p{Cs}/u.test(name), 'well-formed');
        assert.equal(name, name.normalize('NFC'));
        assert.equal(cleanFileName(name), name, `idempotent on ${JSON.stringify(raw)}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('download names and Content-Disposition', () => {
  it('gives the download the extension of the detected type', () => {
    assert.equal(downloadName('x.pdf', 'image/png'), 'x.png');
    assert.equal(downloadName('invoice.html', 'image/png'), 'invoice.png');
    assert.equal(downloadName('scan', 'image/jpeg'), 'scan.jpg');
    assert.equal(downloadName('scan.JPEG', 'image/jpeg'), 'scan.JPEG');
    assert.equal(downloadName('证书.pdf', 'application/pdf'), '证书.pdf');
  });

  it('writes an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187)', () => {
    assert.equal(
      contentDisposition('营业执照.pdf'),
      `attachment; filename="document.pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf`,
    );
    assert.equal(
      contentDisposition('scan (1)*.pdf'),
      `attachment; filename="scan (1)*.pdf"; filename*=UTF-8''scan%20%281%29%2A.pdf`,
    );
    assert.equal(
      contentDisposition('my "scan"; x.png'),
      `attachment; filename="my _scan__ x.png"; filename*=UTF-8''my%20%22scan%22%3B%20x.png`,
    );
    assert.equal(
      contentDisposition('licence_v2.jpg'),
      `attachment; filename="licence_v2.jpg"; filename*=UTF-8''licence_v2.jpg`,
    );
  });
});
