// Honest video progress: report only the stretches that were actually played, every 15 s and when
// playback stops or the page is left. Heartbeats wait in a queue (kept in localStorage) while offline
// and are retried, honouring Retry-After (429, 503); a server error keeps them queued too. The server merges
// them, so sending one twice does no harm.
// The server credits new coverage no faster than time passes (2x playback at most), measured from the
// previous heartbeat it received: so playback starting sends a heartbeat without stretches, which starts
// that clock before the first stretch is reported.
(function () {
  "use strict";
  var container = document.querySelector("[data-lesson]");
  var video = container && container.querySelector("video");
  if (!video) return;

  var lessonId = parseInt(container.dataset.lesson, 10);
  var url = container.dataset.progressUrl;
  var storageKey = "lernhafen-progress-" + lessonId;
  var INTERVAL_MS = 15000;
  var pending = [];          // played [start, end] pairs not yet put into a heartbeat
  var queue = load();        // heartbeats waiting to be sent
  var last = null;           // {t: media time, wall: ms} of the last observed playback step
  var sending = false;
  var retryAt = 0;
  var hintOnAnswer = false;  // the video ended: the next answer says how much is still missing
  var hint = container.querySelector("[data-video-hint]");

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storageKey)) || []; } catch (e) { return []; }
  }
  function save() {
    try { window.localStorage.setItem(storageKey, JSON.stringify(queue)); } catch (e) { /* private mode */ }
  }
  function csrfToken() {
    // The CSRF cookie is HttpOnly; the lesson template puts the token into the page.
    var input = container.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Resume where the learner stopped, unless that is the very end: the last 2 s, or the last tenth of a
  // short video (a fixed 2 s would leave no place at all to resume a 3-second clip).
  function resume() {
    var at = parseFloat(container.dataset.resume || "0");
    if (at > 1 && at < video.duration - Math.min(2, video.duration / 10)) video.currentTime = at;
  }
  // This script is deferred: the metadata may already be there (e.g. from the cache) when it runs.
  if (video.readyState >= 1) resume();
  else video.addEventListener("loadedmetadata", resume, { once: true });

  function observe() {
    var now = performance.now();
    var t = video.currentTime;
    if (last && !video.seeking) {
      var played = t - last.t;
      var wall = (now - last.wall) / 1000;
      // Only continuous playback counts: a jump larger than the time that passed is a seek.
      if (played > 0 && played <= wall * Math.max(1, video.playbackRate) * 1.5 + 0.75) {
        // Continuous playback grows the current stretch: a heartbeat carries a few stretches,
        // not one pair per timeupdate event (about four a second).
        var current = pending[pending.length - 1];
        if (current && current[1] === last.t) current[1] = t;
        else pending.push([last.t, t]);
      }
    }
    last = { t: t, wall: now };
  }
  video.addEventListener("play", function () {
    last = { t: video.currentTime, wall: performance.now() };
    beat(false, true);
  });
  video.addEventListener("timeupdate", function () { if (!video.paused) observe(); });
  video.addEventListener("seeking", function () { last = null; });
  video.addEventListener("seeked", function () { if (!video.paused) last = { t: video.currentTime, wall: performance.now() }; });
  video.addEventListener("pause", function () { observe(); last = null; beat(); });
  video.addEventListener("ended", function () { observe(); last = null; hintOnAnswer = true; beat(); });
  video.addEventListener("play", function () { showHint(""); });

  function beat(keepalive, starting) {
    if (!starting && !pending.length && !queue.length && video.currentTime === 0) return;
    queue.push({ lesson: lessonId, intervals: pending.splice(0), position: video.currentTime });
    save();
    flush(keepalive);
  }

  function flush(keepalive) {
    if (sending || !queue.length || Date.now() < retryAt) return;
    if (!navigator.onLine) return;
    sending = true;
    var heartbeat = queue[0];
    // fetch with keepalive (not sendBeacon): it survives page hide like sendBeacon, and can carry the
    // CSRF header that session-authenticated JSON needs.
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(heartbeat)
    }).then(function (response) {
      sending = false;
      // 429 and 503 (the database or Redis briefly down, SQLite busy) say when to come back; any other
      // server error or a gateway's (a web process restarting) is an outage too: the heartbeat stays at the
      // head of the queue and goes again. Only a 4xx answer is final (bad input would never pass).
      if (response.status === 429 || response.status >= 500) {
        var said = response.status === 429 || response.status === 503;
        retryLater(said ? response.headers.get("Retry-After") : null);
        return;
      }
      queue.shift();
      save();
      if (response.ok) {
        response.json().then(showState);
      }
      flush();
    }).catch(function () {
      // Offline or the server is unreachable: keep the heartbeat and try again later.
      sending = false;
      retryLater(null);
    });
  }

  // Retry-After is seconds or an HTTP date; without a usable one, 10 s. At most 5 minutes, so a wrong header
  // cannot park the queue for the rest of the lesson.
  function retryLater(retryAfter) {
    var wait = 10;
    if (retryAfter && /^\s*\d+\s*$/.test(retryAfter)) wait = parseInt(retryAfter, 10);
    else if (retryAfter && !isNaN(Date.parse(retryAfter))) wait = (Date.parse(retryAfter) - Date.now()) / 1000;
    wait = Math.min(300, Math.max(1, wait));
    retryAt = Date.now() + wait * 1000;
    window.setTimeout(flush, wait * 1000);
  }

  // A video played to its end with parts skipped does not complete the lesson: say how much is missing
  // (in the aria-live region, so screen readers hear it too).
  function showHint(text) {
    if (hint && hint.textContent !== text) hint.textContent = text;
  }
  function missingText(coverage) {
    var required = parseFloat(container.dataset.requiredCoverage || "0.95");
    var seconds = Math.max(0, (required - coverage) * video.duration);
    if (!hint || !isFinite(seconds) || seconds <= 0) return "";
    if (seconds < 60) {
      var shown = seconds < 10 ? Math.max(2, Math.ceil(seconds)) : Math.ceil(seconds / 5) * 5;
      return hint.dataset.textSeconds.replace("%(n)s", String(shown));
    }
    var minutes = Math.round(seconds / 60);
    return minutes <= 1 ? hint.dataset.textMinute : hint.dataset.textMinutes.replace("%(n)s", String(minutes));
  }

  function showState(state) {
    container.dataset.coverage = state.coverage;
    if (hintOnAnswer) {
      hintOnAnswer = false;
      showHint(state.completed ? "" : missingText(state.coverage));
    }
    if (state.completed && container.dataset.completed !== "true") {
      container.dataset.completed = "true";
      var status = document.querySelector("[data-lesson-status]");
      if (status) {
        var badge = document.createElement("span");
        var label = document.createElement("span");
        badge.className = "kern-badge kern-badge--success";
        label.className = "kern-label";
        label.textContent = status.dataset.completedText;
        badge.appendChild(label);
        status.replaceChildren(badge);
      }
    }
  }

  window.setInterval(function () { if (!video.paused) { observe(); beat(); } }, INTERVAL_MS);
  window.addEventListener("online", function () { retryAt = 0; flush(); });
  window.addEventListener("pagehide", function () { if (!video.paused) observe(); beat(true); });
  flush();
})();
