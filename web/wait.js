// Frontdesk patient wait page.
//
// The page is opened as /wait#token=TOKEN (the patient's visit link redirects
// here until a doctor takes them). The token stays in the fragment, which
// browsers never send to a server, and opens the WebSocket
// /v1/waiting-room/watch as a subprotocol (["frontdesk.watch", TOKEN]), so it
// never appears in a URL or an access log either. The server sends the
// patient's entry as JSON right after connecting and after every change, and
// answers a message (we send "sync") with the current entry. Once allocated,
// the entry's join_url is the patient's visit link, never the room itself.
//
// The token is a credential: never log it or the URLs that carry it.
(function () {
  'use strict';

  var BACKOFF_BASE_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  // Upgrades refused in a row (the socket closes without ever opening) before
  // we conclude the link is expired or not valid.
  var MAX_FAILURES_BEFORE_OPEN = 5;
  // While the page is visible, ask for the state now and then; no answer in
  // time means the connection died silently (common on mobile networks).
  var HEARTBEAT_MS = 50000;
  var REPLY_TIMEOUT_MS = 10000;
  // WebSocket close code for a policy violation: the server refuses us.
  var CLOSE_POLICY = 1008;
  // The server closed this socket because the link was opened elsewhere.
  var CLOSE_REPLACED = 4001;
  var PROTOCOL = 'frontdesk.watch';

  // The page's words (wait-i18n.js): the patient's choice, kept in this
  // browser, else the first of the browser's languages the page speaks.
  var STRINGS = window.FRONTDESK_WAIT_STRINGS || { en: {} };
  var LANG_KEY = 'frontdesk.wait.lang';
  var patientChose = false; // set when this browser kept the patient's choice
  var lang = pickLanguage();

  // The patient's own choice wins; then the clinic's (the entry's
  // `language`, applied in render); then the browser's.
  function pickLanguage() {
    var chosen = null;
    try {
      chosen = localStorage.getItem(LANG_KEY);
    } catch (e) {
      chosen = null;
    }
    if (chosen && STRINGS[chosen]) {
      patientChose = true;
      return chosen;
    }
    var wanted = navigator.languages || [navigator.language || 'en'];
    for (var i = 0; i < wanted.length; i++) {
      var base = String(wanted[i]).toLowerCase().split('-')[0];
      if (STRINGS[base]) return base;
    }
    return 'en';
  }

  function t(key, n) {
    var text = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
    return n === undefined ? text : text.replace('{n}', String(n));
  }

  var MSG_INCOMPLETE = 'msg_incomplete';
  var MSG_EXPIRED = 'msg_expired';
  var MSG_ENDED = 'msg_ended';
  var MSG_REPLACED = 'msg_replaced';
  var FINAL_STATUSES = { completed: true, cancelled: true };

  function byId(id) {
    return document.getElementById(id);
  }

  var el = {
    connectionBar: byId('connection-bar'),
    connection: byId('connection'),
    connectionHint: byId('connection-hint'),
    statusLine: byId('status-line'),
    status: byId('status'),
    statusLabel: byId('status-label'),
    position: byId('position'),
    nextHint: byId('next-hint'),
    intakeHint: byId('intake-hint'),
    afterIntakeHint: byId('after-intake-hint'),
    estimate: byId('estimate'),
    estimateText: byId('estimate-text'),
    join: byId('join'),
    problemMessage: byId('problem-message'),
    announcer: byId('announcer'),
    panels: {
      connecting: byId('panel-connecting'),
      waiting: byId('panel-waiting'),
      allocated: byId('panel-allocated'),
      completed: byId('panel-completed'),
      cancelled: byId('panel-cancelled'),
      problem: byId('panel-problem')
    }
  };

  var token = readToken();
  var ws = null; // the current socket, or null between attempts
  var attempt = 0; // reconnect attempts since the last successful open
  var failuresBeforeOpen = 0; // consecutive sockets that closed without opening
  var stopped = false; // final state reached, or the link is unusable
  var retryTimer = null;
  var heartbeatTimer = null;
  var replyTimer = null;
  var lastRenderKey = null;
  var lastAnnounced = { status: null, position: null };
  var announceTimer = null;

  // ---------------------------------------------------------------- token ---

  function readToken() {
    var hash = (location.hash || '').replace(/^#/, '');
    if (!hash) return null;
    var value;
    try {
      value = new URLSearchParams(hash).get('token');
    } catch (e) {
      return null;
    }
    value = value ? value.trim() : '';
    return value || null;
  }

  function watchUrl() {
    var scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return scheme + '://' + location.host + '/v1/waiting-room/watch';
  }

  // ----------------------------------------------------------- rendering ---

  function showView(name) {
    document.body.setAttribute('data-view', name);
    Object.keys(el.panels).forEach(function (key) {
      el.panels[key].hidden = key !== name;
    });
  }

  function setConnection(state) {
    var bar = el.connectionBar;
    bar.setAttribute('data-state', state);
    var offline = state === 'reconnecting' || state === 'offline';
    bar.classList.toggle('offline', offline);
    bar.hidden = state === 'done';
    el.connectionHint.hidden = state !== 'offline';
    var text = {
      connecting: t('connecting'),
      live: t('live'),
      reconnecting: t('reconnecting'),
      offline: t('reconnecting'),
      done: ''
    }[state];
    if (el.connection.textContent !== text) el.connection.textContent = text;
  }

  function setStatus(status) {
    el.statusLine.hidden = false;
    el.status.textContent = status;
    var label = t('status_' + status);
    el.statusLabel.textContent = label === 'status_' + status ? status : label;
    el.statusLabel.setAttribute('data-status', status);
  }

  function isWholeNumber(n) {
    return typeof n === 'number' && isFinite(n) && Math.floor(n) === n && n >= 0;
  }

  function renderEstimate(minutes) {
    var line = el.estimateText.parentNode;
    if (!isWholeNumber(minutes)) {
      line.hidden = true;
      return;
    }
    line.hidden = false;
    el.estimate.textContent = String(minutes);
    if (minutes <= 1) {
      // The number stays in #estimate for tools; people read the words.
      el.estimate.hidden = true;
      el.estimateText.replaceChildren(t('about_a_minute'), el.estimate);
    } else {
      el.estimate.hidden = false;
      el.estimateText.replaceChildren(t('about_pre'), el.estimate, t('about_post'));
    }
  }

  // Only http(s) links become the join button; anything else is ignored. A
  // link relative to this page's host is resolved against it.
  function safeHttpUrl(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
      var url = new URL(value, location.href);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function render(entry) {
    lastEntry = entry;
    if (!patientChose && typeof entry.language === 'string' && STRINGS[entry.language] && entry.language !== lang) {
      lang = entry.language;
      applyWords();
    }
    renderTurn(entry.notify);
    if (typeof entry.clinic_name === 'string' && entry.clinic_name) {
      var clinic = byId('clinic');
      clinic.textContent = entry.clinic_name;
      clinic.hidden = false;
    }
    var status = entry.status;
    var position = status === 'waiting' && isWholeNumber(entry.position) ? entry.position : null;
    // In a clinic with intake: which queue the patient waits in, and
    // whether they have been through intake already (their call on hold).
    var waitingFor = entry.waiting_for;
    var key = JSON.stringify([status, position, entry.estimated_wait_minutes, entry.join_url, waitingFor, entry.call_status]);
    if (key === lastRenderKey) return;
    lastRenderKey = key;

    setStatus(status);
    switch (status) {
      case 'waiting':
        el.position.textContent = position === null ? '–' : String(position);
        el.nextHint.hidden = position !== 1;
        el.intakeHint.hidden = waitingFor !== 'intake';
        el.afterIntakeHint.hidden = !(waitingFor === 'exam' && entry.call_status === 'on hold');
        renderEstimate(entry.estimated_wait_minutes);
        showView('waiting');
        document.title = (position === null ? t('title_waiting') : t('title_number', position)) + ' · Frontdesk';
        break;
      case 'allocated':
        var href = safeHttpUrl(entry.join_url);
        if (href) {
          el.join.href = href;
          el.join.hidden = false;
        } else {
          el.join.removeAttribute('href');
          el.join.hidden = true;
        }
        showView('allocated');
        document.title = t('title_ready') + ' · Frontdesk';
        break;
      case 'completed':
        showView('completed');
        document.title = t('title_complete') + ' · Frontdesk';
        break;
      case 'cancelled':
        showView('cancelled');
        document.title = t('title_cancelled') + ' · Frontdesk';
        break;
      default:
        // A status this page does not know yet: keep the label, no panel.
        showView('connecting');
    }
    announce(status, position);
  }

  function announce(status, position) {
    if (status === lastAnnounced.status && position === lastAnnounced.position) return;
    var first = lastAnnounced.status === null;
    var text = '';
    if (status === 'waiting' && position !== null) {
      text =
        t(first || lastAnnounced.position === null ? 'say_first' : 'say_now', position) +
        (position === 1 ? t('say_next') : '');
    } else if (status === 'allocated') {
      text = t('say_ready');
      if (lastAnnounced.status !== 'allocated') alertReady();
    } else if (status === 'completed') {
      text = t('say_complete');
    } else if (status === 'cancelled') {
      text = t('say_cancelled');
    }
    lastAnnounced = { status: status, position: position };
    if (text) say(text);
  }

  // Empty the live region first so a repeated sentence is read again.
  function say(text) {
    clearTimeout(announceTimer);
    el.announcer.textContent = '';
    announceTimer = setTimeout(function () {
      el.announcer.textContent = text;
    }, 100);
  }

  // `key` names the message in wait-i18n.js.
  function showProblem(key) {
    var message = t(key);
    stop();
    el.problemMessage.textContent = message;
    el.problemMessage.setAttribute('data-i18n-message', key);
    el.statusLine.hidden = true;
    showView('problem');
    setConnection('done');
    document.title = 'Link problem · Frontdesk';
    say(message);
  }

  // ----------------------------------------------------------- WebSocket ---

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (stopped || ws) return;

    var socket;
    try {
      socket = new WebSocket(watchUrl(), [PROTOCOL, token]);
    } catch (e) {
      // Never log e: its message may contain the URL and so the token.
      handleClose(1006, false);
      return;
    }
    ws = socket;
    var opened = false;

    socket.onopen = function () {
      if (ws !== socket) return;
      opened = true;
      attempt = 0;
      failuresBeforeOpen = 0;
      setConnection('live');
      sync();
      startHeartbeat();
    };
    socket.onmessage = function (event) {
      if (ws !== socket) return;
      clearTimeout(replyTimer);
      replyTimer = null;
      if (el.connectionBar.getAttribute('data-state') !== 'live' && !stopped) setConnection('live');
      handleMessage(event.data);
    };
    socket.onerror = function () {
      // A close event always follows; it decides what to do.
    };
    socket.onclose = function (event) {
      if (ws !== socket) return;
      ws = null;
      stopHeartbeat();
      handleClose(event.code, opened);
    };
  }

  function handleMessage(data) {
    if (typeof data !== 'string') return;
    var message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (!message || message.type !== 'entry' || typeof message.status !== 'string') return;
    render(message);
    if (FINAL_STATUSES[message.status]) finish();
  }

  function handleClose(code, opened) {
    if (stopped) return;
    if (code === CLOSE_POLICY) {
      showProblem(MSG_EXPIRED);
      return;
    }
    if (code === CLOSE_REPLACED) {
      showProblem(MSG_REPLACED);
      return;
    }
    var offline = navigator.onLine === false;
    // Without a network every attempt fails; that says nothing about the link.
    if (!opened && !offline) {
      failuresBeforeOpen += 1;
      if (failuresBeforeOpen >= MAX_FAILURES_BEFORE_OPEN) {
        showProblem(MSG_EXPIRED);
        return;
      }
      probeLink();
    }
    setConnection(offline ? 'offline' : 'reconnecting');
    scheduleReconnect();
  }

  // A refused upgrade looks like any network failure to a WebSocket. The same
  // URL over plain HTTP, with the token as a bearer token (a page cannot set
  // Sec-WebSocket-Protocol on a fetch), answers 401 when the link itself is
  // expired or not valid and 410 when the visit is over, so the page can say
  // so at once instead of after every retry.
  function probeLink() {
    if (!window.fetch) return;
    var url = watchUrl().replace(/^ws/, 'http');
    fetch(url, { cache: 'no-store', credentials: 'omit', headers: { Authorization: 'Bearer ' + token } })
      .then(function (res) {
        if ((res.status === 401 || res.status === 410) && !stopped) {
          clearTimeout(retryTimer);
          retryTimer = null;
          showProblem(res.status === 410 ? MSG_ENDED : MSG_EXPIRED);
        }
      })
      .catch(function () {
        // Unreachable server: keep retrying with backoff.
      });
  }

  function scheduleReconnect() {
    if (stopped || retryTimer) return;
    var base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, attempt));
    // ±20% jitter so many pages do not reconnect in lockstep after an outage.
    var delay = Math.min(BACKOFF_MAX_MS, Math.round(base * (0.8 + Math.random() * 0.4)));
    attempt = Math.min(attempt + 1, 16);
    retryTimer = setTimeout(connect, delay);
  }

  // Asks the server for the current state. If nothing comes back in time the
  // connection is dead even though the browser has not noticed yet.
  function sync() {
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    try {
      ws.send('sync');
    } catch (e) {
      return;
    }
    if (replyTimer) return;
    replyTimer = setTimeout(function () {
      replyTimer = null;
      var dead = ws;
      if (!dead) return;
      ws = null;
      stopHeartbeat();
      try {
        dead.close();
      } catch (e) {
        /* already closing */
      }
      handleClose(1006, true);
    }, REPLY_TIMEOUT_MS);
  }

  function startHeartbeat() {
    stopHeartbeat();
    heartbeatTimer = setInterval(function () {
      if (!document.hidden) sync();
    }, HEARTBEAT_MS);
  }

  function stopHeartbeat() {
    clearInterval(heartbeatTimer);
    heartbeatTimer = null;
    clearTimeout(replyTimer);
    replyTimer = null;
  }

  // Network back, page visible again: do not sit out the backoff.
  function reconnectNow() {
    if (stopped) return;
    if (ws) {
      if (ws.readyState === WebSocket.OPEN) sync();
      return; // still connecting
    }
    clearTimeout(retryTimer);
    retryTimer = null;
    attempt = 0;
    connect();
  }

  // Stops for good: no socket, no timers.
  function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    retryTimer = null;
    stopHeartbeat();
    var socket = ws;
    ws = null;
    if (socket) {
      try {
        socket.close(1000, 'done');
      } catch (e) {
        /* already closing */
      }
    }
  }

  // The entry reached its final state; nothing will change any more.
  function finish() {
    stop();
    setConnection('done');
  }

  // ------------------------------------------------- sound and devices ---

  // Browsers play sound only after the patient acts: the toggle is that
  // act, and the sound is made here (no file to fetch).
  var audio = null;
  var soundOn = false;
  var soundToggle = byId('sound-toggle');
  soundToggle.addEventListener('click', function () {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    if (!audio) audio = new Ctx();
    audio.resume();
    soundOn = !soundOn;
    soundToggle.setAttribute('aria-pressed', String(soundOn));
    soundToggle.textContent = t(soundOn ? 'sound_on' : 'sound_off');
    soundToggle.setAttribute('data-i18n', soundOn ? 'sound_on' : 'sound_off');
  });

  function chime() {
    if (!soundOn || !audio) return;
    [0, 0.25].forEach(function (at, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = i ? 988 : 784;
      gain.gain.setValueAtTime(0.25, audio.currentTime + at);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + at + 0.5);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(audio.currentTime + at);
      osc.stop(audio.currentTime + at + 0.5);
    });
    document.body.setAttribute('data-chimed', String(Date.now()));
  }

  // The doctor is ready: a chime (if enabled), a vibration where the
  // phone can, and the join button takes the focus.
  function alertReady() {
    chime();
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
    stopCheck();
    if (!el.join.hidden) el.join.focus();
  }

  var check = {
    stream: null,
    frame: 0,
    start: byId('check-start'),
    stop: byId('check-stop'),
    preview: byId('preview'),
    mic: byId('mic'),
    level: byId('mic-level'),
    message: byId('check-message')
  };

  function stopCheck() {
    if (check.stream) check.stream.getTracks().forEach(function (t) { t.stop(); });
    check.stream = null;
    cancelAnimationFrame(check.frame);
    check.preview.hidden = true;
    check.preview.srcObject = null;
    check.mic.hidden = true;
    check.stop.hidden = true;
    check.start.hidden = false;
  }

  check.start.addEventListener('click', function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      check.message.textContent = t('check_unsupported');
      return;
    }
    check.message.textContent = t('check_asking');
    navigator.mediaDevices.getUserMedia({ video: true, audio: true }).then(function (stream) {
      check.stream = stream;
      check.preview.srcObject = stream;
      check.preview.hidden = false;
      check.mic.hidden = false;
      check.start.hidden = true;
      check.stop.hidden = false;
      check.stop.focus();
      check.message.textContent = t('check_ok');
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      if (!audio) audio = new Ctx();
      audio.resume();
      var analyser = audio.createAnalyser();
      analyser.fftSize = 256;
      audio.createMediaStreamSource(stream).connect(analyser);
      var samples = new Uint8Array(analyser.fftSize);
      (function measure() {
        analyser.getByteTimeDomainData(samples);
        var peak = 0;
        for (var i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i] - 128));
        var level = Math.min(100, Math.round((peak / 128) * 100));
        check.level.value = level;
        var best = Number(check.level.getAttribute('data-peak') || 0);
        if (level > best) check.level.setAttribute('data-peak', String(level));
        check.frame = requestAnimationFrame(measure);
      })();
    }, function (err) {
      check.message.textContent = err && err.name === 'NotAllowedError'
        ? t('check_denied')
        : t('check_missing');
    });
  });
  check.stop.addEventListener('click', function () {
    stopCheck();
    check.message.textContent = t('check_stopped');
    check.start.focus();
  });


  // ---------------------------------------------------------- my turn ---
  // The patient leaves a phone number or an email address; the server
  // sends one message when they are next and one when the doctor is
  // ready. The token is the credential, in a header as on the socket.

  var turn = {
    form: byId('turn-form'),
    input: byId('turn-contact'),
    error: byId('turn-error'),
    status: byId('turn-status'),
    stop: byId('turn-stop'),
    shown: undefined
  };

  function renderTurn(notify) {
    var key = notify ? notify.channel + ' ' + notify.masked + ' ' + lang : 'none ' + lang;
    if (key === turn.shown) return;
    turn.shown = key;
    if (notify && typeof notify.masked === 'string') {
      turn.status.textContent = t(notify.channel === 'email' ? 'turn_email' : 'turn_sms', notify.masked);
      turn.stop.hidden = false;
    } else {
      turn.stop.hidden = true;
    }
  }

  function turnError(message) {
    turn.error.textContent = message || '';
    turn.error.hidden = !message;
    if (message) {
      turn.input.setAttribute('aria-invalid', 'true');
    } else {
      turn.input.removeAttribute('aria-invalid');
    }
  }

  function sendTurn(contact) {
    turnError('');
    return fetch('/v1/waiting-room/my-turn', {
      method: 'PUT',
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ contact: contact, language: lang }),
      cache: 'no-store'
    }).then(function (res) {
      if (res.status === 400) {
        turnError(t('turn_invalid'));
        turn.input.focus();
        return null;
      }
      if (!res.ok) {
        turnError(t('turn_failed'));
        return null;
      }
      return res.json().then(function (body) {
        if (body.notify) {
          renderTurn(body.notify);
          turn.input.value = '';
        } else {
          turn.shown = undefined;
          renderTurn(null);
          turn.status.textContent = t('turn_stopped');
        }
      });
    }, function () {
      turnError(t('turn_failed'));
    });
  }

  turn.form.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = turn.input.value.trim();
    if (!value) {
      turnError(t('turn_invalid'));
      turn.input.focus();
      return;
    }
    sendTurn(value);
  });

  turn.stop.addEventListener('click', function () {
    sendTurn(null);
  });

  // ------------------------------------------------------------ language ---

  var lastEntry = null;
  var langSelect = byId('lang');

  function applyWords() {
    document.documentElement.lang = lang;
    langSelect.value = lang;
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    var problem = el.problemMessage.getAttribute('data-i18n-message');
    if (problem) el.problemMessage.textContent = t(problem);
    // The connection's words are the state's, not the markup's.
    setConnection(el.connectionBar.getAttribute('data-state') || 'connecting');
  }

  function applyLanguage() {
    applyWords();
    if (lastEntry) {
      // Words only: announce nothing again.
      var announced = lastAnnounced;
      lastRenderKey = null;
      render(lastEntry);
      lastAnnounced = announced;
    } else {
      document.title = t('page_title') + ' · Frontdesk';
    }
  }

  langSelect.addEventListener('change', function () {
    if (!STRINGS[langSelect.value]) return;
    lang = langSelect.value;
    patientChose = true;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch (e) {
      // A private window may refuse; the choice lasts for this page.
    }
    applyLanguage();
  });

  // --------------------------------------------------------------- start ---

  window.addEventListener('offline', function () {
    if (!stopped) setConnection('offline');
  });
  window.addEventListener('online', function () {
    if (stopped) return;
    // "Live" again once the server answers (see onmessage).
    setConnection('reconnecting');
    reconnectNow();
  });
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) reconnectNow();
  });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) reconnectNow();
  });
  // A different link opened in the same tab changes only the fragment.
  window.addEventListener('hashchange', function () {
    if (readToken() !== token) location.reload();
  });

  applyLanguage();
  if (!token) {
    showProblem(MSG_INCOMPLETE);
    return;
  }
  showView('connecting');
  setConnection(navigator.onLine === false ? 'offline' : 'connecting');
  connect();
})();
