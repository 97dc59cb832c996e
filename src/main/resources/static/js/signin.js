// Telegram sign-in: Telegram's widget hands us signed fields in this page; we post them to our
// server as an ordinary form with the CSRF token, so nobody can sign a person in from elsewhere.

const button = document.getElementById('signin-telegram');

if (button) {
    button.addEventListener('click', async () => {
        button.disabled = true;
        try {
            await loadScript(button.dataset.widget);
        } catch {
            button.disabled = false;
            return;
        }
        // No request_access: nothing here sends the person messages, so the bot does not ask to.
        window.Telegram.Login.auth(
            { bot_id: button.dataset.botId, lang: document.documentElement.lang },
            (data) => {
                if (!data) {
                    window.location.href = button.dataset.cancel;
                    return;
                }
                post('/signin/telegram', data);
            },
        );
    });
}

function loadScript(src) {
    if (window.Telegram?.Login) {
        return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
    });
}

function post(action, fields) {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = action;
    const all = { ...fields, _csrf: document.querySelector('meta[name="csrf-token"]')?.content ?? '' };
    for (const [name, value] of Object.entries(all)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = String(value);
        form.appendChild(input);
    }
    document.body.appendChild(form);
    form.submit();
}
