// Payment history on the dashboard. Its pager turns pages in place, keeps focus on the control the
// person used and puts the page into the address, so Back, Forward, reloading and sharing the link all
// show the same page. Without this script the links load /dashboard?page=N as ordinary pages.

let latest = 0;

document.addEventListener('click', (event) => {
    const link = event.target.closest?.('#history a[data-page]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        // Not a pager link, or one opened in a new tab or window: the browser knows what to do.
        return;
    }
    event.preventDefault();
    turnTo(Number(link.dataset.page), link.rel, link.href);
});

window.addEventListener('popstate', () => {
    const shown = document.getElementById('history');
    if (shown && Number(shown.dataset.page) !== pageInAddress()) {
        const focused = shown.contains(document.activeElement) ? document.activeElement.rel : null;
        show(pageInAddress(), { focus: focused, announce: true });
    }
});

/** Shows page {@code page} of the history in place, e.g. page 1 after a payment settled. */
export async function refreshHistory(page) {
    if ((await show(page, { focus: null, announce: false })) === 'shown' && pageInAddress() !== page) {
        window.history.replaceState(null, '', address(page));
    }
}

async function turnTo(page, rel, href) {
    const outcome = await show(page, { focus: rel, announce: true });
    if (outcome === 'shown') {
        window.history.pushState(null, '', address(page));
    } else if (outcome === 'failed') {
        // The server shows that page itself (or the sign-in page, if the session has ended).
        window.location.assign(href);
    }
}

/**
 * Replaces the history with page {@code page}; then focuses the pager link with rel {@code focus}
 * (the history's heading when the new page has none) and, with {@code announce}, says which page this is.
 * Answers 'shown', 'failed', or 'superseded' when a later call got there first.
 */
async function show(page, { focus, announce }) {
    const ticket = ++latest;
    const fresh = await fetchPage(page);
    if (ticket !== latest) {
        return 'superseded';
    }
    const current = document.getElementById('history');
    if (!fresh || !current) {
        return 'failed';
    }
    current.replaceWith(fresh);
    if (announce) {
        document.getElementById('history-announce').textContent =
            fresh.querySelector('.pager-status')?.textContent ?? '';
    }
    if (focus !== null) {
        (fresh.querySelector(`.pager a[rel="${focus}"]`) ?? document.getElementById('history-title')).focus();
    }
    return 'shown';
}

async function fetchPage(page) {
    try {
        const response = await fetch(`/dashboard/history?page=${page}`, { credentials: 'same-origin' });
        if (!response.ok) {
            return null;
        }
        const html = new DOMParser().parseFromString(await response.text(), 'text/html');
        return html.getElementById('history');
    } catch {
        return null;
    }
}

function pageInAddress() {
    return Number(new URLSearchParams(window.location.search).get('page')) || 1;
}

// The address the pager's links have without this script.
function address(page) {
    return `/dashboard?page=${page}#history`;
}
