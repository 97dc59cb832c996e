// Top-up on the dashboard: validate the amount, create the payment on our server, show YooKassa's
// widget in our own modal, and then ask our server (never the browser event) whether money arrived.

import { refreshHistory } from './history.js';

const form = document.getElementById('topup-form');
const texts = document.getElementById('topup-texts')?.dataset ?? {};
const AMOUNT = /^\d{1,9}([.,]\d{1,2})?$/;
const POLL_EVERY_MS = 1500;
const POLL_TIMES = 40;

let widget = null;
let payment = null;
let lastAmount = null;
let renewedToken = false;
let finishing = false;

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

function showError(message) {
    const error = document.getElementById('topup-error');
    error.textContent = message ?? '';
    error.hidden = !message;
    document.getElementById('topup-amount').setAttribute('aria-invalid', message ? 'true' : 'false');
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

async function startPayment(amount) {
    const button = document.getElementById('topup-submit');
    button.disabled = true;
    showError('');
    try {
        const answer = await api('POST', '/api/topups', { amount });
        if (sessionEnded(answer)) {
            showSessionEnded();
            return;
        }
        if (answer.status !== 200) {
            showError(answer.data.detail ?? texts.network);
            return;
        }
        lastAmount = amount;
        payment = answer.data.paymentId;
        openModal();
        showStatus(texts.loading);
        await loadWidgetScript(form.dataset.widget);
        renderWidget(answer.data.confirmationToken);
    } catch {
        showError(texts.network);
        closeModal();
    } finally {
        button.disabled = false;
        if (!modal().open && document.activeElement === document.body) {
            // The window closed while the button was disabled and could not take the focus back.
            button.focus();
        }
    }
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
            script.onload = resolve;
            script.onerror = () => {
                scriptLoading = null;
                reject(new Error('widget script'));
            };
            document.head.appendChild(script);
        });
    }
    return scriptLoading;
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
        // The person may have paid just before closing: settle quietly in the background.
        pollStatus(payment, false);
    }
    document.getElementById('topup-submit').focus();
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
