// The experiment list's filter form, narrowed in place. Without this script
// the form is sent to the browse page and _redirects leads the choice to its
// static page (one choice: the topmost wins). With it, a choice in each
// group narrows the whole list, across all its pages, to the experiments in
// every chosen group, and the result count is announced politely.
//
// The data is the language's filter file (made by kokeilu build from the
// same groups the static pages list: layouts/experiments.html names it in
// data-src); it is fetched on the first choice, not on load. Every word
// comes from the page: its data attributes and the card template.
const form = document.querySelector('form.filter');
const status = document.getElementById('filter-status');
const hint = document.getElementById('filter-hint');
const list = document.getElementById('filter-list');
const results = document.getElementById('filter-results');
const cards = results.querySelector('ul');
const more = results.querySelector('button');
const card = document.getElementById('filter-card');
const pageSize = 50;
const number = new Intl.NumberFormat(document.documentElement.lang);

let data;      // the filter file, once fetched
let matches = [];
let shownUpTo = 0;
let broken = false; // the data could not be had: the form is sent instead

function countText(n) {
  const d = form.dataset;
  if (n === 0) return d.countNone;
  if (n === 1) return d.countOne;
  return d.countOther.replace('%s', number.format(n));
}

// choices are the form's checked values by parameter: {vaihe: 'completed'}.
function choices() {
  const out = {};
  for (const input of form.querySelectorAll('input[type="radio"]:checked')) out[input.name] = input.value;
  return out;
}

function render(item) {
  const li = card.content.firstElementChild.cloneNode(true);
  const a = li.querySelector('h2 a');
  a.href = item.u;
  a.textContent = item.t;
  const chip = li.querySelector('.chip');
  if (item.st) {
    chip.classList.add('stage-' + item.st);
    chip.querySelector('.stage-name').textContent = data.stages[item.st] || item.st;
  } else {
    chip.remove();
  }
  // The template has a stand-in: an empty <time> is not valid HTML.
  const date = li.querySelector('.date');
  if (item.i) {
    const time = document.createElement('time');
    time.dateTime = item.i;
    time.textContent = item.d;
    date.replaceWith(time);
  } else {
    date.remove();
  }
  const places = li.querySelector('.places');
  if (item.p && item.p.length) places.querySelector('.place-names').textContent = item.p.join(', ');
  else places.remove();
  const summary = li.querySelector('.summary');
  if (item.s) summary.textContent = item.s; else summary.remove();
  const tags = li.querySelector('.card-tags');
  if (item.g && item.g.length) {
    item.g.forEach((name, i) => {
      if (i) {
        const dot = document.createElement('span');
        dot.setAttribute('aria-hidden', 'true');
        dot.textContent = ' · ';
        tags.append(dot);
      }
      const s = document.createElement('span');
      s.textContent = name;
      tags.append(s);
    });
  } else {
    tags.remove();
  }
  return li;
}

function showMore() {
  const next = matches.slice(shownUpTo, shownUpTo + pageSize);
  shownUpTo += next.length;
  cards.append(...next.map(render));
  more.hidden = shownUpTo >= matches.length;
}

// The address keeps the choices, so that a reload or a shared link shows
// the same list: /fi/kokeilut/?vaihe=completed.
function remember(chosen) {
  const url = new URL(location.href);
  for (const input of form.querySelectorAll('input[type="radio"]')) url.searchParams.delete(input.name);
  for (const [k, v] of Object.entries(chosen)) url.searchParams.set(k, v);
  history.replaceState(null, '', url);
}

async function narrow() {
  const chosen = choices();
  remember(chosen);
  const keys = Object.keys(chosen);
  if (keys.length === 0) {
    results.hidden = true;
    list.hidden = false;
    cards.replaceChildren();
    status.textContent = '';
    return;
  }
  if (!data) {
    try {
      const resp = await fetch(form.dataset.src);
      if (!resp.ok) throw new Error('HTTP ' + resp.status);
      data = await resp.json();
    } catch (e) {
      broken = true;
      hint.firstChild.textContent = noScriptHint;
      status.textContent = form.dataset.error;
      return;
    }
  }
  // A later change may have come while the data was on its way.
  const now = choices();
  if (JSON.stringify(now) !== JSON.stringify(chosen)) return;
  matches = data.items.filter(item => keys.every(k => (item.f[k] || []).includes(chosen[k])));
  cards.replaceChildren();
  shownUpTo = 0;
  showMore();
  list.hidden = true;
  results.hidden = false;
  status.textContent = countText(matches.length);
}

const noScriptHint = hint.firstChild.textContent;

function start() {
  hint.firstChild.textContent = form.dataset.hintJs + ' ';
  form.addEventListener('change', narrow);
  form.addEventListener('submit', e => {
    if (broken) return; // let the browser send it: the static pages need no script
    e.preventDefault();
    narrow();
  });
  // Reset clears the radios after this event: narrow once they are clear.
  form.addEventListener('reset', () => setTimeout(narrow));
  more.addEventListener('click', () => {
    const first = shownUpTo;
    showMore();
    // Keyboard users go on from the first new card, not from the page's top.
    const link = cards.children[first] && cards.children[first].querySelector('a');
    if (link) link.focus();
  });
  const params = new URLSearchParams(location.search);
  let any = false;
  for (const [k, v] of params) {
    const input = form.querySelector(`input[type="radio"][name="${CSS.escape(k)}"][value="${CSS.escape(v)}"]`);
    if (input) {
      input.checked = true;
      any = true;
    }
  }
  if (any) narrow();
}

start();
