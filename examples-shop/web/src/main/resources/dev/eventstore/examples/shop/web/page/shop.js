// The shop's page: plain JavaScript, no build step. Every service is reached through the page's own
// server: /api/<service>/<path> passes a service's public API through as it is (its problems too), and
// answers 503 naming the service when it is down. /ops is the operator's view of every service.
'use strict';

/** Set once, when the page loads: a test can tell that updates came without a reload. */
window.shopLoadedAt = Date.now();

const FINAL = ['SHIPPED', 'CANCELLED', 'REJECTED'];
const WORDS = { PLACED: 'Placed', CONFIRMED: 'Confirmed', SHIPPED: 'Shipped', CANCELLED: 'Cancelled', REJECTED: 'Rejected' };

const state = {
  customer: { id: '', name: '' },
  products: null,        // the catalog's products; null until it answered
  stock: null,           // sku -> units on hand; null while the inventory does not answer
  cart: [],              // [{sku, name, price, quantity}] with quantity as typed
  placing: null,         // the checkout command waiting for an answer: {key, command}
  placed: new Map(),     // orderId -> the order as orders answered, until the history shows it
  history: [],           // the customer's orders with their timelines, as the history last answered
  historyDown: null,     // why the history's last answer failed
  ops: null,             // the operator's view, as /ops last answered
  cards: null            // the payments gateway's test cards
};

// ------------------------------------------------------------------------------------------------ helpers

/** Builds an element: h('td', {class: 'num'}, 'text', child...). Text is never parsed as HTML. */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.substring(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

const $ = (selector) => document.querySelector(selector);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function show(element, text) {
  element.textContent = text || '';
  element.hidden = !text;
}

function money(value) {
  return Number(value).toFixed(2);
}

function clock(iso) {
  const at = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}.${String(at.getMilliseconds()).padStart(3, '0')}`;
}

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return 'id-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
}

/**
 * Calls the page's server. Resolves to {ok, status, body}; a network failure (the page's own server
 * gone) resolves to status 0 with a problem-like body, so that callers show it rather than spin.
 */
async function call(method, path, body, signal) {
  try {
    const response = await fetch(path, {
      method,
      signal,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = { detail: text }; }
    return { ok: response.ok, status: response.status, body: json };
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    return { ok: false, status: 0, body: { detail: 'the shop\'s page server does not answer (' + e.message + ')' } };
  }
}

function detail(reply) {
  return (reply.body && (reply.body.detail || reply.body.title)) || ('HTTP ' + reply.status);
}

// ------------------------------------------------------------------------------------------------ customer

function customerIdOf(name) {
  const slug = name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return 'c-' + (slug || 'anonymous');
}

let followingOrders = null;

function setCustomer() {
  const name = $('#customer-name').value;
  const id = customerIdOf(name);
  state.customer = { id, name: name.trim() };
  $('#customer-id').textContent = '(customer id ' + id + ')';
  if (followingOrders && followingOrders.id === id) return;
  if (followingOrders) followingOrders.controller.abort();
  state.history = [];
  state.placed.clear();
  followingOrders = { id, controller: new AbortController() };
  renderOrders();
  followOrders(id, followingOrders.controller.signal);
}

/** Long-polls the order history for this customer's orders; each answer comes when they change. */
async function followOrders(customerId, signal) {
  let version = -1;
  while (!signal.aborted) {
    let reply;
    try {
      reply = await call('GET', `/api/order-history/customers/${encodeURIComponent(customerId)}/timelines`
        + `?after=${version}&wait=20`, undefined, signal);
    } catch (e) {
      return; // aborted: another customer now
    }
    if (reply.ok) {
      version = reply.body.version;
      state.history = reply.body.orders;
      state.historyDown = null;
      for (const view of state.history) state.placed.delete(view.order.orderId);
      renderOrders();
    } else {
      state.historyDown = detail(reply);
      renderOrders();
      await sleep(1500);
    }
  }
}

/** Follows a service's feed as a signal that something changed: each answer (or quiet minute) re-reads. */
async function onFeed(service, reread) {
  let after = 0;
  let known = false;
  for (;;) {
    await reread();
    const reply = await call('GET', `/api/${service}/feed?after=${after}&limit=1&wait=${known ? 15 : 0}`);
    if (reply.ok) {
      after = reply.body.head;
      known = true;
    } else {
      known = false;
      await sleep(1500);
    }
  }
}

async function readProducts() {
  const reply = await call('GET', '/api/catalog/products');
  if (reply.ok) {
    state.products = reply.body;
    show($('#products-problem'), '');
  } else {
    show($('#products-problem'), detail(reply) + (state.products ? ' (showing the products as last seen)' : ''));
  }
  renderProducts();
}

async function readStock() {
  const reply = await call('GET', '/api/inventory/stock');
  if (reply.ok) {
    state.stock = Object.fromEntries(reply.body.map((level) => [level.sku, level.onHand]));
    state.stockProblem = null;
  } else {
    state.stock = null;
    state.stockProblem = detail(reply);
  }
  renderProducts();
}

function renderProducts() {
  const body = $('#products tbody');
  if (!state.products) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'The catalog has not answered yet.')));
    return;
  }
  if (state.products.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 4, class: 'muted' }, 'The catalog lists no products.')));
    return;
  }
  body.replaceChildren(...state.products.map((product) => {
    const stock = state.stock === null ? null : (state.stock[product.sku] || 0);
    return h('tr', { 'data-sku': product.sku },
      h('td', {}, product.name, ' ', h('span', { class: 'muted small' }, product.sku)),
      h('td', { class: 'num' }, money(product.price)),
      h('td', { class: 'num stock', title: state.stockProblem || null },
        stock === null ? h('span', { class: 'problem' }, 'unknown: inventory is down') : String(stock)),
      h('td', {}, h('button', { class: 'quiet add', type: 'button', onclick: () => addToCart(product) }, 'Add')));
  }));
}

function addToCart(product) {
  const line = state.cart.find((l) => l.sku === product.sku);
  if (line) line.quantity = String((parseInt(line.quantity, 10) || 0) + 1);
  else state.cart.push({ sku: product.sku, name: product.name, price: product.price, quantity: '1' });
  renderCart();
}

function renderCart() {
  $('#cart').hidden = state.cart.length === 0;
  $('#cart-empty').hidden = state.cart.length !== 0;
  $('#cart tbody').replaceChildren(...state.cart.map((line, index) => h('tr', { 'data-sku': line.sku },
    h('td', {}, line.name),
    h('td', { class: 'num' },
      h('input', {
        class: 'qty', value: line.quantity, 'data-field': `lines/${index}/quantity`, 'aria-label': 'quantity of ' + line.name,
        oninput: (event) => { line.quantity = event.target.value; renderTotal(); }
      }),
      h('div', { class: 'problem', 'data-problem-for': `lines/${index}/quantity` })),
    h('td', { class: 'num' }, money(line.price)),
    h('td', {}, h('button', {
      class: 'quiet', type: 'button', title: 'remove',
      onclick: () => { state.cart.splice(index, 1); renderCart(); }
    }, '×')))));
  renderTotal();
}

function renderTotal() {
  const total = state.cart.reduce((sum, line) => sum + (Number(line.quantity) || 0) * Number(line.price), 0);
  $('#cart-total').textContent = money(total);
}

function clearProblems() {
  document.querySelectorAll('[data-problem-for]').forEach((element) => { element.textContent = ''; });
  document.querySelectorAll('.invalid').forEach((element) => element.classList.remove('invalid'));
  show($('#checkout-problem'), '');
}

/** Shows a service's problem next to the field it names, or under the button when it names none. */
function showProblem(reply) {
  const field = reply.body && reply.body.field;
  const spot = field && document.querySelector(`[data-problem-for="${CSS.escape(field)}"]`);
  if (spot) {
    spot.textContent = detail(reply);
    const input = document.querySelector(`[data-field="${CSS.escape(field)}"]`)
      || { cardNumber: $('#card-number'), address: $('#address'), 'customer/name': $('#customer-name') }[field];
    if (input) input.classList.add('invalid');
  } else {
    show($('#checkout-problem'), detail(reply));
  }
}

function quantity(text) {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text; // anything else goes as typed: the service says why not
}

async function placeOrder(event) {
  event.preventDefault();
  clearProblems();
  if (state.cart.length === 0) {
    show($('#checkout-problem'), 'Your cart is empty: add a product first.');
    return;
  }
  const order = {
    customer: { id: state.customer.id, name: state.customer.name },
    lines: state.cart.map((line) => ({ sku: line.sku, quantity: quantity(line.quantity) })),
    cardNumber: $('#card-number').value,
    address: $('#address').value
  };
  // Sent again after no answer, the same command keeps its id: orders books it once. Changed, it is new.
  const key = JSON.stringify(order);
  if (!state.placing || state.placing.key !== key) {
    state.placing = { key, command: { commandId: newId(), orderId: state.customer.id + '-' + Date.now().toString(36), ...order } };
  }
  const button = $('#place-order');
  button.disabled = true;
  button.textContent = 'Placing…';
  try {
    const reply = await call('POST', '/api/orders/orders', state.placing.command);
    if (reply.ok) {
      state.placing = null;
      state.placed.set(reply.body.orderId, reply.body);
      state.cart = [];
      renderCart();
      renderOrders();
      readStock();
    } else {
      if (reply.status >= 400 && reply.status < 500) state.placing = null;
      showProblem(reply);
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Place order';
  }
}

/** What keeps an order from moving on, as far as the operator's view tells: a service down or not answering. */
function hold() {
  if (!state.ops) return null;
  const orders = state.ops.services.find((s) => s.name === 'orders');
  if (!orders) return null;
  if (orders.state !== 'up') return `orders is ${orders.state}: your order goes on when it is back`;
  for (const [peer, health] of Object.entries(orders.peers || {})) {
    if (health.waiting) {
      return `waiting for ${peer}: it has not answered orders since ${clock(health.since)} `
        + `(${health.failures} attempts); your order goes on when it does`;
    }
  }
  return null;
}

function renderOrders() {
  show($('#orders-problem'), state.historyDown
    ? state.historyDown + ' — your orders go on; this list shows them as last seen and updates when the history is back'
    : '');
  const views = state.history.map((view) => ({ order: view.order, timeline: view.timeline }));
  for (const order of state.placed.values()) {
    views.push({ order: { orderId: order.orderId, status: order.status, total: order.total }, timeline: [], pending: true });
  }
  if (views.length === 0) {
    $('#orders').replaceChildren(h('p', { class: 'muted' }, 'No orders yet.'));
    return;
  }
  const waiting = hold();
  state.shownHold = waiting;
  $('#orders').replaceChildren(...views.slice().reverse().map((view) => {
    const status = view.order.status;
    const open = !FINAL.includes(status);
    return h('article', { class: 'order', 'data-order-id': view.order.orderId, 'data-status': status },
      h('header', {},
        h('span', { class: 'order-id' }, view.order.orderId),
        h('span', { class: 'badge status ' + status }, WORDS[status] || status),
        h('span', { class: 'total' }, money(view.order.total))),
      view.order.detail && h('p', { class: 'detail' }, view.order.detail),
      view.pending && h('p', { class: 'muted detail' }, 'placed; the order history has not heard of it yet'),
      open && waiting && h('p', { class: 'waiting' }, waiting),
      h('ol', { class: 'timeline' }, view.timeline.map((step) => h('li', {},
        h('time', {}, clock(step.at)), ' ', h('span', { class: 'source' }, step.source), ' ',
        h('span', { class: 'what' }, step.what)))));
  }));
}

async function readCards() {
  const reply = await call('GET', '/api/payments/gateway/cards');
  const list = $('#test-cards ul');
  if (!reply.ok) {
    list.replaceChildren(h('li', { class: 'problem' }, detail(reply) + ': the test cards are listed when it is back'));
    return;
  }
  state.cards = reply.body;
  list.replaceChildren(...state.cards.map((card) => h('li', {
    'data-outcome': card.outcome, title: 'use this card',
    onclick: () => { $('#card-number').value = card.number; clearProblems(); }
  }, h('code', {}, card.number), ' ', h('strong', {}, card.outcome), ': ', card.description)));
}

// ------------------------------------------------------------------------------------------------ operator

async function followOps() {
  let last = '';
  for (;;) {
    const reply = await call('GET', '/ops');
    if (reply.ok) {
      show($('#ops-problem'), '');
      state.ops = reply.body;
      const now = JSON.stringify(reply.body);
      if (now !== last) {
        last = now;
        renderOps();
        if (hold() !== state.shownHold) renderOrders();
      }
      const payments = state.ops.services.find((s) => s.name === 'payments');
      if (!state.cards && payments && payments.state === 'up') readCards();
    } else {
      show($('#ops-problem'), detail(reply));
    }
    await sleep(1000);
  }
}

function database(db) {
  const name = db.name;
  const short = db.kind === 'SQLite file' ? name.split('/').pop() : name;
  return [h('div', {}, db.kind), h('div', { class: 'muted small', title: name }, short)];
}

function reactorLine(reactor) {
  const lag = reactor.lag === undefined ? null : reactor.lag;
  const waited = lag > 0 && reactor.lagMillis !== undefined ? ', ' + (reactor.lagMillis / 1000).toFixed(1) + ' s' : '';
  const lagText = lag === null ? (reactor.lagUnknown ? 'lag unknown: ' + reactor.lagUnknown : '')
    : 'lag ' + lag + waited;
  return h('li', { class: 'consumer', 'data-reactor': reactor.name },
    h('span', {}, reactor.name), ' ← ', h('strong', {}, reactor.feed), ': checkpoint ',
    h('span', { class: 'checkpoint' }, reactor.checkpoint), ' · ',
    h('span', { class: 'lag ' + (lag === 0 ? 'lag-0' : 'lagging') }, lagText),
    reactor.state !== 'LIVE' && h('span', { class: reactor.state === 'FAILED' ? 'problem' : 'note' },
      ' ' + reactor.state.toLowerCase().replace('_', ' ')),
    reactor.waiting && h('div', { class: 'problem small' }, 'waiting: ' + reactor.waiting),
    reactor.failure && h('div', { class: 'problem small' }, reactor.failure));
}

function renderOps() {
  const rows = state.ops.services.map((service) => {
    const stateClass = service.state.replace(' ', '-');
    const busy = ['stopping', 'starting', 'restarting'].includes(service.state);
    return h('tr', { 'data-service': service.name, 'data-state': service.state },
      h('td', {},
        h('div', { class: 'service-name' }, service.name),
        h('div', { class: 'muted small' }, service.url),
        service.pid >= 0 && h('div', { class: 'muted small' }, 'pid ' + service.pid)),
      h('td', {},
        h('span', { class: 'badge state ' + stateClass }, service.state),
        service.problem && h('div', { class: 'problem small' }, service.problem),
        service.lastAction && h('div', { class: (service.lastActionFailed ? 'problem' : 'muted') + ' small' },
          clock(service.lastActionAt) + ' ' + service.lastAction)),
      h('td', {}, database(service.database)),
      h('td', { class: 'num head' }, service.head === undefined || service.head === null ? '—' : service.head),
      h('td', {}, service.consumers || service.reactors
        ? h('ul', {},
          (service.consumers || []).map(reactorLine),
          (service.reactors || []).map((r) => h('li', { class: 'own' },
            r.name + ' (its own log): position ' + r.checkpoint + (r.state !== 'LIVE' ? ' ' + r.state : ''))))
        : h('span', { class: 'muted' }, 'unknown while it does not answer')),
      h('td', { class: 'actions' },
        h('button', {
          type: 'button', class: 'quiet', 'data-action': 'stop', disabled: busy || service.pid < 0,
          onclick: () => act(service.name, 'stop')
        }, 'Stop'), ' ',
        h('button', {
          type: 'button', 'data-action': 'start', disabled: busy || service.pid >= 0,
          onclick: () => act(service.name, 'start')
        }, 'Start')));
  });
  $('#services tbody').replaceChildren(...rows);

  const rollOut = state.ops.rollOut;
  $('#replay-rollout').disabled = rollOut.running;
  $('#replay-rollout').textContent = rollOut.running ? 'Replaying…' : 'Replay the v2 roll-out';
  $('#rollout-steps').replaceChildren(...rollOut.steps.map((step) => h('li', {},
    h('time', { class: 'muted' }, clock(step.at)), ' ', step.text)));
  show($('#rollout-problem'), rollOut.failure ? 'the replay stopped: ' + rollOut.failure : '');
  $('#rollout-steps').dataset.done = rollOut.done ? 'true' : 'false';
}

async function act(service, action) {
  const reply = await call('POST', `/ops/services/${service}/${action}`);
  show($('#ops-problem'), reply.ok ? '' : detail(reply));
}

async function replayRollOut() {
  const reply = await call('POST', '/ops/rollout');
  show($('#rollout-problem'), reply.ok ? '' : detail(reply));
}

// ------------------------------------------------------------------------------------------------ start

document.addEventListener('DOMContentLoaded', () => {
  $('#customer-name').addEventListener('change', setCustomer);
  $('#checkout').addEventListener('submit', placeOrder);
  $('#replay-rollout').addEventListener('click', replayRollOut);
  setCustomer();
  renderCart();
  readCards();
  onFeed('catalog', readProducts);
  onFeed('inventory', readStock);
  followOps();
});
