// The account number on the dashboard: one click copies it for a message to support. Without
// JavaScript (or a clipboard) the button stays hidden and the number is selectable as text.

const button = document.getElementById('account-number-copy');
const number = document.getElementById('account-number');
const status = document.getElementById('account-number-status');

if (button && number && navigator.clipboard) {
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener('click', async () => {
        try {
            await navigator.clipboard.writeText(number.textContent.trim());
            status.textContent = button.dataset.copied;
            button.textContent = button.dataset.copied;
            setTimeout(() => {
                button.textContent = label;
                status.textContent = '';
            }, 2500);
        } catch {
            // Refused (no permission): the number is still there to select by hand.
            window.getSelection()?.selectAllChildren(number);
        }
    });
}
