/*
 * dispatch-bot operator console. Plain JavaScript, no build step, no external resources.
 *
 * login.html: fills the form's _csrf field from the XSRF-TOKEN cookie, shows ?error / ?logout.
 * index.html: the inbox of live handoffs (pushed by GET /v1/handoffs/events), the selected
 * call's transcript, summary and slots, and the operator's actions (claim, reply, hand back,
 * resolve). Text from the server is only ever inserted with textContent.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------------------------
  // Shared helpers
  // ---------------------------------------------------------------------------------------------

  var OPERATOR_KEY = 'dispatch-bot.operator';

  function $(id) {
    return document.getElementById(id);
  }

  /** The value of a cookie, or '' when there is none. */
  function cookie(name) {
    var parts = document.cookie ? document.cookie.split(';') : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(name + '=') === 0) {
        return decodeURIComponent(part.substring(name.length + 1));
      }
    }
    return '';
  }

  function csrfToken() {
    return cookie('XSRF-TOKEN');
  }

  /**
   * A new element. attrs: className, text, and any attribute (data-*, aria-*, ...). Children are
   * nodes or strings (inserted as text).
   */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (key === 'className') {
        node.className = value;
      } else if (key === 'text') {
        node.textContent = value;
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === '') {
        continue;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function setText(id, text) {
    $(id).textContent = text || '';
  }

  /** Shows a message in a notice element, or hides it when the message is empty. */
  function showNotice(id, message) {
    var node = $(id);
    node.textContent = message || '';
    node.hidden = !message;
  }

  // ---------------------------------------------------------------------------------------------
  // Login page
  // ---------------------------------------------------------------------------------------------

  function initLogin() {
    var params = new URLSearchParams(location.search);
    $('login-error').hidden = !params.has('error');
    $('login-info').hidden = !params.has('logout') || params.has('error');
    var form = $('login-form');
    $('login-csrf').value = csrfToken();
    form.addEventListener('submit', function (event) {
      var token = csrfToken();
      if (!token) {
        event.preventDefault();
        $('login-nocookie').hidden = false;
        return;
      }
      $('login-csrf').value = token;
      try {
        localStorage.setItem(OPERATOR_KEY, $('username').value.trim().toLowerCase());
      } catch (ignored) {
        // private mode: the console then learns who you are from your first claim
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: state
  // ---------------------------------------------------------------------------------------------

  var REASONS = {
    emergency: 'Emergency',
    caller_asked: 'Caller asked for a person',
    low_confidence: 'Bot unsure',
    repeated_failure: 'Bot kept failing',
    knowledge_gap: 'Knowledge gap',
    bot_failure: 'Bot failure',
    policy: 'Policy'
  };
  var STATUSES = {
    open: 'Waiting',
    claimed: 'Claimed',
    callback: 'Callback owed',
    handed_back: 'Handed back',
    resolved: 'Resolved'
  };
  var ROLES = { caller: 'Caller', assistant: 'Bot', operator: 'Operator', system: 'System' };
  var LOW_CONFIDENCE = 0.7;
  var BASE_TITLE = 'Operator console · dispatch-bot';

  var state = {
    me: readOperator(),
    handoffs: [], // the inbox, as the server ordered it (emergencies first)
    known: null, // ids seen so far (null until the first load: nothing is "new" then)
    selectedId: null,
    detail: null, // {handoff, messages, state} of the selected handoff
    claimedHere: {}, // ids claimed from this page (who "me" is when the login did not say)
    events: null,
    retryMs: 1000
  };

  function readOperator() {
    try {
      return localStorage.getItem(OPERATOR_KEY) || '';
    } catch (ignored) {
      return '';
    }
  }

  function isMine(handoff) {
    if (handoff.status !== 'claimed' || !handoff.operator) {
      return false;
    }
    return handoff.operator === state.me || state.claimedHere[handoff.id] === handoff.operator;
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: the API
  // ---------------------------------------------------------------------------------------------

  /** An answer other than 2xx: the ProblemDetail's detail (or title) is what operators see. */
  function ApiError(status, title, detail) {
    this.status = status;
    this.title = title;
    this.message = detail || title || 'The server answered ' + status + '.';
  }

  /** fetch with the session cookie and, on every non-GET, the CSRF header; resolves to JSON. */
  function api(method, path, body, retried) {
    var headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      headers['X-XSRF-TOKEN'] = csrfToken();
    }
    return fetch(path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(
      function (response) {
        return readAnswer(response).then(function (answer) {
          if (response.ok) {
            return answer;
          }
          if (response.status === 401) {
            location.assign('/console/login');
          }
          var problem = answer || {};
          // a rotated CSRF token: the failed request set a fresh cookie, so try once more
          if (response.status === 403 && !retried && /CSRF/i.test(problem.detail || '')) {
            return api(method, path, body, true);
          }
          throw new ApiError(response.status, problem.title, problem.detail);
        });
      },
      function () {
        throw new ApiError(0, 'Offline', 'The server could not be reached; check the connection and try again.');
      }
    );
  }

  function readAnswer(response) {
    var type = response.headers.get('Content-Type') || '';
    if (type.indexOf('json') < 0) {
      return Promise.resolve(null);
    }
    return response.json().catch(function () {
      return null;
    });
  }

  /** Runs at most one at a time; a call while one runs makes it run once more afterwards. */
  function coalesced(task) {
    var running = false;
    var again = false;
    function run() {
      if (running) {
        again = true;
        return;
      }
      running = true;
      again = false;
      Promise.resolve()
        .then(task)
        .catch(function () {})
        .then(function () {
          running = false;
          if (again) {
            run();
          }
        });
    }
    return run;
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: inbox
  // ---------------------------------------------------------------------------------------------

  var refreshInbox = coalesced(function () {
    return api('GET', '/v1/handoffs?status=open,claimed,callback').then(
      function (handoffs) {
        showNotice('inbox-error', '');
        var fresh = newArrivals(handoffs);
        state.handoffs = handoffs;
        renderInbox(fresh);
        announce(fresh);
      },
      function (error) {
        showNotice('inbox-error', 'Could not load the inbox: ' + error.message);
      }
    );
  });

  /** Ids not seen before (none on the first load). */
  function newArrivals(handoffs) {
    var fresh = {};
    var first = state.known === null;
    state.known = state.known || {};
    handoffs.forEach(function (h) {
      if (!first && !state.known[h.id]) {
        fresh[h.id] = true;
      }
      state.known[h.id] = true;
    });
    return fresh;
  }

  function renderInbox(fresh) {
    var focusedId = document.activeElement && document.activeElement.getAttribute('data-handoff-id');
    ['open', 'claimed', 'callback'].forEach(function (status) {
      var items = state.handoffs.filter(function (h) {
        return h.status === status;
      });
      var list = $('group-' + status);
      list.replaceChildren.apply(
        list,
        items.map(function (h) {
          return inboxItem(h, fresh[h.id]);
        })
      );
      list.parentElement.hidden = items.length === 0;
    });
    setText('inbox-count', String(state.handoffs.length));
    $('inbox-empty').hidden = state.handoffs.length > 0;
    if (focusedId) {
      var again = document.querySelector('.item[data-handoff-id="' + CSS.escape(focusedId) + '"]');
      if (again) {
        again.focus();
      }
    }
    tick();
  }

  function inboxItem(h, isNew) {
    var classes = 'item' + (h.emergency ? ' item--emergency' : '') + (isNew ? ' item--new' : '');
    var button = el(
      'button',
      {
        type: 'button',
        className: classes,
        'data-testid': 'handoff-item',
        'data-handoff-id': h.id,
        'data-status': h.status,
        'data-emergency': String(!!h.emergency),
        'aria-current': h.id === state.selectedId ? 'true' : 'false'
      },
      el(
        'span',
        { className: 'item-top' },
        h.emergency ? el('span', { className: 'badge badge--emergency', 'data-testid': 'emergency-badge', text: 'EMERGENCY' }) : null,
        el('span', { className: 'item-phone', text: h.callerPhone || 'Unknown caller' }),
        h.reason === 'emergency' ? null : el('span', { className: 'badge', text: REASONS[h.reason] || h.reason || 'Handoff' })
      ),
      el('span', { className: 'item-summary', text: h.summary || 'No summary yet.' }),
      el('span', { className: 'item-bottom' }, whoHasIt(h), slaNode(h))
    );
    button.addEventListener('click', function () {
      select(h.id, true);
    });
    return el('li', null, button);
  }

  function whoHasIt(h) {
    if (h.status === 'claimed') {
      var who = isMine(h) ? 'you' : h.operator;
      return el('span', { 'data-testid': 'claimed-by', text: 'with ' + who });
    }
    if (h.status === 'callback') {
      return el('span', { text: 'call back ' + (h.callerPhone || 'the caller') });
    }
    return el('span', { className: 'muted', text: 'since ' + clock(h.createdAt) });
  }

  /** The SLA countdown of an open handoff; tick() keeps its text current. */
  function slaNode(h) {
    if (h.status === 'open' && h.slaDueAt) {
      return el('span', { className: 'sla', 'data-testid': 'sla', 'data-due': h.slaDueAt, 'data-kind': 'due' });
    }
    var since = h.status === 'claimed' ? h.claimedAt : h.slaDueAt;
    if (since) {
      return el('span', { className: 'sla muted', 'data-since': since, 'data-kind': 'since' });
    }
    return el('span');
  }

  function announce(fresh) {
    state.handoffs.forEach(function (h) {
      if (fresh[h.id]) {
        var text = (h.emergency ? 'Emergency handoff: ' : 'New handoff: ') + (h.summary || REASONS[h.reason] || '');
        // replacing the text makes screen readers read it again
        setText(h.emergency ? 'announcer-urgent' : 'announcer', text);
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: clocks (SLA countdowns and the page title), once a second
  // ---------------------------------------------------------------------------------------------

  function tick() {
    var now = Date.now();
    document.querySelectorAll('.sla[data-kind="due"]').forEach(function (node) {
      var left = Date.parse(node.getAttribute('data-due')) - now;
      node.textContent = left >= 0 ? 'SLA ' + duration(left) : 'SLA passed ' + duration(-left);
      node.classList.toggle('sla--soon', left >= 0 && left < 30000);
      node.classList.toggle('sla--late', left < 0);
    });
    document.querySelectorAll('.sla[data-kind="since"]').forEach(function (node) {
      node.textContent = duration(now - Date.parse(node.getAttribute('data-since'))) + ' ago';
    });
    updateTitle();
  }

  /** Emergencies nobody has taken yet, in the tab's title. */
  function updateTitle() {
    var waiting = state.handoffs.filter(function (h) {
      return h.emergency && h.status !== 'claimed';
    }).length;
    var prefix = waiting === 1 ? '(1 emergency) ' : waiting > 1 ? '(' + waiting + ' emergencies) ' : '';
    if (document.title !== prefix + BASE_TITLE) {
      document.title = prefix + BASE_TITLE;
    }
  }

  function duration(ms) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var mmss = (hours ? String(minutes).padStart(2, '0') : String(minutes)) + ':' + String(seconds).padStart(2, '0');
    return hours ? hours + ':' + mmss : mmss;
  }

  function clock(iso) {
    if (!iso) {
      return '';
    }
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: the selected handoff
  // ---------------------------------------------------------------------------------------------

  function select(id, focusDetail) {
    if (state.selectedId !== id) {
      state.detail = null;
      showNotice('detail-error', '');
      $('reply-text').value = '';
      $('handback-notes').value = '';
      $('resolution').value = '';
    }
    state.selectedId = id;
    if (location.hash !== '#' + id) {
      history.replaceState(null, '', '#' + id);
    }
    document.querySelectorAll('.item').forEach(function (item) {
      item.setAttribute('aria-current', item.getAttribute('data-handoff-id') === id ? 'true' : 'false');
    });
    $('detail-placeholder').hidden = true;
    $('detail-body').hidden = false;
    refreshDetail();
    if (focusDetail) {
      $('detail').focus({ preventScroll: true });
    }
  }

  var refreshDetail = coalesced(function () {
    var id = state.selectedId;
    if (!id) {
      return null;
    }
    return api('GET', '/v1/handoffs/' + encodeURIComponent(id)).then(
      function (detail) {
        if (state.selectedId === id) {
          state.detail = detail;
          renderDetail();
        }
      },
      function (error) {
        if (state.selectedId === id) {
          showNotice('detail-error', error.message);
        }
      }
    );
  });

  function renderDetail() {
    var h = state.detail.handoff;
    setText('detail-title', h.callerPhone ? 'Call from ' + h.callerPhone : 'Handoff ' + h.id);
    renderBadges(h);
    renderLiveState(state.detail.state, h);
    renderTranscript(state.detail.messages || []);
    setText('summary', h.summary || 'No summary.');
    renderSlots(h.slots || {});
    renderActions(h);
  }

  function renderBadges(h) {
    var badges = [
      el('span', { className: 'badge badge--status-' + h.status, 'data-testid': 'detail-status', 'data-status': h.status, text: STATUSES[h.status] || h.status }),
    ];
    if (h.reason !== 'emergency') {
      badges.push(el('span', { className: 'badge', text: REASONS[h.reason] || h.reason || 'Handoff' }));
    }
    if (h.emergency) {
      badges.unshift(el('span', { className: 'badge badge--emergency', 'data-testid': 'detail-emergency', text: 'EMERGENCY' }));
    }
    var node = $('detail-badges');
    node.replaceChildren.apply(node, badges);
  }

  function renderLiveState(live, h) {
    var parts;
    if (live) {
      parts = ['Call in progress', 'turn ' + live.turnCount];
      if (live.dialogueStage) {
        parts.push(live.dialogueStage.replace(/_/g, ' '));
      }
    } else {
      parts = ['Call ended'];
    }
    if (h.intent) {
      parts.push('intent ' + h.intent + (h.confidence != null ? ' (' + percent(h.confidence) + ')' : ''));
    }
    if (h.resolution) {
      parts.push('resolution: ' + h.resolution);
    }
    setText('live-state', parts.join(' · '));
  }

  function renderTranscript(messages) {
    var list = $('transcript');
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.replaceChildren.apply(list, messages.map(transcriptItem));
    if (atBottom || list.getAttribute('data-for') !== state.selectedId) {
      list.scrollTop = list.scrollHeight;
    }
    list.setAttribute('data-for', state.selectedId);
  }

  function transcriptItem(m) {
    var who = ROLES[m.role] || m.role;
    if (m.role === 'operator' && m.author) {
      who = m.author + ' (operator)';
    }
    return el(
      'li',
      { className: 'msg msg--' + m.role, 'data-testid': 'message', 'data-role': m.role, 'data-turn': m.turn },
      el(
        'div',
        { className: 'msg-meta' },
        el('span', { className: 'msg-who', text: who }),
        el('time', { datetime: m.at, text: clock(m.at) }),
        nluNode(m)
      ),
      el('p', { className: 'msg-text', text: m.text })
    );
  }

  /** What the bot understood of a caller's message: intent and confidence. */
  function nluNode(m) {
    if (!m.intent) {
      return null;
    }
    var low = m.confidence != null && m.confidence < LOW_CONFIDENCE;
    var text = m.intent + (m.confidence != null ? ' · ' + percent(m.confidence) : '');
    return el('span', {
      className: 'msg-nlu' + (low ? ' msg-nlu--low' : ''),
      'data-testid': 'message-intent',
      title: 'What the bot understood' + (low ? ' (low confidence)' : ''),
      text: text
    });
  }

  function percent(value) {
    return Math.round(value * 100) + '%';
  }

  function renderSlots(slots) {
    var list = $('slots');
    var keys = Object.keys(slots).filter(function (key) {
      return slotText(slots[key]) !== '';
    });
    var nodes = [];
    keys.forEach(function (key) {
      nodes.push(el('dt', { text: humanize(key) }));
      nodes.push(el('dd', { 'data-slot': key, text: slotText(slots[key]) }));
    });
    if (!nodes.length) {
      nodes.push(el('dd', { className: 'muted', text: 'Nothing collected yet.' }));
    }
    list.replaceChildren.apply(list, nodes);
  }

  /** A slot's value as one line: strings as they are, objects as their readable parts. */
  function slotText(value) {
    if (value === null || value === undefined) {
      return '';
    }
    if (Array.isArray(value)) {
      return value.map(slotText).filter(Boolean).join(', ');
    }
    if (typeof value === 'object') {
      var readable = value.formatted || value.formattedAddress || value.text || value.name;
      if (typeof readable === 'string') {
        return readable;
      }
      return Object.keys(value)
        .map(function (key) {
          var text = slotText(value[key]);
          return text ? humanize(key).toLowerCase() + ': ' + text : '';
        })
        .filter(Boolean)
        .join('; ');
    }
    return String(value);
  }

  /** preferredTime, service_type -> Preferred time, Service type. */
  function humanize(key) {
    var words = String(key)
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/[_-]+/g, ' ')
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function renderActions(h) {
    var live = h.status === 'open' || h.status === 'claimed' || h.status === 'callback';
    var mine = isMine(h);
    var othersClaim = h.status === 'claimed' && !mine;
    var claim = $('claim');
    claim.hidden = !live;
    $('handback-form').hidden = !live;
    $('resolve-form').hidden = !live;
    $('reply-form').hidden = !live;
    claim.disabled = !(h.status === 'open' || h.status === 'callback');
    claim.textContent = mine ? 'Claimed by you' : othersClaim ? 'Claimed by ' + h.operator : 'Claim';
    setText('claim-note', claimNote(h, mine, othersClaim));
    $('handback-notes').disabled = !mine;
    $('handback').disabled = !mine;
    $('resolution').disabled = !live || othersClaim;
    $('resolve').disabled = !live || othersClaim;
    $('reply-text').disabled = !mine;
    $('reply-send').disabled = !mine;
    setText('reply-hint', mine ? 'Enter sends, Shift+Enter adds a line.' : live ? 'Claim the call to reply.' : 'This handoff is closed.');
  }

  function claimNote(h, mine, othersClaim) {
    if (mine) {
      return 'The bot stays quiet while you have the call.';
    }
    if (othersClaim) {
      return h.operator + ' has this call.';
    }
    if (h.status === 'callback') {
      return 'Nobody took the call in time: the caller was promised a callback.';
    }
    if (h.status === 'handed_back') {
      return 'Handed back to the bot' + (h.operator ? ' by ' + h.operator : '') + '.';
    }
    if (h.status === 'resolved') {
      return 'Resolved' + (h.operator ? ' by ' + h.operator : '') + (h.resolution ? ': ' + h.resolution : '') + '.';
    }
    return 'The bot has stopped answering; the caller is waiting for a person.';
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: actions
  // ---------------------------------------------------------------------------------------------

  /** Runs an action on the selected handoff with its button busy; errors go to the detail panel. */
  function act(button, path, body) {
    var id = state.selectedId;
    if (!id || button.disabled) {
      return Promise.resolve(null);
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    showNotice('detail-error', '');
    return api('POST', '/v1/handoffs/' + encodeURIComponent(id) + path, body)
      .then(
        function (answer) {
          return answer || {};
        },
        function (error) {
          showNotice('detail-error', error.message);
          return null;
        }
      )
      .then(function (answer) {
        button.removeAttribute('aria-busy');
        if (state.detail) {
          renderActions(state.detail.handoff);
        }
        refreshDetail();
        refreshInbox();
        return answer;
      });
  }

  function claim() {
    act($('claim'), '/claim').then(function (answer) {
      if (answer && answer.operator) {
        state.claimedHere[answer.id] = answer.operator;
        if (!state.me) {
          state.me = answer.operator;
          showWhoAmI();
        }
        $('reply-text').focus();
      }
    });
  }

  function sendReply(event) {
    event.preventDefault();
    var box = $('reply-text');
    var text = box.value.trim();
    if (!text) {
      showNotice('detail-error', 'Type a reply first.');
      return;
    }
    act($('reply-send'), '/reply', { text: text }).then(function (answer) {
      if (answer) {
        box.value = '';
        box.focus();
      }
    });
  }

  function replyKeys(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.isComposing) {
      event.preventDefault();
      $('reply-form').requestSubmit();
    }
  }

  function handBack(event) {
    event.preventDefault();
    act($('handback'), '/hand-back', { notes: $('handback-notes').value.trim() }).then(function (answer) {
      if (answer) {
        $('handback-notes').value = '';
      }
    });
  }

  function resolve(event) {
    event.preventDefault();
    act($('resolve'), '/resolve', { resolution: $('resolution').value.trim() }).then(function (answer) {
      if (answer) {
        $('resolution').value = '';
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: the live stream
  // ---------------------------------------------------------------------------------------------

  function setLive(mode, text) {
    var node = $('live');
    node.setAttribute('data-state', mode);
    node.textContent = text;
  }

  function connectEvents() {
    var source = new EventSource('/v1/handoffs/events');
    state.events = source;
    source.addEventListener('open', function () {
      state.retryMs = 1000;
      setLive('live', 'live');
    });
    // sent first on every (re)connect: catch up with whatever happened while away
    source.addEventListener('ready', function () {
      setLive('live', 'live');
      refreshInbox();
      refreshDetail();
    });
    source.addEventListener('handoff', function (event) {
      var data = parse(event.data);
      refreshInbox();
      if (data.handoffId && data.handoffId === state.selectedId) {
        refreshDetail();
      }
    });
    source.addEventListener('message', function (event) {
      var data = parse(event.data);
      if (state.detail && data.workflowId === state.detail.handoff.workflowId) {
        refreshDetail();
      }
    });
    source.addEventListener('error', function () {
      setLive('reconnecting', 'reconnecting…');
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. the session expired): check the session, then try again
        source.close();
        setTimeout(reconnect, state.retryMs);
        state.retryMs = Math.min(state.retryMs * 2, 30000);
      }
    });
  }

  function reconnect() {
    api('GET', '/v1/handoffs?status=open').then(connectEvents, function (error) {
      if (error.status !== 401) {
        setTimeout(reconnect, state.retryMs);
        state.retryMs = Math.min(state.retryMs * 2, 30000);
      }
    });
  }

  function parse(text) {
    try {
      return JSON.parse(text) || {};
    } catch (ignored) {
      return {};
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Console page: start
  // ---------------------------------------------------------------------------------------------

  function showWhoAmI() {
    setText('whoami', state.me ? 'Signed in as ' + state.me : '');
  }

  function initConsole() {
    showWhoAmI();
    $('claim').addEventListener('click', claim);
    $('reply-form').addEventListener('submit', sendReply);
    $('reply-text').addEventListener('keydown', replyKeys);
    $('handback-form').addEventListener('submit', handBack);
    $('resolve-form').addEventListener('submit', resolve);
    $('logout-form').addEventListener('submit', function () {
      $('logout-csrf').value = csrfToken();
      try {
        localStorage.removeItem(OPERATOR_KEY);
      } catch (ignored) {
        // nothing stored
      }
    });
    refreshInbox();
    connectEvents();
    setInterval(tick, 1000);
    var fromUrl = location.hash.replace(/^#/, '');
    if (fromUrl) {
      select(decodeURIComponent(fromUrl), false);
    }
  }

  if (document.body.getAttribute('data-page') === 'login') {
    initLogin();
  } else if (document.body.getAttribute('data-page') === 'console') {
    initConsole();
  }
})();
