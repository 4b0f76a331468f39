// The import page's progress, as a progressive enhancement: without this script the form posts
// as a plain multipart form and the import's page reloads itself until scoring is done.
// With it, the upload shows its progress (XHR upload events), then the import's page polls
// GET /import/{id}/status and moves its bars in place, reloading once when the import or its
// scoring finishes so the server renders the summary.
(() => {
  'use strict';

  function wireUpload(form) {
    const progress = form.querySelector('[data-upload-progress]');
    const bar = form.querySelector('[data-upload-bar]');
    const text = form.querySelector('[data-upload-text]');
    const error = form.querySelector('[data-upload-error]');
    const button = form.querySelector('button[type=submit]');

    function fail(message) {
      error.textContent = message;
      error.hidden = false;
      progress.hidden = true;
      button.disabled = false;
    }

    form.addEventListener('submit', (event) => {
      const input = form.querySelector('input[type=file]');
      const file = input && input.files && input.files[0];
      if (!file || typeof FormData === 'undefined') {
        return; // the browser's own validation, or a plain post
      }

      event.preventDefault();
      error.hidden = true;
      if (file.size > Number(form.dataset.maxBytes)) {
        fail(form.dataset.tooLarge);
        return;
      }

      const request = new XMLHttpRequest();
      request.open('POST', form.action);
      request.setRequestHeader('Accept', 'application/json');
      request.upload.addEventListener('progress', (e) => {
        if (e.lengthComputable) {
          const percent = Math.floor((e.loaded / e.total) * 100);
          bar.value = percent;
          text.textContent = form.dataset.uploading + ' ' + percent + '%';
        }
      });
      request.upload.addEventListener('load', () => {
        bar.value = 100;
        text.textContent = form.dataset.uploaded;
      });
      request.addEventListener('load', () => {
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch {
          body = null;
        }

        if (request.status === 202 && body && body.page) {
          window.location.assign(body.page);
        } else {
          fail((body && body.detail) || form.dataset.failed);
        }
      });
      request.addEventListener('error', () => fail(form.dataset.failed));
      button.disabled = true;
      progress.hidden = false;
      bar.value = 0;
      text.textContent = form.dataset.uploading + ' 0%';
      request.send(new FormData(form));
    });
  }

  function follow(section) {
    const url = section.dataset.importStatus;
    const wasRunning = section.dataset.state === 'running';
    const importBar = section.querySelector('[data-import-bar]');
    const scoringBar = section.querySelector('[data-scoring-bar]');
    const scoringText = section.querySelector('[data-scoring-text]');

    async function poll() {
      if (!section.isConnected) {
        return; // the page was left
      }

      try {
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (response.ok) {
          const status = await response.json();
          for (const field of ['read', 'imported', 'duplicates', 'rejected']) {
            const element = section.querySelector('[data-field=' + field + ']');
            if (element) {
              element.textContent = String(status[field]);
            }
          }

          if (status.fraction !== null && status.fraction !== undefined) {
            importBar.value = status.fraction;
          } else {
            importBar.removeAttribute('value'); // indeterminate: another node runs the import
          }

          const finished = status.scoringJobsDone + status.scoringJobsFailed;
          scoringBar.max = Math.max(1, status.scoringJobs);
          scoringBar.value = finished;
          scoringText.textContent = section.dataset.scoringRunning.replace('{0}', finished).replace('{1}', status.scoringJobs);
          if ((wasRunning && status.state !== 'running') || status.scoringFinished) {
            window.location.reload();
            return;
          }
        }
      } catch {
        // A missed poll is harmless: try again.
      }

      window.setTimeout(poll, 700);
    }

    window.setTimeout(poll, 300);
  }

  function init() {
    for (const form of document.querySelectorAll('form[data-import-upload]:not([data-wired])')) {
      form.dataset.wired = 'true';
      wireUpload(form);
    }

    for (const section of document.querySelectorAll('[data-import-status]:not([data-wired])')) {
      section.dataset.wired = 'true';
      if (section.dataset.state === 'running' || section.dataset.scoringFinished !== 'true') {
        follow(section);
      }
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }

  // Blazor's enhanced navigation swaps page content without running scripts again.
  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', init);
  }
})();
