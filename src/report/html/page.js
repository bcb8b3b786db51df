// The HTML report's script: builds the long lists from the JSON in #ssot-data, a batch of rows
// at a time (more as the reader scrolls), with textContent only: nothing from the data is ever
// parsed as markup. When it has run without error it sets data-ready="ok" on <html>.
(function () {
  'use strict';
  var BATCH = 100;
  var SEVERITY = ['error', 'warning', 'info'];
  var CATEGORY = ['source', 'tests'];
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('ssot-data').textContent);
  var rules = data.rules, groups = data.groups, files = data.files, vs = data.v;
  var paths = data.paths, pathGroup = data.pg;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function groupName(g) { return g >= 0 && g < groups.length ? groups[g] : ''; }
  function site(p, line) { return paths[p] + ':' + line; }

  // More rows when the reader reaches a list's "Show more" button (or clicks it).
  var observer = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting && entry.target.more) entry.target.more();
    });
  }, { rootMargin: '600px' }) : null;

  function lazyList(container, button, items, render) {
    container.textContent = '';
    var shown = 0;
    function more() {
      var end = Math.min(items.length, shown + BATCH);
      var frag = document.createDocumentFragment();
      for (; shown < end; shown++) frag.appendChild(render(items[shown]));
      container.appendChild(frag);
      button.hidden = shown >= items.length;
      button.textContent = 'Show more (' + (items.length - shown) + ' left)';
    }
    button.more = more;
    button.onclick = more;
    if (observer) { observer.unobserve(button); observer.observe(button); }
    more();
    return function (k) { while (shown <= k && shown < items.length) more(); };
  }

  // ---- Files with violations ---------------------------------------------------------------
  var state = { q: '', rule: '', group: '', cat: '', sort: 'n', desc: true };

  files.forEach(function (f) {
    f.path = paths[f.p];
    f.g = pathGroup[f.p];
    var text = f.path.toLowerCase();
    for (var k = f.from; k < f.to; k++) text += '\n' + vs[k].m.toLowerCase() + '\n' + rules[vs[k].r];
    f.text = text;
  });

  function shownViolations(f) {
    var out = [];
    for (var k = f.from; k < f.to; k++) {
      if (state.rule === '' || vs[k].r === +state.rule) out.push(vs[k]);
    }
    return out;
  }

  function fillSelect(select, names) {
    names.forEach(function (name, i) {
      var o = el('option', null, name);
      o.value = String(i);
      select.appendChild(o);
    });
  }

  function related(v) {
    var line = el('div', 'rel');
    line.appendChild(document.createTextNode((v.rl || 'also at') + ': '));
    v.rel.forEach(function (r, i) {
      if (i > 0) line.appendChild(document.createTextNode(', '));
      line.appendChild(el('span', 'mono', site(r[0], r[1])));
    });
    return line;
  }

  function violationBox(f, v) {
    var box = el('div', 'viol');
    var head = el('div', 'vhead');
    var sev = el('span', 'sev ' + SEVERITY[v.s], SEVERITY[v.s]);
    head.appendChild(sev);
    head.appendChild(el('span', 'mono', f.path + ':' + v.l + ':' + v.c));
    head.appendChild(el('code', null, rules[v.r]));
    if (v.b) head.appendChild(el('span', 'tag', 'known from the baseline'));
    box.appendChild(head);
    box.appendChild(el('div', 'msg', v.m));
    if (v.f) box.appendChild(el('pre', 'frame', v.f));
    if (v.x) box.appendChild(el('div', 'fix', 'fix: ' + v.x));
    if (v.rel && v.rel.length) box.appendChild(related(v));
    return box;
  }

  function fileRow(item) {
    var f = item.f;
    var tr = el('tr', 'file');
    tr.appendChild(el('td', 'path', f.path));
    tr.appendChild(el('td', null, groupName(f.g)));
    tr.appendChild(el('td', null, CATEGORY[f.c]));
    tr.appendChild(el('td', 'num', item.e));
    tr.appendChild(el('td', 'num', item.w));
    tr.appendChild(el('td', 'num', item.i));
    tr.appendChild(el('td', 'num', item.n));
    tr.tabIndex = 0;
    function toggle() {
      var next = tr.nextSibling;
      if (next && next.className === 'detail') {
        next.parentNode.removeChild(next);
        tr.classList.remove('open');
        return;
      }
      var detail = el('tr', 'detail');
      var td = el('td');
      td.colSpan = 7;
      item.vs.forEach(function (v) { td.appendChild(violationBox(f, v)); });
      detail.appendChild(td);
      tr.parentNode.insertBefore(detail, tr.nextSibling);
      tr.classList.add('open');
    }
    tr.toggle = toggle;
    rows[f.p] = tr;
    tr.addEventListener('click', function () { toggle(); saveState(tr.classList.contains('open') ? f.path : ''); });
    tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') toggle(); });
    return tr;
  }

  var rows = {}, showUpTo = null, shownItems = [];
  function renderFiles() {
    var q = state.q.toLowerCase();
    var items = [];
    files.forEach(function (f) {
      if (state.group !== '' && f.g !== +state.group) return;
      if (state.cat !== '' && f.c !== +state.cat) return;
      if (q && f.text.indexOf(q) < 0) return;
      var shown = shownViolations(f);
      if (!shown.length) return;
      var c = [0, 0, 0];
      shown.forEach(function (v) { c[v.s]++; });
      items.push({ f: f, vs: shown, e: c[0], w: c[1], i: c[2], n: shown.length });
    });
    var key = state.sort, dir = state.desc ? -1 : 1;
    items.sort(function (a, b) {
      var x, y;
      if (key === 'p') { x = a.f.path; y = b.f.path; }
      else if (key === 'g') { x = groupName(a.f.g); y = groupName(b.f.g); }
      else if (key === 'c') { x = a.f.c; y = b.f.c; }
      else { x = a[key]; y = b[key]; }
      if (x < y) return -dir;
      if (x > y) return dir;
      return a.f.p - b.f.p;
    });
    $('file-count').textContent = items.length === files.length
      ? '(' + files.length + ')'
      : '(' + items.length + ' of ' + files.length + ')';
    document.querySelectorAll('th[data-sort]').forEach(function (th) {
      th.classList.remove('sorted-asc', 'sorted-desc');
      if (th.getAttribute('data-sort') === state.sort) th.classList.add(state.desc ? 'sorted-desc' : 'sorted-asc');
    });
    rows = {};
    shownItems = items;
    showUpTo = lazyList($('file-rows'), $('file-more'), items, fileRow);
  }

  // The list's state in the address (`#files?rule=...&group=...&cat=tests&q=...&sort=p&dir=asc
  // &open=PATH`): a filtered list, or an opened file, is a link.
  function saveState(open) {
    var q = new URLSearchParams();
    if (state.rule !== '') q.set('rule', rules[+state.rule]);
    if (state.group !== '') q.set('group', groups[+state.group]);
    if (state.cat !== '') q.set('cat', CATEGORY[+state.cat]);
    if (state.q) q.set('q', state.q);
    if (state.sort !== 'n' || !state.desc) { q.set('sort', state.sort); q.set('dir', state.desc ? 'desc' : 'asc'); }
    if (open) q.set('open', open);
    var hash = q.toString() ? '#files?' + q.toString() : ' ';
    try { history.replaceState(null, '', hash === ' ' ? location.pathname + location.search : hash); } catch (e) { /* file: URLs in some browsers */ }
  }
  function loadState() {
    var h = location.hash;
    if (h.indexOf('#files?') !== 0) return null;
    var q = new URLSearchParams(h.slice(7));
    var index = function (list, name) { var i = list.indexOf(name); return i >= 0 ? String(i) : ''; };
    state.rule = index(rules, q.get('rule'));
    state.group = index(groups, q.get('group'));
    state.cat = index(CATEGORY, q.get('cat'));
    state.q = q.get('q') || '';
    if (q.get('sort') && 'pgcewin'.indexOf(q.get('sort')) >= 0) { state.sort = q.get('sort'); state.desc = q.get('dir') !== 'asc'; }
    $('f-rule').value = state.rule; $('f-group').value = state.group; $('f-cat').value = state.cat; $('q').value = state.q;
    return q.get('open');
  }
  function openFile(path) {
    var p = paths.indexOf(path);
    for (var k = 0; k < shownItems.length; k++) {
      if (shownItems[k].f.p === p) {
        showUpTo(k);
        if (rows[p] && !rows[p].classList.contains('open')) rows[p].toggle();
        return rows[p];
      }
    }
    return null;
  }

  fillSelect($('f-rule'), rules);
  fillSelect($('f-group'), groups);
  if (!groups.length) $('f-group').hidden = true;
  var timer = null;
  $('q').addEventListener('input', function (e) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = e.target.value; renderFiles(); saveState(); }, 150);
  });
  [['f-rule', 'rule'], ['f-group', 'group'], ['f-cat', 'cat']].forEach(function (p) {
    $(p[0]).addEventListener('change', function (e) { state[p[1]] = e.target.value; renderFiles(); saveState(); });
  });
  $('f-reset').addEventListener('click', function () {
    state.q = state.rule = state.group = state.cat = '';
    $('q').value = $('f-rule').value = $('f-group').value = $('f-cat').value = '';
    state.sort = 'n'; state.desc = true;
    renderFiles();
    saveState();
  });
  document.querySelectorAll('th[data-sort]').forEach(function (th) {
    th.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      if (state.sort === key) state.desc = !state.desc;
      else { state.sort = key; state.desc = 'ewin'.indexOf(key) >= 0; }
      renderFiles();
      saveState();
    });
  });

  function showFiles(select, value, prop) {
    state[prop] = value;
    $(select).value = value;
    renderFiles();
    saveState();
    $('files').scrollIntoView();
  }
  document.querySelectorAll('.bar-row[data-group]').forEach(function (row) {
    var go = function () { showFiles('f-group', row.getAttribute('data-group'), 'group'); };
    row.addEventListener('click', go);
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
  });
  document.querySelectorAll('svg.graph .node[data-group]').forEach(function (node) {
    node.addEventListener('click', function () {
      var i = groups.indexOf(node.getAttribute('data-group'));
      if (i >= 0) showFiles('f-group', String(i), 'group');
    });
  });
  document.querySelectorAll('tr[data-rule]').forEach(function (row) {
    var go = function () {
      var i = rules.indexOf(row.getAttribute('data-rule'));
      if (i >= 0) showFiles('f-rule', String(i), 'rule');
    };
    row.addEventListener('click', go);
    row.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
  });
  var opened = loadState();
  renderFiles();
  if (location.hash.indexOf('#files?') === 0) {
    var row = opened ? openFile(opened) : null;
    (row || $('files')).scrollIntoView();
  }

  // ---- Duplicate groups --------------------------------------------------------------------
  var sites = 0;
  data.dups.forEach(function (d) { sites += d.sites.length; });
  $('dup-count').textContent = data.dups.length
    ? '(' + data.dups.length + ', ' + sites + ' sites)'
    : '(none)';
  lazyList($('dup-list'), $('dup-more'), data.dups, function (d) {
    var box = el('details', 'dup');
    var summary = el('summary');
    summary.appendChild(el('code', null, d.n));
    summary.appendChild(document.createTextNode(' — ' + d.sites.length + ' sites, '));
    summary.appendChild(el('code', null, rules[d.r]));
    box.appendChild(summary);
    var list = el('ul');
    d.sites.forEach(function (s) {
      var li = el('li');
      li.appendChild(el('span', 'mono', site(s[0], s[1])));
      if (pathGroup[s[0]] >= 0) li.appendChild(el('span', 'tag', groupName(pathGroup[s[0]])));
      list.appendChild(li);
    });
    box.appendChild(list);
    return box;
  });

  // ---- Registry claims ---------------------------------------------------------------------
  if (data.claims && $('claim-rows')) {
    lazyList($('claim-rows'), $('claim-more'), data.claims, function (c) {
      var tr = el('tr');
      var verdict = el('td');
      verdict.appendChild(el('span', 'chip verdict-' + c.verdict, c.verdict));
      tr.appendChild(verdict);
      tr.appendChild(el('td', 'mono', c.sym || '(module)'));
      tr.appendChild(el('td', 'mono', c.path));
      tr.appendChild(el('td', null, c.status));
      tr.appendChild(el('td', null, c.detail));
      tr.appendChild(el('td', 'mono', c.def ? site(c.def[0], c.def[1]) : ''));
      tr.appendChild(el('td', 'num', c.imp));
      return tr;
    });
  }

  // ---- Suppressed violations ---------------------------------------------------------------
  if (!data.supp.length) $('supp-rows').parentNode.hidden = true;
  lazyList($('supp-rows'), $('supp-more'), data.supp, function (s) {
    var tr = el('tr');
    tr.appendChild(el('td', 'mono', site(s.p, s.l)));
    tr.appendChild(el('td', 'mono', rules[s.r]));
    tr.appendChild(el('td', 'num', 'line ' + s.at));
    tr.appendChild(el('td', null, s.why || '(no reason given)'));
    return tr;
  });

  root.setAttribute('data-render-ms', String(Math.round(performance.now())));
  root.setAttribute('data-ready', 'ok');
})();
