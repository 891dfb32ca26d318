// kokeilu serve: keeps this page current while the site is being edited.
// Injected by the preview server only; never part of `kokeilu build`.
// It listens to /_kokeilu/events (Server-Sent Events): a page whose file
// changed reloads, a changed stylesheet is swapped in place, and build
// errors are shown in an overlay, in the page's language, until fixed.
(() => {
  'use strict';
  if (window.__kokeilu) return;

  const meta = document.querySelector('meta[name="kokeilu-build"]');
  const state = window.__kokeilu = {
    build: meta ? Number(meta.content) : -1, // the build this page was served from
    server: null,                             // the server run the stream belongs to
    connected: false,
    errors: [],
  };

  const words = {
    fi: {
      title: 'Sivustoa ei voitu päivittää',
      intro: 'Korjaa alla luetellut kohdat. Kunnes ne on korjattu, esikatselu näyttää sivut sellaisina kuin ne olivat ennen virhettä. Ilmoitus poistuu itsestään, kun virheet on korjattu.',
      count: n => n === 1 ? '1 virhe' : n + ' virhettä',
      line: 'rivi', col: 'sarake', hint: 'Vihje', close: 'Sulje',
    },
    sv: {
      title: 'Webbplatsen kunde inte uppdateras',
      intro: 'Rätta ställena nedan. Tills de är rättade visar förhandsvisningen sidorna som de var före felet. Meddelandet försvinner av sig självt när felen är rättade.',
      count: n => n + ' fel',
      line: 'rad', col: 'kolumn', hint: 'Tips', close: 'Stäng',
    },
    en: {
      title: 'The site could not be updated',
      intro: 'Fix the places listed below. Until they are fixed, the preview shows the pages as they were before the error. This notice goes away by itself once the errors are fixed.',
      count: n => n === 1 ? '1 error' : n + ' errors',
      line: 'line', col: 'column', hint: 'Hint', close: 'Close',
    },
  };

  const lang = () => {
    const l = (document.documentElement.lang || '').toLowerCase().split('-')[0];
    return words[l] ? l : 'en';
  };

  // here is this page's path as the server names changed pages: /fi/x/.
  const here = () => {
    let p = location.pathname;
    try { p = decodeURI(p); } catch (e) { /* keep it encoded */ }
    return p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p;
  };

  // Styles are set through the CSSOM, which a strict Content-Security-Policy
  // (style-src 'self') allows, unlike style attributes or <style>.
  const styled = (tag, css, text) => {
    const el = document.createElement(tag);
    Object.assign(el.style, css);
    if (text !== undefined) el.textContent = text;
    return el;
  };

  let host = null;
  let dismissed = '';

  const hideOverlay = () => {
    if (host) host.remove();
    host = null;
  };

  const showOverlay = (errors) => {
    const key = JSON.stringify(errors);
    if (dismissed === key) return;
    hideOverlay();
    const code = lang();
    const w = words[code];
    host = document.createElement('kokeilu-overlay');
    const root = host.attachShadow({ mode: 'open' });
    const panel = styled('section', {
      position: 'fixed', top: '0', left: '0', right: '0', zIndex: '2147483647',
      maxHeight: '80vh', overflow: 'auto', boxSizing: 'border-box',
      margin: '0', padding: '1rem 1.25rem 1.25rem',
      background: '#ffffff', color: '#111111',
      borderBottom: '6px solid #a4161a', borderLeft: '12px solid #a4161a',
      boxShadow: '0 4px 24px rgba(0, 0, 0, 0.45)',
      font: '16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      textAlign: 'left',
    });
    panel.setAttribute('role', 'alert');
    panel.setAttribute('aria-labelledby', 'kokeilu-overlay-title');
    panel.setAttribute('lang', code);
    panel.id = 'kokeilu-overlay';

    const heading = styled('h2', { margin: '0 0 0.5rem', fontSize: '1.375rem', lineHeight: '1.3', color: '#8a1014' },
      w.title + ' (' + w.count(errors.length) + ')');
    heading.id = 'kokeilu-overlay-title';
    panel.append(heading, styled('p', { margin: '0 0 0.75rem' }, w.intro));

    const list = styled('ol', { margin: '0', padding: '0 0 0 1.5rem' });
    for (const e of errors) {
      const item = styled('li', { margin: '0 0 0.75rem' });
      let where = e.file;
      if (e.line) where += ':' + e.line + (e.col ? ':' + e.col : '');
      const place = styled('code', {
        font: '600 0.95em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
        background: '#f0f0f0', color: '#111111', padding: '0 0.25em', wordBreak: 'break-all',
      }, where);
      if (e.line) {
        place.title = w.line + ' ' + e.line + (e.col ? ', ' + w.col + ' ' + e.col : '');
      }
      // The problem in the page's language, else the English.
      const t = (e.text && e.text[code]) || e;
      item.append(place, styled('div', { margin: '0.125rem 0 0' }, t.message));
      if (t.hint) {
        const hint = styled('div', { margin: '0.125rem 0 0', color: '#1f1f1f' });
        hint.append(styled('strong', {}, w.hint + ': '), document.createTextNode(t.hint));
        item.append(hint);
      }
      list.append(item);
    }
    panel.append(list);

    const close = styled('button', {
      font: 'inherit', fontWeight: '600', margin: '0.25rem 0 0', padding: '0.375rem 1rem',
      background: '#111111', color: '#ffffff', border: '2px solid #111111', borderRadius: '4px', cursor: 'pointer',
    }, w.close);
    close.type = 'button';
    close.addEventListener('click', () => { dismissed = key; hideOverlay(); });
    panel.append(close);

    root.append(panel);
    (document.body || document.documentElement).append(host);
  };

  // swapStyles points stylesheet links at the new fingerprinted URLs.
  const swapStyles = (styles) => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      for (const s of styles) {
        const dot = s.name.lastIndexOf('.');
        const stem = '/assets/' + (dot > 0 ? s.name.slice(0, dot) : s.name);
        const ext = dot > 0 ? s.name.slice(dot) : '';
        const p = url.pathname;
        const hash = p.slice(stem.length + 1, p.length - ext.length);
        if (p === '/assets/' + s.name || (p.startsWith(stem + '.') && p.endsWith(ext) && /^[0-9a-f]+$/.test(hash))) {
          link.href = s.url;
        }
      }
    }
  };

  const on = (source, name, fn) => source.addEventListener(name, (ev) => {
    let data;
    try { data = JSON.parse(ev.data); } catch (e) { return; }
    fn(data);
  });

  // A browser opens few connections to one server, and each stream holds
  // one: a tab that is not seen closes its stream, and on its return
  // reloads if a build came in the meantime (the hello event tells).
  let source = null;
  const connect = () => {
    if (source) return;
    // The page goes with the stream: the preview renders it first after a change.
    source = new EventSource('/_kokeilu/events?page=' + encodeURIComponent(location.pathname));
    source.addEventListener('open', () => { state.connected = true; });
    source.addEventListener('error', () => { state.connected = false; });
    on(source, 'hello', (d) => {
      if (state.server !== null && d.server !== state.server) {
        location.reload(); // the preview was restarted
        return;
      }
      state.server = d.server;
      if (state.build >= 0 && d.build !== state.build) {
        // A build was served while this page loaded or while the stream
        // was down: the page may be out of date.
        state.build = d.build;
        location.reload();
      }
    });
    on(source, 'problems', (d) => {
      state.errors = d.errors || [];
      if (state.errors.length) showOverlay(state.errors); else { dismissed = ''; hideOverlay(); }
    });
    on(source, 'reload', (d) => {
      state.build = d.build;
      if (d.all || (d.paths || []).includes(here())) location.reload();
    });
    on(source, 'css', (d) => {
      state.build = d.build;
      swapStyles(d.styles || []);
    });
  };
  const disconnect = () => {
    if (!source) return;
    source.close();
    source = null;
    state.connected = false;
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') disconnect(); else connect();
  });
  window.addEventListener('pagehide', disconnect);
  window.addEventListener('pageshow', (ev) => { if (ev.persisted) connect(); });
  if (document.visibilityState !== 'hidden') connect();
})();
