/*
 * beian progressive enhancement. Every page works without this file; it only
 * - moves focus to the error summary after a failed submission (GOV.UK pattern), and
 * - on 备案类型验证 (form[data-precheck]) sends the fields to /api/v1/precheck and shows the result in
 *   place, with the markup of CheckResultView (src/web/kit/findings.tsx — KEEP IN SYNC). On any
 *   problem (a required field empty, a refusal, no network) it submits the form normally instead, so the
 *   server renders its field errors or result.
 * Text from the server is only ever set with textContent, never as HTML.
 */
(function () {
  'use strict';

  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();

  var form = document.querySelector('form[data-precheck]');
  var out = document.querySelector('[data-precheck-result]');
  if (!form || !out || !window.fetch || !window.JSON) return;

  var labels;
  try {
    labels = JSON.parse(out.getAttribute('data-labels') || '{}');
  } catch {
    return;
  }
  var REQUIRED = ['province', 'subjectType', 'subjectIdType', 'subjectId', 'domain'];
  var SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };
  // KEEP IN SYNC with visibleControls in src/web/kit/findings.tsx.
  // eslint-disable-next-line no-control-regex
  var CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

  function visibleControls(text) {
    return text.replace(CONTROLS, function (c) {
      return '[U+' + ('0000' + c.charCodeAt(0).toString(16).toUpperCase()).slice(-4) + ']';
    });
  }

  function value(name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === 'string' ? field.value.trim() : '';
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pick(localized) {
    return localized && typeof localized === 'object' ? localized[labels.lang] || localized.zh || '' : '';
  }

  function renderFinding(finding) {
    var item = el('li', 'finding finding-' + finding.severity);
    var message = el('p', 'finding-message');
    message.appendChild(
      el('span', 'tag tag-' + finding.severity, labels.severities[finding.severity] || finding.severity),
    );
    message.appendChild(document.createTextNode(' ' + visibleControls(pick(finding.message))));
    item.appendChild(message);
    var remedy = el('p', 'finding-remedy');
    remedy.appendChild(el('strong', '', labels.text.remedy));
    remedy.appendChild(document.createTextNode(visibleControls(pick(finding.remedy))));
    item.appendChild(remedy);
    var meta = el('p', 'finding-meta', labels.text.rule + ' ');
    var link = el('a', 'finding-code');
    link.href = '/rules#' + encodeURIComponent(finding.code);
    link.title = labels.text.explain;
    link.appendChild(el('code', '', finding.code));
    meta.appendChild(link);
    item.appendChild(meta);
    return item;
  }

  function renderResult(result) {
    var section = el('section', 'check-result ' + (result.ok ? 'check-ok' : 'check-blocked'));
    var heading = el('h2', '', labels.text.domain + ' ');
    heading.tabIndex = -1;
    var domain = result.domain;
    heading.appendChild(el('bdi', 'domain', domain ? domain.unicode : result.input));
    if (domain && domain.ascii !== domain.unicode) {
      heading.appendChild(document.createTextNode(' '));
      heading.appendChild(el('span', 'ascii', '(' + domain.ascii + ')'));
    }
    section.appendChild(heading);
    section.appendChild(
      el(
        'p',
        'verdict ' + (result.ok ? 'verdict-ok' : 'verdict-blocked'),
        result.ok ? labels.text.ok : labels.text.blocked,
      ),
    );
    var hasErrors = result.findings.some(function (f) {
      return f.severity === 'error';
    });
    var list = el('dl', 'summary-list');
    list.appendChild(el('dt', '', labels.text.filingType));
    list.appendChild(
      el(
        'dd',
        '',
        result.filingType === null
          ? labels.text.none
          : (labels.filingTypes[result.filingType] || result.filingType) +
              (hasErrors ? labels.text.pending : ''),
      ),
    );
    var basis = result.filingType === null ? undefined : labels.filingTypeBases[result.filingType];
    if (basis) {
      list.appendChild(el('dt', '', labels.text.basis));
      list.appendChild(el('dd', 'filing-type-basis', basis));
    }
    section.appendChild(list);
    if (result.findings.length === 0) {
      section.appendChild(el('p', '', labels.text.noFindings));
    } else {
      var findings = el('ul', 'findings');
      result.findings
        .map(function (finding, index) {
          return { finding: finding, index: index };
        })
        .sort(function (a, b) {
          return SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.index - b.index;
        })
        .forEach(function (entry) {
          findings.appendChild(renderFinding(entry.finding));
        });
      section.appendChild(findings);
    }
    return section;
  }

  function submitNormally() {
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener('submit', function (event) {
    if (
      REQUIRED.some(function (name) {
        return value(name) === '';
      })
    )
      return;
    // Other domains of one website or an as-of date: the server renders those (several results).
    if (value('moreDomains') !== '' || value('asOf') !== '') return;
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
    }
    out.textContent = '';
    out.appendChild(el('p', 'notice', labels.checking));
    fetch('/api/v1/precheck', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': value('_csrf') },
      body: JSON.stringify({
        inputs: [value('domain')],
        province: value('province'),
        subjectType: value('subjectType'),
        subjectIdType: value('subjectIdType'),
        subjectId: value('subjectId'),
        subjectName: value('subjectName'),
        account: form.getAttribute('data-account') || '',
      }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error('precheck answered ' + response.status);
        return response.json();
      })
      .then(function (report) {
        var result = report && report.results && report.results[0];
        if (!result) throw new Error('precheck answered no result');
        out.textContent = '';
        var section = renderResult(result);
        out.appendChild(section);
        section.querySelector('h2').focus();
        if (button) {
          button.disabled = false;
          button.removeAttribute('aria-busy');
        }
      })
      .catch(submitNormally);
  });
})();

/*
 * 域名证书打印 (form[data-certificate], CertificateForm in src/web/pages/registrar/certificate.tsx). Without
 * this script the POST answers with the PDF as an attachment. With it, the form is sent by fetch while
 * the role="status" region says 正在生成证书… and the <progress> runs; the PDF is then saved through a
 * blob URL and the verification code (the X-Verification-Code header) is shown once. A refusal answers
 * with the page, whose [data-certificate-error] text is shown in place (as text, never as HTML); on
 * anything unexpected the form is submitted normally, which answers the same way without the script.
 */
(function () {
  'use strict';

  var forms = document.querySelectorAll('form[data-certificate]');
  if (
    !forms.length ||
    !window.fetch ||
    !window.URL ||
    !window.URLSearchParams ||
    !window.FormData ||
    !window.DOMParser
  )
    return;

  function fileName(response) {
    var match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return match ? match[1] : 'domain-certificate.pdf';
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    // Revoked later: some browsers start reading the blob only after click() has returned.
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  /** The refusal of the answered page, rebuilt from its text next to the form; false when there is none. */
  function showRefusal(form, html) {
    var page = new DOMParser().parseFromString(html, 'text/html');
    var source = page.querySelector('[data-certificate-error]') || page.querySelector('.error-page p');
    if (!source) return false;
    var previous = form.parentNode.querySelector('[data-certificate-error]');
    if (previous) previous.parentNode.removeChild(previous);
    var box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    box.setAttribute('data-certificate-error', '');
    box.tabIndex = -1;
    var lines = source.querySelectorAll('p, li');
    if (!lines.length) lines = [source];
    Array.prototype.forEach.call(lines, function (line) {
      var p = document.createElement('p');
      p.textContent = line.textContent;
      box.appendChild(p);
    });
    form.parentNode.insertBefore(box, form);
    box.focus();
    return true;
  }

  Array.prototype.forEach.call(forms, function (form) {
    var status = form.querySelector('[data-certificate-status]');
    var bar = form.querySelector('[data-certificate-bar]');
    var button = form.querySelector('button[type="submit"]');
    var busy = false;

    function setBusy(on) {
      busy = on;
      if (bar) bar.hidden = !on;
      if (button) {
        button.disabled = on;
        if (on) button.setAttribute('aria-busy', 'true');
        else button.removeAttribute('aria-busy');
      }
    }

    function submitNormally() {
      setBusy(false);
      if (status) status.textContent = '';
      HTMLFormElement.prototype.submit.call(form);
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (busy) return;
      setBusy(true);
      if (status) status.textContent = form.getAttribute('data-generating') || '';
      fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)).toString(),
      })
        .then(function (response) {
          var type = response.headers.get('Content-Type') || '';
          if (response.ok && type.indexOf('application/pdf') === 0) {
            var code = response.headers.get('X-Verification-Code') || '';
            var name = fileName(response);
            return response.blob().then(function (blob) {
              save(blob, name);
              setBusy(false);
              if (status) status.textContent = (form.getAttribute('data-generated') || '') + code;
            });
          }
          if (type.indexOf('text/html') !== 0) throw new Error('certificate answered ' + response.status);
          return response.text().then(function (html) {
            if (!showRefusal(form, html)) throw new Error('certificate answered ' + response.status);
            setBusy(false);
            if (status) status.textContent = '';
          });
        })
        .catch(submitNormally);
    });
  });
})();

/*
 * 批量备案类型验证 (form[data-bulk-precheck], src/web/pages/bulk-precheck-page.tsx). Without this script
 * the POST answers with the result file as an attachment. With it: the chosen file's lines are counted
 * for the <progress> (until the answer's X-Bulk-Rows gives the exact count), the form is sent by fetch,
 * the rows of the answer are counted as they stream in — the role="status" region says
 * 已核验 n / total 行, at most once a second so screen readers are not flooded — and the finished file is
 * saved through a blob URL, with a link to save it again and a summary (rows, can be filed, with errors).
 * A refusal (the 422 page with its field errors) or any failure before the answer starts: the form is
 * submitted normally, and the server renders its errors. A failure while rows arrive says so in place.
 */
(function () {
  'use strict';

  var form = document.querySelector('form[data-bulk-precheck]');
  if (
    !form ||
    !window.fetch ||
    !window.FormData ||
    !window.TextDecoder ||
    !window.Blob ||
    !window.URL ||
    !window.ReadableStream
  )
    return;
  var bar = form.querySelector('[data-bulk-bar]');
  var status = form.querySelector('[data-bulk-status]');
  var download = form.querySelector('[data-bulk-download]');
  var button = form.querySelector('button[type="submit"]');
  var input = form.querySelector('input[type="file"]');
  if (!bar || !status || !download || !input) return;
  var maxBytes = Number(form.getAttribute('data-max-bytes')) || 0;
  var busy = false;
  var blobUrl = null;
  // The `ok` column of the result CSV (CSV_COLUMNS in src/checking/bulk-files.ts — KEEP IN SYNC).
  var OK_COLUMN = 5;

  function say(name, values) {
    return (form.getAttribute('data-' + name) || '').replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? '' : values[key];
    });
  }

  function grouped(n) {
    return n.toLocaleString('en-US');
  }

  function setBusy(on) {
    busy = on;
    if (button) {
      button.disabled = on;
      if (on) button.setAttribute('aria-busy', 'true');
      else button.removeAttribute('aria-busy');
    }
  }

  /** Lines that become rows: not blank and (TXT) not a # comment; a CSV's header is not one. */
  function estimateRows(content, csv) {
    var count = 0;
    content.split('\n').forEach(function (line) {
      var trimmed = line.replace(/^\uFEFF/, '').trim();
      if (trimmed !== '' && (csv || trimmed.charAt(0) !== '#')) count++;
    });
    return csv ? Math.max(count - 1, 0) : count;
  }

  /** Counts result rows and those that can be filed, from text pieces cut anywhere. */
  function rowCounter(csv) {
    var counter = { rows: 0, ok: 0 };
    var rest = '';
    var header = true;
    var quoted = false;
    var field = 0;
    var cell = '';
    counter.push = function (piece) {
      if (!csv) {
        var lines = (rest + piece).split('\n');
        rest = lines.pop();
        lines.forEach(function (line) {
          if (line === '') return;
          counter.rows++;
          try {
            if (JSON.parse(line).ok === true) counter.ok++;
          } catch {
            // Counted as a row that cannot be filed.
          }
        });
        return;
      }
      // Only `input` and `message` are ever quoted, and a "" escape toggles twice: quote state is enough.
      for (var i = 0; i < piece.length; i++) {
        var c = piece.charAt(i);
        if (c === '"') quoted = !quoted;
        else if (quoted) continue;
        else if (c === ',') field++;
        else if (c === '\n') {
          if (header) header = false;
          else {
            counter.rows++;
            if (cell === 'true') counter.ok++;
          }
          field = 0;
          cell = '';
        } else if (field === OK_COLUMN) cell += c;
      }
    };
    return counter;
  }

  function fileName(response, fallback) {
    var match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return match ? match[1] : fallback;
  }

  function offer(blob, name) {
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = blobUrl;
    link.download = name;
    link.textContent = say('download', { name: name });
    download.textContent = '';
    download.appendChild(link);
    download.hidden = false;
    link.click();
  }

  function submitNormally() {
    setBusy(false);
    bar.hidden = true;
    status.textContent = '';
    HTMLFormElement.prototype.submit.call(form);
  }

  form.addEventListener('submit', function (event) {
    var file = input.files && input.files[0];
    // Nothing chosen, or too large: the plain POST gets the server's message on the field.
    if (!file || (maxBytes && file.size > maxBytes)) return;
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    download.hidden = true;
    download.textContent = '';
    status.textContent = say('counting', {});
    var csvInput = /\.csv$/i.test(file.name) || /^text\/csv/i.test(file.type);
    var body = new FormData(form);
    var total = 0;
    var started = false;

    file
      .text()
      .then(function (content) {
        total = estimateRows(content, csvInput);
        return fetch(form.action, { method: 'POST', credentials: 'same-origin', body: body });
      })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        var csv = type.indexOf('text/csv') === 0;
        if (!response.ok || !response.body || (!csv && type.indexOf('application/x-ndjson') !== 0))
          throw new Error('bulk precheck answered ' + response.status);
        started = true;
        var exact = Number(response.headers.get('X-Bulk-Rows'));
        if (exact > 0) total = exact;
        bar.max = Math.max(total, 1);
        bar.value = 0;
        bar.hidden = false;
        var reader = response.body.getReader();
        var decoder = new window.TextDecoder();
        var counter = rowCounter(csv);
        var pieces = [];
        var announced = 0;

        function progress() {
          return say('progress', { done: grouped(counter.rows), total: grouped(total) });
        }
        status.textContent = progress();

        function pump() {
          return reader.read().then(function (step) {
            if (step.done) {
              counter.push(decoder.decode());
              bar.value = bar.max;
              status.textContent = say('finished', {
                rows: grouped(counter.rows),
                ok: grouped(counter.ok),
                failed: grouped(counter.rows - counter.ok),
              });
              offer(
                new window.Blob(pieces, { type: type }),
                fileName(response, csv ? 'results.csv' : 'results.jsonl'),
              );
              setBusy(false);
              return;
            }
            pieces.push(step.value);
            counter.push(decoder.decode(step.value, { stream: true }));
            bar.value = Math.min(counter.rows, bar.max);
            var now = Date.now();
            if (now - announced >= 1000) {
              announced = now;
              status.textContent = progress();
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        if (!started) return submitNormally();
        setBusy(false);
        bar.hidden = true;
        status.textContent = say('interrupted', {});
      });
  });
})();

/*
 * Copy buttons (button[data-copy="#input-id"]): shown only where the clipboard can be written; the
 * read-only box beside them still lets anyone select the text without JavaScript.
 */
(function () {
  'use strict';
  if (!window.navigator.clipboard) return;
  var buttons = document.querySelectorAll('button[data-copy]');
  Array.prototype.forEach.call(buttons, function (button) {
    var source = document.querySelector(button.getAttribute('data-copy'));
    if (!source) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      window.navigator.clipboard.writeText(source.value).then(function () {
        button.textContent = button.getAttribute('data-copied') || button.textContent;
      });
    });
  });
})();
