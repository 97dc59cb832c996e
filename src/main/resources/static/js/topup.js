// Top-up on the dashboard: validate the amount, load YooKassa's widget script, create the payment on
// our server (or get back the person's unpaid one), show the widget in our own modal, and then ask our
// server (never the browser event) whether money arrived. Pending payments in the history can be paid
// («Продолжить оплату») or dismissed («Отменить»), and one that arrives in the background is announced.

import { refreshHistory } from './history.js';

const form = document.getElementById('topup-form');
const texts = document.getElementById('topup-texts')?.dataset ?? {};
const AMOUNT = /^\d{1,9}([.,]\d{1,2})?$/;
const POLL_EVERY_MS = 1500;
const POLL_TIMES = 40;
// Payments still open when the page loaded may be paid elsewhere (another tab, the bank's page): asked
// about less and less often, for a few minutes.
const WATCH_FIRST_MS = 2000;
const WATCH_LONGEST_MS = 20000;
const WATCH_FOR_MS = 5 * 60 * 1000;

let widget = null;
let payment = null;
let lastAmount = null;
let renewedToken = false;
let finishing = false;
// The payment «Продолжить оплату» opened, whose row takes the focus back when the window closes.
let resumed = null;
const announced = new Set();

if (form) {
    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const amount = document.getElementById('topup-amount').value.replace(/[\s\u00a0\u202f]/g, '');
        if (!AMOUNT.test(amount)) {
            showError(amount === '' ? texts.empty : texts.format);
            return;
        }
        renewedToken = false;
        startPayment(amount);
    });
    document.getElementById('topup-amount').addEventListener('input', () => showError(''));
    document.getElementById('topup-close').addEventListener('click', closeModal);
    document.getElementById('topup-done').addEventListener('click', closeModal);
    document.getElementById('topup-retry').addEventListener('click', () => {
        renewedToken = false;
        startPayment(lastAmount);
    });
    // Escape closes a modal <dialog> by itself and fires 'close'. While focus is inside the widget's
    // iframe (another origin) its key presses never reach this document, so there Escape does nothing
    // until the person leaves the form (Tab, ×); nothing on our side can change that.
    modal().addEventListener('close', afterClose);
    modal().querySelectorAll('.focus-guard').forEach((guard) => {
        guard.addEventListener('focus', () => {
            const stops = focusStops();
            (guard.dataset.guard === 'start' ? stops.at(-1) : stops[0])?.focus();
        });
    });
    // On the document, as the history is replaced whenever it is refreshed.
    document.addEventListener('click', (event) => {
        const resume = event.target.closest?.('#history [data-resume]');
        const dismiss = event.target.closest?.('#history [data-dismiss]');
        if (resume) {
            resumePayment(resume.dataset.resume, resume);
        } else if (dismiss) {
            dismissPayment(dismiss.dataset.dismiss, dismiss);
        }
    });
    (form.dataset.watch ?? '').split(' ').filter(Boolean).forEach(watch);
}

function modal() {
    return document.getElementById('topup-modal');
}

function meta(name) {
    return document.querySelector(`meta[name="${name}"]`)?.content;
}

async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (method !== 'GET' && meta('csrf-header')) {
        headers[meta('csrf-header')] = meta('csrf-token');
    }
    const response = await fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try {
        data = await response.json();
    } catch {
        // Not every answer has a body (404).
    }
    return { status: response.status, data };
}

// Under the form; the amount field is marked only when the problem is the amount.
function showError(message, aboutAmount = true) {
    const error = document.getElementById('topup-error');
    error.textContent = message ?? '';
    error.hidden = !message;
    document.getElementById('topup-amount').setAttribute('aria-invalid', message && aboutAmount ? 'true' : 'false');
}

// The server answered, but the session behind this tab has ended (signed out elsewhere, expired):
// say so, and offer the way back instead of a retry that cannot work.
function sessionEnded(answer) {
    return answer?.status === 401 || answer?.data?.code === 'session_expired';
}

function showSessionEnded() {
    destroyWidget();
    shown = false;
    if (modal().open) {
        modal().close();
    }
    showStatus('');
    const error = document.getElementById('topup-error');
    error.textContent = `${texts.sessionEnded} `;
    const link = document.createElement('a');
    link.href = '/signin';
    link.textContent = texts.signinAgain;
    error.appendChild(link);
    error.hidden = false;
}

function showStatus(message) {
    document.getElementById('topup-status').textContent = message ?? '';
}

function showHistoryError(message) {
    const error = document.getElementById('history-error');
    error.textContent = message ?? '';
    error.hidden = !message;
}

// «Пополнить» while the payment is being prepared: it cannot be pressed twice and says what is going on.
function showCreating(creating) {
    const button = document.getElementById('topup-submit');
    button.disabled = creating;
    button.textContent = creating ? texts.creating : texts.submit;
    if (creating) {
        button.setAttribute('aria-busy', 'true');
    } else {
        button.removeAttribute('aria-busy');
    }
}

function currentPage() {
    return Number(document.getElementById('history')?.dataset.page) || 1;
}

async function startPayment(amount) {
    const button = document.getElementById('topup-submit');
    showCreating(true);
    showError('');
    try {
        // The widget's script first: if it cannot load (network, an ad blocker), nothing is created
        // that the person could not pay.
        if (!(await widgetScriptLoaded())) {
            showError(texts.widgetFailed, false);
            return;
        }
        const answer = await api('POST', '/api/topups', { amount });
        if (sessionEnded(answer)) {
            showSessionEnded();
            return;
        }
        if (answer.status !== 200) {
            showError(answer.data.detail ?? texts.network, answer.data.code?.startsWith('amount_') ?? false);
            return;
        }
        resumed = null;
        openPayment(answer.data);
    } catch {
        showError(texts.network, false);
        closeModal();
    } finally {
        showCreating(false);
        if (!modal().open && document.activeElement === document.body) {
            // The window closed while the button was disabled and could not take the focus back.
            button.focus();
        }
    }
}

// «Продолжить оплату» on a pending payment in the history: the same window, with that payment's widget.
async function resumePayment(id, button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    showHistoryError('');
    try {
        if (!(await widgetScriptLoaded())) {
            showHistoryError(texts.widgetFailed);
            return;
        }
        const answer = await api('POST', `/api/topups/${encodeURIComponent(id)}/resume`);
        if (sessionEnded(answer)) {
            showSessionEnded();
            return;
        }
        if (answer.status !== 200) {
            // Paid, declined or expired meanwhile: the detail says so, the history shows how it ended.
            showHistoryError(answer.data.detail ?? texts.network);
            await refreshHistory(currentPage());
            return;
        }
        renewedToken = false;
        resumed = id;
        openPayment(answer.data);
    } catch {
        showHistoryError(texts.network);
        closeModal();
    } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
    }
}

// «Отменить»: YooKassa cannot cancel a pending payment, so our server only stops offering it.
async function dismissPayment(id, button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    showHistoryError('');
    try {
        const answer = await api('POST', `/api/topups/${encodeURIComponent(id)}/dismiss`);
        if (sessionEnded(answer)) {
            showSessionEnded();
            return;
        }
        if (answer.status !== 204) {
            showHistoryError(answer.data.detail ?? texts.network);
        }
        await refreshHistory(currentPage());
        // The button is gone with the old table; its row keeps the place.
        document.getElementById(`payment-${id}`)?.focus();
    } catch {
        showHistoryError(texts.network);
    } finally {
        button.disabled = false;
        button.removeAttribute('aria-busy');
    }
}

function openPayment(data) {
    lastAmount = data.amount;
    payment = data.paymentId;
    openModal();
    showStatus(texts.loading);
    renderWidget(data.confirmationToken);
}

let scriptLoading = null;

function loadWidgetScript(src) {
    if (window.YooMoneyCheckoutWidget) {
        return Promise.resolve();
    }
    if (!scriptLoading) {
        scriptLoading = new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = src;
            script.onload = () => {
                if (window.YooMoneyCheckoutWidget) {
                    resolve();
                } else {
                    script.onerror();
                }
            };
            script.onerror = () => {
                scriptLoading = null;
                script.remove();
                reject(new Error('widget script'));
            };
            document.head.appendChild(script);
        });
    }
    return scriptLoading;
}

async function widgetScriptLoaded() {
    try {
        await loadWidgetScript(form.dataset.widget);
        return true;
    } catch {
        return false;
    }
}

function renderWidget(token) {
    destroyWidget();
    finishing = false;
    widget = new window.YooMoneyCheckoutWidget({
        confirmation_token: token,
        error_callback: onWidgetError,
    });
    // No return_url: without it the widget reports its events to us.
    widget.on('success', finish);
    widget.on('fail', finish);
    widget.on('complete', finish);
    widget.render('yk-container').then(() => showStatus(''));
}

function onWidgetError(error) {
    const code = typeof error === 'string' ? error : (error?.error ?? error?.code);
    if ((code === 'token_expired' || code === 'invalid_token') && !renewedToken && lastAmount) {
        // The token is single-use and lives an hour: a fresh payment gets a fresh one.
        renewedToken = true;
        destroyWidget();
        closeModal();
        startPayment(lastAmount);
        return;
    }
    showStatus(texts.widgetFailed);
}

function destroyWidget() {
    if (widget) {
        widget.destroy();
        widget = null;
    }
}

let shown = false;

function openModal() {
    document.getElementById('topup-done').hidden = true;
    document.getElementById('topup-retry').hidden = true;
    if (!modal().open) {
        modal().showModal();
    }
    shown = true;
    document.getElementById('topup-close').focus();
}

// The dialog's places for Tab, in order; the widget's iframe is one of them, as its inside is not ours.
function focusStops() {
    return [...modal().querySelectorAll('button, input, select, textarea, a[href], iframe, [tabindex]')]
        .filter((element) => !element.classList.contains('focus-guard'))
        .filter((element) => !element.disabled && element.tabIndex >= 0 && element.getClientRects().length > 0);
}

function closeModal() {
    if (modal().open) {
        modal().close();
    }
    afterClose();
}

// Runs once per opening, whether ×, «Готово», Escape or our own code closed the window.
function afterClose() {
    if (!shown || modal().open) {
        return;
    }
    shown = false;
    destroyWidget();
    showStatus('');
    if (payment) {
        // The person may have paid just before closing: settle in the background, and say so if it arrives.
        pollStatus(payment, false);
    }
    const row = resumed;
    resumed = null;
    // The window may have left a payment waiting, or ended one: the history shows which.
    refreshHistory(currentPage())
        .then(() => {
            if (row && !modal().open && document.activeElement === document.body) {
                document.getElementById(`payment-${row}`)?.focus();
            }
        })
        .catch(() => {
            // Offline for a moment: the history is refreshed with the next payment news.
        });
    if (!row) {
        document.getElementById('topup-submit').focus();
    }
}

function finish() {
    if (finishing || !payment) {
        return;
    }
    finishing = true;
    destroyWidget();
    showStatus(texts.checking);
    pollStatus(payment, true);
}

async function pollStatus(id, visible) {
    for (let i = 0; i < POLL_TIMES; i++) {
        let answer;
        try {
            answer = await api('GET', `/api/topups/${encodeURIComponent(id)}`);
        } catch {
            answer = null;
        }
        if (!visible && shown && payment === id) {
            // Opened again in the window («Продолжить оплату»), which reports by itself.
            return;
        }
        if (sessionEnded(answer)) {
            showSessionEnded();
            return;
        }
        if (answer?.status === 200) {
            if (visible) {
                showStatus(answer.data.message);
            }
            if (answer.data.settled) {
                document.getElementById('balance').textContent = answer.data.balance;
                if (answer.data.status === 'succeeded') {
                    document.getElementById('topup-amount').value = '';
                    if (visible && modal().open) {
                        // Said in the window already.
                        announced.add(id);
                    } else {
                        announce(id, answer.data.message);
                    }
                }
                if (visible) {
                    document.getElementById('topup-done').hidden = false;
                    // A declined card: the reason is in the message; another card is one click away.
                    const declined = answer.data.status === 'canceled' && lastAmount;
                    document.getElementById('topup-retry').hidden = !declined;
                    document.getElementById(declined ? 'topup-retry' : 'topup-done').focus();
                }
                await refreshHistory(1);
                if (payment === id) {
                    payment = null;
                }
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
}

// Says on the page, once, that a payment arrived while the window was closed.
function announce(id, message) {
    if (announced.has(id)) {
        return;
    }
    announced.add(id);
    document.getElementById('topup-announce').textContent = message;
}

// A payment left open before this page loaded: quietly asked about, and announced if it arrives.
async function watch(id) {
    const until = Date.now() + WATCH_FOR_MS;
    for (let wait = WATCH_FIRST_MS; Date.now() < until; wait = Math.min(wait * 1.5, WATCH_LONGEST_MS)) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        if (announced.has(id)) {
            return;
        }
        if (payment === id) {
            // Opened in the window («Продолжить оплату»), which reports by itself meanwhile.
            continue;
        }
        let answer;
        try {
            answer = await api('GET', `/api/topups/${encodeURIComponent(id)}`);
        } catch {
            continue;
        }
        if (answer.status !== 200) {
            return;
        }
        if (answer.data.settled) {
            if (answer.data.status === 'succeeded') {
                document.getElementById('balance').textContent = answer.data.balance;
                announce(id, answer.data.message);
            }
            await refreshHistory(currentPage()).catch(() => {});
            return;
        }
    }
}
