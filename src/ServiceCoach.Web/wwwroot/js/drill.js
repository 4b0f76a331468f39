// The live-drill room page. Everything said is a plain form post; this script only keeps the page
// current for everyone else: the server announces each change of the room (its new revision) over
// SignalR, and a page that is behind fetches itself again and swaps the room in, keeping whatever
// its reader is typing. Without script the page still works: a reload shows the room as it is.
(() => {
  'use strict';

  let connection = null;
  let watching = null;
  let clientLoading = null;
  let refreshing = false;
  let again = false;

  const roomElement = () => document.querySelector('[data-drill-room]');

  function loadClient(url) {
    if (window.signalR) {
      return Promise.resolve();
    }

    if (!clientLoading) {
      clientLoading = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = url;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }

    return clientLoading;
  }

  function setStatus(state) {
    const status = document.querySelector('[data-drill-status]');
    if (status) {
      status.dataset.state = state;
      status.textContent = status.dataset['text' + state[0].toUpperCase() + state.slice(1)] || state;
    }
  }

  async function refresh() {
    if (refreshing) {
      again = true;
      return;
    }

    refreshing = true;
    try {
      do {
        again = false;
        const current = roomElement();
        if (!current) {
          return;
        }

        const response = await fetch(window.location.pathname, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
        if (!response.ok) {
          return;
        }

        const next = new DOMParser().parseFromString(await response.text(), 'text/html').querySelector('[data-drill-room]');
        if (!next || Number(next.dataset.revision) <= Number(current.dataset.revision)) {
          continue;
        }

        const typed = {};
        for (const field of current.querySelectorAll('textarea[id], select[id]')) {
          typed[field.id] = field.value;
        }

        const focused = document.activeElement && current.contains(document.activeElement) ? document.activeElement.id : null;
        current.replaceWith(document.adoptNode(next));
        for (const [id, value] of Object.entries(typed)) {
          const field = document.getElementById(id);
          if (field && value && (field.tagName === 'TEXTAREA' || [...field.options].some(o => o.value === value))) {
            field.value = value;
          }
        }

        if (focused && document.getElementById(focused)) {
          document.getElementById(focused).focus();
        }
      } while (again);
    } catch {
      // A failed fetch leaves the page as it was; the next announcement or reconnect tries again.
    } finally {
      refreshing = false;
    }
  }

  async function start() {
    try {
      await connection.start();
      await connection.invoke('Watch', Number(watching));
      setStatus('live');
      await refresh();
    } catch {
      setStatus('offline');
      window.setTimeout(() => {
        if (connection && connection.state === 'Disconnected') {
          start();
        }
      }, 5000);
    }
  }

  async function init() {
    const room = roomElement();
    const id = room ? room.dataset.room : null;
    if (id === watching) {
      return;
    }

    if (connection) {
      const old = connection;
      connection = null;
      watching = null;
      await old.stop();
    }

    if (!room) {
      return;
    }

    watching = id;
    setStatus('connecting');
    try {
      await loadClient(room.dataset.clientUrl);
    } catch {
      setStatus('offline');
      return;
    }

    connection = new window.signalR.HubConnectionBuilder()
      .withUrl(room.dataset.hubUrl)
      .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 20000, 30000])
      .build();
    connection.on('changed', revision => {
      const current = roomElement();
      if (current && Number(revision) > Number(current.dataset.revision)) {
        refresh();
      }
    });
    connection.onreconnecting(() => setStatus('reconnecting'));
    connection.onreconnected(async () => {
      await connection.invoke('Watch', Number(watching));
      setStatus('live');
      await refresh();
    });
    connection.onclose(() => {
      if (connection) {
        setStatus('offline');
        window.setTimeout(() => connection && start(), 5000);
      }
    });
    await start();
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
