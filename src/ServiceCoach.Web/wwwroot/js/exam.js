// The exam page's autosave. Every change of an answer gets a sequence number (larger than any
// before it, also across tabs: it follows the clock), is written to localStorage at once and sent
// to the server shortly after (≤ 1 s after typing stops, and at least every 10 s while anything
// is unsent). The server stores an answer only if its number is higher than the one it holds and
// acknowledges what it holds; only then is the local copy dropped. So a reload, a dropped
// connection or a server that was killed and restarted loses nothing: unacknowledged answers are
// restored from localStorage and sent again. The timer is the server's; at zero the page sends
// what is left and submits.
(() => {
  'use strict';

  function wire(form) {
    const attempt = form.dataset.attempt;
    const saveUrl = form.dataset.saveUrl;
    const storageKey = 'servicecoach-exam-' + attempt;
    const status = form.querySelector('[data-exam-status]');
    const timer = form.querySelector('[data-exam-timer]');
    const token = (form.querySelector('input[name="__RequestVerificationToken"]') || {}).value || '';
    const texts = {
      saved: form.dataset.textSaved,
      saving: form.dataset.textSaving,
      unsaved: form.dataset.textUnsaved,
      closed: form.dataset.textClosed,
      pending: form.dataset.textPending,
    };
    let lastSeq = 0;
    let sending = false;
    let retryDelay = 1000;
    let debounce = null;
    let submitting = false;

    function load() {
      try {
        return JSON.parse(window.localStorage.getItem(storageKey) || '{}');
      } catch {
        return {};
      }
    }

    function store(entries) {
      try {
        window.localStorage.setItem(storageKey, JSON.stringify(entries));
      } catch {
        // Storage full or disabled: the answer is still sent; it just would not survive a reload before the ack.
      }
    }

    function nextSeq() {
      lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
      return lastSeq;
    }

    function show(text, state) {
      if (status) {
        status.textContent = text;
        status.dataset.state = state;
      }
    }

    function responseOf(section) {
      const type = section.dataset.type;
      const slot = section.dataset.slot;
      if (type === 'single') {
        const checked = section.querySelector('input[type=radio]:checked');
        return checked ? { choice: Number(checked.value) } : {};
      }
      if (type === 'multi') {
        return { choices: Array.from(section.querySelectorAll('input[type=checkbox]:checked')).map((i) => Number(i.value)) };
      }
      if (type === 'truefalse') {
        const checked = section.querySelector('input[type=radio]:checked');
        return checked ? { value: checked.value === 'true' } : {};
      }
      if (type === 'matching') {
        return { pairs: Array.from(section.querySelectorAll('select[data-pair]')).map((s) => (s.value === '' ? -1 : Number(s.value))) };
      }
      const input = section.querySelector('[name="q' + slot + '"]');
      return { text: input ? input.value : '' };
    }

    function apply(section, response) {
      const type = section.dataset.type;
      if (type === 'single') {
        for (const input of section.querySelectorAll('input[type=radio]')) {
          input.checked = response.choice !== undefined && Number(input.value) === response.choice;
        }
      } else if (type === 'multi') {
        const chosen = new Set(response.choices || []);
        for (const input of section.querySelectorAll('input[type=checkbox]')) {
          input.checked = chosen.has(Number(input.value));
        }
      } else if (type === 'truefalse') {
        for (const input of section.querySelectorAll('input[type=radio]')) {
          input.checked = response.value !== undefined && (input.value === 'true') === response.value;
        }
      } else if (type === 'matching') {
        const pairs = response.pairs || [];
        section.querySelectorAll('select[data-pair]').forEach((s, i) => {
          s.value = pairs[i] === undefined || pairs[i] < 0 ? '' : String(pairs[i]);
        });
      } else {
        const input = section.querySelector('[name="q' + section.dataset.slot + '"]');
        if (input) {
          input.value = response.text || '';
        }
      }
    }

    function pendingCount() {
      return Object.keys(load()).length;
    }

    async function flush() {
      if (sending) {
        return;
      }
      const entries = load();
      const slots = Object.keys(entries);
      if (slots.length === 0) {
        show(texts.saved, 'saved');
        return;
      }
      sending = true;
      show(texts.saving, 'saving');
      const answers = slots.map((slot) => ({ slot: Number(slot), seq: entries[slot].seq, response: entries[slot].response }));
      try {
        const reply = await fetch(saveUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', RequestVerificationToken: token },
          body: JSON.stringify({ answers }),
          credentials: 'same-origin',
          keepalive: true,
        });
        if (reply.status === 409) {
          store({});
          show(texts.closed, 'closed');
          window.setTimeout(() => window.location.reload(), 1500);
          return;
        }
        if (!reply.ok) {
          throw new Error('HTTP ' + reply.status);
        }
        const body = await reply.json();
        const now = load();
        for (const answer of answers) {
          const held = body.saved ? body.saved[answer.slot] : undefined;
          // Acknowledged: the server holds this answer or a later one. Keep anything typed since.
          if (held !== undefined && held >= answer.seq && now[answer.slot] && now[answer.slot].seq <= held) {
            delete now[answer.slot];
          }
        }
        store(now);
        retryDelay = 1000;
        const time = new Date().toLocaleTimeString();
        show(Object.keys(now).length === 0 ? texts.saved + ' ' + time : texts.saving, Object.keys(now).length === 0 ? 'saved' : 'saving');
        if (Object.keys(now).length > 0) {
          window.setTimeout(flush, 200);
        }
      } catch {
        show(texts.unsaved, 'unsaved');
        window.setTimeout(flush, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      } finally {
        sending = false;
      }
    }

    function changed(section) {
      const entries = load();
      entries[section.dataset.slot] = { seq: nextSeq(), response: responseOf(section) };
      store(entries);
      show(texts.pending, 'pending');
      window.clearTimeout(debounce);
      debounce = window.setTimeout(flush, 800);
    }

    // Restore answers the server has not acknowledged (typed before a reload, a crash, a restart).
    const entries = load();
    for (const section of form.querySelectorAll('[data-question]')) {
      const serverSeq = Number(section.dataset.seq || '0');
      lastSeq = Math.max(lastSeq, serverSeq);
      const local = entries[section.dataset.slot];
      if (local && local.seq > serverSeq) {
        apply(section, local.response);
        lastSeq = Math.max(lastSeq, local.seq);
      } else if (local) {
        delete entries[section.dataset.slot];
      }
      section.addEventListener('change', () => changed(section));
      section.addEventListener('input', () => changed(section));
    }
    store(entries);
    form.dataset.ready = 'true';
    flush();
    window.setInterval(() => {
      if (pendingCount() > 0) {
        flush();
      }
    }, 10000);

    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        flush();
      }
    });
    window.addEventListener('pagehide', flush);

    form.addEventListener('submit', async (event) => {
      if (submitting) {
        return;
      }
      event.preventDefault();
      await flush();
      if (pendingCount() > 0 && !form.dataset.timeUp) {
        show(texts.unsaved, 'unsaved');
        return;
      }
      submitting = true;
      form.submit();
    });

    if (timer && timer.dataset.secondsLeft) {
      const end = performance.now() + Number(timer.dataset.secondsLeft) * 1000;
      const tick = () => {
        const left = Math.max(0, Math.round((end - performance.now()) / 1000));
        const minutes = Math.floor(left / 60);
        const seconds = left % 60;
        timer.textContent = minutes + ':' + String(seconds).padStart(2, '0');
        timer.dataset.low = left <= 60 ? 'true' : 'false';
        if (left === 0) {
          form.dataset.timeUp = 'true';
          flush().then(() => {
            submitting = true;
            form.submit();
          });
          return;
        }
        window.setTimeout(tick, 500);
      };
      tick();
    }
  }

  function init() {
    for (const form of document.querySelectorAll('form[data-exam]:not([data-wired])')) {
      form.dataset.wired = 'true';
      wire(form);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }

  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', init);
  }
})();
