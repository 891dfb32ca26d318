// The search page: Pagefind's JavaScript API (/pagefind/pagefind.js, made
// by `kokeilu build` from the built pages, one index per <html lang>) with
// this page's own form and result list. Every word comes from the page
// (layouts/search.html, layouts/i18n/*.yaml); without JavaScript or without
// an index the page's notice leads to the browse pages instead.
const form = document.getElementById('search-form');
const input = document.getElementById('search-q');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const notice = document.getElementById('search-notice');
const more = document.getElementById('search-more');
const pageSize = 50;
const lang = document.documentElement.lang;
const number = new Intl.NumberFormat(lang);

function countText(n) {
  if (n === 0) return form.dataset.countNone;
  if (n === 1) return form.dataset.countOne;
  return form.dataset.countOther.replace('%s', number.format(n));
}

function stage() {
  const checked = form.querySelector('input[name="stage"]:checked');
  return checked ? checked.value : '';
}

function result(data) {
  const li = document.createElement('li');
  const h = document.createElement('h2');
  const a = document.createElement('a');
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h.append(a);
  li.append(h);
  if (data.meta.summary) {
    const p = document.createElement('p');
    p.textContent = data.meta.summary;
    li.append(p);
  }
  if (data.meta.stage) {
    const p = document.createElement('p');
    const s = document.createElement('span');
    const key = (data.filters.stage || [''])[0];
    s.className = 'stage stage-' + key;
    s.textContent = data.meta.stage;
    p.append(s);
    li.append(p);
  }
  return li;
}

let pagefind;
let run = 0;
let shown = [];  // the current search's results not yet shown

// showMore adds the next results of the current search to the list.
async function showMore(n) {
  const next = shown.splice(0, pageSize);
  const data = await Promise.all(next.map(r => r.data()));
  if (n !== run) return;
  list.append(...data.map(result));
  more.hidden = shown.length === 0;
}

async function search() {
  const q = input.value.trim();
  const n = ++run;
  const url = new URL(location.href);
  if (q) url.searchParams.set('q', q); else url.searchParams.delete('q');
  if (stage()) url.searchParams.set('stage', stage()); else url.searchParams.delete('stage');
  history.replaceState(null, '', url);
  if (!q) {
    list.replaceChildren();
    status.textContent = '';
    more.hidden = true;
    return;
  }
  status.textContent = form.dataset.loading;
  const filters = stage() ? { stage: stage() } : {};
  const found = await pagefind.search(q, { filters });
  if (n !== run || !found) return;
  list.replaceChildren();
  shown = found.results.slice();
  await showMore(n);
  if (n !== run) return;
  status.textContent = countText(found.results.length);
}

async function start() {
  try {
    pagefind = await import('/pagefind/pagefind.js');
    // kokeilu serve has no index and says so (internal/serve).
    if (pagefind.preview) throw new Error('preview');
    await pagefind.init();
  } catch (e) {
    document.getElementById('search-nojs').hidden = true;
    document.getElementById(e.message === 'preview' ? 'search-preview' : 'search-unavailable').hidden = false;
    return;
  }
  notice.hidden = true;
  form.hidden = false;
  const params = new URLSearchParams(location.search);
  input.value = params.get('q') || '';
  const s = form.querySelector(`input[name="stage"][value="${CSS.escape(params.get('stage') || '')}"]`);
  if (s) s.checked = true;
  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 200); });
  form.addEventListener('change', e => { if (e.target.name === 'stage') search(); });
  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); search(); });
  more.addEventListener('click', () => showMore(run));
  if (input.value) search();
}

start();
