package ru.myservice.sandbox;

import static ru.myservice.sandbox.FakeHttp.escape;

import java.math.BigDecimal;
import java.net.URI;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.YearMonth;
import java.util.Locale;
import java.util.regex.Pattern;
import ru.myservice.sandbox.FakeYooKassaCards.Card;

/**
 * What the browser gets from {@link FakeYooKassa}: the {@code checkout-widget.js} script (§6 of the contract) and the
 * pages of the iframe it renders — the card form, the result screen and the initialisation error screen.
 *
 * <p>The pages are in Russian, like the real widget, and their inputs and buttons have stable ids for browser tests.
 * Every page posts one message to its parent, {@code {source:"yookassa-fake-widget", event, token[, error]}}, with
 * {@code event} one of {@code ready}, {@code error}, {@code success} or {@code fail}; the script turns those into the
 * widget's promise, {@code error_callback} and events.
 */
final class FakeYooKassaWidget {

    static final String MESSAGE_SOURCE = "yookassa-fake-widget";

    private static final Pattern HEX_COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** The widget script; {@code ORIGIN} is replaced with the fake's origin as a JavaScript string literal. */
    private static final String SCRIPT = """
            /* ЮKassa checkout widget v1 — the local fake for tests and the sandbox. */
            (function () {
              'use strict';
              if (window.YooMoneyCheckoutWidget) {
                return;
              }
              var ORIGIN = ORIGIN_LITERAL;
              var SOURCE = 'yookassa-fake-widget';
              // The real widget keeps its success screen for 10 s before firing "success"; 1 s keeps tests quick.
              var SUCCESS_DELAY_MS = 1000;
              var HEX = /^#[0-9a-fA-F]{6}$/;
              var METHODS = ['bank_card', 'yoo_money', 'mir_pay', 'sber_loan', 'sberbank', 'sbp', 'tinkoff_bank'];

              function report(error) {
                setTimeout(function () { throw error; }, 0);
              }

              function emit(widget, name) {
                var handlers = (widget._handlers[name] || []).slice();
                for (var i = 0; i < handlers.length; i++) {
                  try {
                    handlers[i]();
                  } catch (e) {
                    report(e);
                  }
                }
              }

              function isAbsoluteUrl(value) {
                try {
                  var url = new URL(value);
                  return url.protocol === 'http:' || url.protocol === 'https:';
                } catch (e) {
                  return false;
                }
              }

              function initError(options) {
                var token = options.confirmation_token;
                if (typeof token !== 'string' || token === '') {
                  return 'token_required';
                }
                if (options.return_url !== undefined && options.return_url !== null
                    && !(typeof options.return_url === 'string' && isAbsoluteUrl(options.return_url))) {
                  return 'invalid_return_url';
                }
                var methods = (options.customization || {}).payment_methods;
                if (methods !== undefined && methods !== null) {
                  if (!Array.isArray(methods) || methods.length === 0) {
                    return 'invalid_payment_methods';
                  }
                  for (var i = 0; i < methods.length; i++) {
                    if (METHODS.indexOf(methods[i]) < 0) {
                      return 'invalid_payment_methods';
                    }
                  }
                  var pair = methods.length === 2 && methods.indexOf('bank_card') >= 0 && methods.indexOf('mir_pay') >= 0;
                  if (methods.length > 1 && !pair) {
                    return 'invalid_combination_of_payment_methods';
                  }
                  // Choosing methods needs the manager's approval, which a test shop never has.
                  return 'customization_of_payment_methods_not_allowed';
                }
                return null;
              }

              function YooMoneyCheckoutWidget(options) {
                if (!(this instanceof YooMoneyCheckoutWidget)) {
                  throw new TypeError('YooMoneyCheckoutWidget must be called with new');
                }
                if (!options || typeof options !== 'object') {
                  throw new TypeError('YooMoneyCheckoutWidget: options are required');
                }
                if (typeof options.error_callback !== 'function') {
                  throw new TypeError('YooMoneyCheckoutWidget: error_callback is required');
                }
                this._options = options;
                this._handlers = {};
                this._root = null;
                this._frame = null;
                this._listener = null;
                this._timers = [];
                this._resolve = null;
                this._ready = false;
                this._finished = false;
              }

              YooMoneyCheckoutWidget.prototype.on = function (event, callback) {
                if (typeof callback !== 'function') {
                  return;
                }
                (this._handlers[event] = this._handlers[event] || []).push(callback);
              };

              YooMoneyCheckoutWidget.prototype.render = function (containerId) {
                var self = this;
                self.destroy();
                return new Promise(function (resolve, reject) {
                  var options = self._options;
                  var customization = options.customization || {};
                  var modal = customization.modal === true;
                  var host = modal ? document.body : document.getElementById(containerId);
                  if (!host) {
                    reject(new Error('YooMoneyCheckoutWidget: no element with id "' + containerId + '"'));
                    return;
                  }
                  var problem = initError(options);
                  if (problem) {
                    self._callError(problem);
                    resolve();
                    return;
                  }
                  self._resolve = resolve;
                  self._ready = false;
                  self._finished = false;
                  self._listener = function (event) { self._onMessage(event); };
                  window.addEventListener('message', self._listener);

                  var colors = customization.colors || {};
                  var src = ORIGIN + '/checkout-widget/v1/form?token=' + encodeURIComponent(options.confirmation_token);
                  if (typeof colors.control_primary === 'string' && HEX.test(colors.control_primary)) {
                    src += '&color=' + encodeURIComponent(colors.control_primary);
                  }
                  var frame = document.createElement('iframe');
                  frame.src = src;
                  frame.title = 'ЮKassa';
                  frame.className = 'yookassa-fake-widget-frame';
                  frame.setAttribute('allow', 'payment');
                  frame.style.display = 'block';
                  frame.style.width = '100%';
                  frame.style.minWidth = '288px';
                  frame.style.height = '520px';
                  frame.style.border = '0';
                  // A frame that loads without saying "ready" (an unreachable fake, say) must not leave render() hanging.
                  frame.addEventListener('load', function () { self._settle(); });
                  self._frame = frame;
                  self._root = modal ? self._modal(frame) : frame;
                  host.appendChild(self._root);
                });
              };

              YooMoneyCheckoutWidget.prototype.destroy = function () {
                for (var i = 0; i < this._timers.length; i++) {
                  clearTimeout(this._timers[i]);
                }
                this._timers = [];
                if (this._listener) {
                  window.removeEventListener('message', this._listener);
                  this._listener = null;
                }
                if (this._root && this._root.parentNode) {
                  this._root.parentNode.removeChild(this._root);
                }
                this._root = null;
                this._frame = null;
                this._settle();
              };

              YooMoneyCheckoutWidget.prototype._settle = function () {
                var resolve = this._resolve;
                this._resolve = null;
                if (resolve) {
                  resolve();
                }
              };

              YooMoneyCheckoutWidget.prototype._later = function (fn, delay) {
                this._timers.push(setTimeout(fn, delay));
              };

              YooMoneyCheckoutWidget.prototype._callError = function (code) {
                var callback = this._options.error_callback;
                // The contract allows a string or an object; the docs call it "the error code", so a string it is.
                setTimeout(function () { callback(code); }, 0);
              };

              YooMoneyCheckoutWidget.prototype._modal = function (frame) {
                var self = this;
                var overlay = document.createElement('div');
                overlay.className = 'yookassa-fake-widget-modal';
                var o = overlay.style;
                o.position = 'fixed';
                o.top = '0';
                o.right = '0';
                o.bottom = '0';
                o.left = '0';
                o.zIndex = '2147483000';
                o.display = 'flex';
                o.alignItems = 'center';
                o.justifyContent = 'center';
                o.background = 'rgba(0, 0, 0, 0.5)';
                var box = document.createElement('div');
                var b = box.style;
                b.position = 'relative';
                b.width = '440px';
                b.maxWidth = '100%';
                b.background = '#fff';
                b.borderRadius = '12px';
                b.padding = '36px 8px 8px';
                var close = document.createElement('button');
                close.type = 'button';
                close.id = 'yookassa-fake-modal-close';
                close.setAttribute('aria-label', 'Закрыть');
                close.textContent = '×';
                var c = close.style;
                c.position = 'absolute';
                c.top = '4px';
                c.right = '8px';
                c.border = '0';
                c.background = 'transparent';
                c.fontSize = '24px';
                c.cursor = 'pointer';
                close.addEventListener('click', function () {
                  var fire = !self._options.return_url;
                  self.destroy();
                  if (fire) {
                    emit(self, 'modal_close');
                  }
                });
                box.appendChild(close);
                box.appendChild(frame);
                overlay.appendChild(box);
                return overlay;
              };

              YooMoneyCheckoutWidget.prototype._onMessage = function (event) {
                if (event.origin !== ORIGIN || !this._frame || event.source !== this._frame.contentWindow) {
                  return;
                }
                var data = event.data;
                if (!data || typeof data !== 'object' || data.source !== SOURCE
                    || data.token !== this._options.confirmation_token) {
                  return;
                }
                switch (data.event) {
                  case 'ready':
                    this._ready = true;
                    this._settle();
                    break;
                  case 'error':
                    if (this._ready && data.error === 'token_expired') {
                      // The token ran out while the form was open: that ends the payment, as "fail" in the docs.
                      this._finish('fail', 0);
                    } else if (!this._finished) {
                      this._callError(String(data.error));
                    }
                    this._settle();
                    break;
                  case 'success':
                    this._finish('success', SUCCESS_DELAY_MS);
                    break;
                  case 'fail':
                    this._finish('fail', 0);
                    break;
                  default:
                    break;
                }
              };

              YooMoneyCheckoutWidget.prototype._finish = function (name, delay) {
                if (this._finished) {
                  return;
                }
                this._finished = true;
                var self = this;
                var returnUrl = self._options.return_url;
                self._later(function () {
                  if (returnUrl) {
                    // With return_url the real widget navigates away and fires no events.
                    window.location.assign(returnUrl);
                    return;
                  }
                  emit(self, name);
                  emit(self, 'complete');
                }, delay);
              };

              window.YooMoneyCheckoutWidget = YooMoneyCheckoutWidget;
            })();
            """;

    private static final String STYLE = """
            :root{color-scheme:light;--primary:#ffcc00;--primary-text:#1a1a1a}
            *{box-sizing:border-box}
            body{margin:0;background:#fff;color:#1a1a1a;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:440px;margin:0 auto;padding:16px 18px}
            header{display:flex;align-items:center;gap:8px;margin-bottom:6px}
            .logo{font-weight:800;font-size:18px;letter-spacing:-.3px}
            .logo span{color:#7b61ff}
            h1{font-size:13px;font-weight:500;color:#666;margin:0}
            .badge{margin-left:auto;font-size:11px;border:1px solid #999;color:#666;border-radius:999px;padding:1px 8px}
            .amount{font-size:26px;font-weight:700;margin:8px 0 0}
            .description{color:#555;margin:2px 0 10px;word-break:break-word}
            .shop{color:#888;font-size:12px;margin:0}
            label{display:block;font-size:13px;color:#555;margin:10px 0 3px}
            input{width:100%;padding:10px 12px;border:1px solid #cfd4da;border-radius:8px;font-size:16px;font-family:inherit}
            input:focus{outline:2px solid var(--primary);border-color:transparent}
            .row{display:flex;gap:12px}.row>div{flex:1}
            #pay{width:100%;margin-top:16px;padding:12px;border:0;border-radius:8px;background:var(--primary);color:var(--primary-text);font-size:16px;font-weight:600;cursor:pointer}
            #pay:disabled{opacity:.6;cursor:progress}
            .error{background:#fdecea;color:#8a1c12;border-radius:8px;padding:8px 12px;margin:10px 0}
            .cards{margin-top:16px;font-size:12px;color:#555;border-top:1px solid #eee;padding-top:8px}
            .cards h2{font-size:13px;margin:4px 0}
            .cards ul{list-style:none;margin:4px 0;padding:0}
            .cards li{margin:2px 0}
            .use-card{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;border:1px solid #ddd;background:#f7f7f7;border-radius:4px;padding:1px 5px;cursor:pointer}
            .screen{text-align:center;padding:48px 8px}
            .screen .mark{font-size:44px;line-height:1}
            .screen h2{font-size:20px;margin:12px 0 6px}
            .screen p{color:#555;margin:4px 0}
            """;

    // Runs inside the fake's own page, which has no CSP; it reads everything from data attributes, so nothing echoed
    // ever lands inside script text.
    private static final String PAGE_SCRIPT = """
            (function () {
              var body = document.body;
              var message = {
                source: 'yookassa-fake-widget',
                event: body.getAttribute('data-event'),
                token: body.getAttribute('data-token')
              };
              var error = body.getAttribute('data-error');
              if (error) {
                message.error = error;
              }
              if (message.event && window.parent && window.parent !== window) {
                window.parent.postMessage(message, '*');
              }
              var buttons = document.querySelectorAll('[data-card]');
              for (var i = 0; i < buttons.length; i++) {
                buttons[i].addEventListener('click', function (e) {
                  var field = document.getElementById('card-number');
                  field.value = e.currentTarget.getAttribute('data-card');
                  field.focus();
                });
              }
              var form = document.getElementById('card-form');
              if (form) {
                form.addEventListener('submit', function () {
                  var pay = document.getElementById('pay');
                  pay.disabled = true;
                  pay.textContent = 'Проводим платёж…';
                });
              }
            })();
            """;

    private FakeYooKassaWidget() {}

    /** What the form shows about the payment. {@code color} is a checked {@code #RRGGBB} or null. */
    record Checkout(
            String token, String shopId, BigDecimal amount, String currency, String description, String color) {}

    static String script(URI origin) {
        return SCRIPT.replace("ORIGIN_LITERAL", FakeHttp.JSON.writeValueAsString(origin.toString()));
    }

    /** The colour if it is {@code #RRGGBB}, else null: the real widget ignores anything but HEX. */
    static String color(String raw) {
        return raw != null && HEX_COLOR.matcher(raw).matches() ? raw : null;
    }

    static String expiryText(YearMonth expiry) {
        return String.format(Locale.ROOT, "%02d/%02d", expiry.getMonthValue(), expiry.getYear() % 100);
    }

    static String form(Checkout c, String cardNumber, String expiry, String cvc, String problem) {
        StringBuilder page = start(c.token(), "ready", null, c.color());
        summary(page, c);
        if (problem != null) {
            page.append("<p class=\"error\" id=\"error\" role=\"alert\">")
                    .append(escape(problem))
                    .append("</p>");
        }
        page.append(
                        "<form id=\"card-form\" method=\"post\" action=\"pay\" accept-charset=\"UTF-8\" autocomplete=\"off\">")
                .append(hidden("token", c.token()));
        if (c.color() != null) {
            page.append(hidden("color", c.color()));
        }
        page.append("<label for=\"card-number\">Номер карты</label>")
                .append(input("card-number", "card_number", cardNumber, "numeric", "0000 0000 0000 0000"))
                .append("<div class=\"row\"><div><label for=\"card-expiry\">Срок действия</label>")
                .append(input("card-expiry", "expiry", expiry, "numeric", "ММ/ГГ"))
                .append("</div><div><label for=\"card-cvc\">CVC</label>")
                .append(input("card-cvc", "cvc", cvc, "numeric", "123"))
                .append("</div></div>")
                .append("<button type=\"submit\" id=\"pay\">Заплатить ")
                .append(escape(rubles(c.amount(), c.currency())))
                .append("</button></form>");

        page.append("<section class=\"cards\" id=\"test-cards\"><h2>Тестовые карты</h2>")
                .append("<p>Срок действия — любой в будущем, CVC — любые три цифры. Успешная оплата:</p>")
                .append("<ul id=\"success-cards\">");
        for (Card card : FakeYooKassaCards.ALL) {
            if (card.succeeds()) {
                cardItem(page, card, card.threeDSecure() ? "с 3-D Secure" : "без 3-D Secure");
            }
        }
        page.append("</ul><p>Отказ (платёж будет отменён с этой причиной):</p><ul id=\"decline-cards\">");
        for (Card card : FakeYooKassaCards.ALL) {
            if (!card.succeeds()) {
                cardItem(
                        page,
                        card,
                        card.reason() + " (" + card.party() + "): " + FakeYooKassaCards.reasonText(card.reason()));
            }
        }
        page.append("</ul></section>");
        return finish(page);
    }

    /** The screen after paying; {@code declineReason} is null for a successful payment. */
    static String result(Checkout c, String declineReason) {
        boolean success = declineReason == null;
        StringBuilder page = start(c.token(), success ? "success" : "fail", null, c.color());
        page.append("<section class=\"screen\" id=\"result\" data-status=\"")
                .append(success ? "succeeded" : "canceled")
                .append("\">");
        if (success) {
            page.append("<div class=\"mark\">✓</div><h2 id=\"result-title\">Оплата прошла</h2><p id=\"result-amount\">")
                    .append(escape(rubles(c.amount(), c.currency())))
                    .append("</p><p>")
                    .append(escape(c.description()))
                    .append("</p>");
        } else {
            page.append("<div class=\"mark\">✕</div><h2 id=\"result-title\">Платёж не прошёл</h2>")
                    .append("<p id=\"result-reason\">")
                    .append(escape(FakeYooKassaCards.reasonText(declineReason)))
                    .append(" (")
                    .append(escape(declineReason))
                    .append(")</p><p>Чтобы попробовать ещё раз, нужен новый платёж.</p>");
        }
        page.append("</section>");
        return finish(page);
    }

    static String initError(String token, String code, String color) {
        StringBuilder page = start(token, "error", code, color);
        String text = switch (code) {
            case "token_required" -> "Не передан confirmation_token: виджету нечего показывать.";
            case "invalid_token" -> "Платёж с таким токеном не найден. Создайте новый платёж.";
            case "token_expired" ->
                "Токен больше не действует: платёж уже оплачен, отменён или время на оплату истекло."
                        + " Для новой попытки создайте новый платёж.";
            default -> "Виджет не удалось запустить.";
        };
        page.append(
                        "<section class=\"screen\" id=\"init-error\"><div class=\"mark\">!</div><h2>Не получилось открыть оплату</h2>")
                .append("<p id=\"error\">")
                .append(escape(text))
                .append("</p><p><code id=\"error-code\">")
                .append(escape(code))
                .append("</code></p></section>");
        return finish(page);
    }

    /** {@code 1 500,00 ₽}: a no-break space between thousands, a plain space before the sign. */
    static String rubles(BigDecimal amount, String currency) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setGroupingSeparator('\u00a0');
        symbols.setDecimalSeparator(',');
        String number = new DecimalFormat("#,##0.00", symbols).format(amount);
        return number + " " + (currency.equals("RUB") ? "₽" : currency);
    }

    private static StringBuilder start(String token, String event, String error, String color) {
        StringBuilder page = new StringBuilder(8192);
        page.append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>ЮKassa — песочница</title><style>")
                .append(STYLE);
        if (color != null) {
            page.append(":root{--primary:").append(escape(color)).append("}");
        }
        page.append("</style></head><body data-source=\"")
                .append(MESSAGE_SOURCE)
                .append("\" data-event=\"")
                .append(escape(event))
                .append("\" data-token=\"")
                .append(escape(token))
                .append("\"");
        if (error != null) {
            page.append(" data-error=\"").append(escape(error)).append("\"");
        }
        page.append("><main><header><span class=\"logo\">Ю<span>K</span>assa</span>")
                .append("<h1 id=\"title\">ЮKassa — песочница</h1><span class=\"badge\">тест</span></header>");
        return page;
    }

    private static String finish(StringBuilder page) {
        return page.append("</main><script>")
                .append(PAGE_SCRIPT)
                .append("</script></body></html>")
                .toString();
    }

    private static void summary(StringBuilder page, Checkout c) {
        page.append("<p class=\"shop\" id=\"shop\">Тестовый магазин ")
                .append(escape(c.shopId()))
                .append("</p><p class=\"amount\" id=\"amount\">")
                .append(escape(rubles(c.amount(), c.currency())))
                .append("</p>");
        if (!c.description().isEmpty()) {
            page.append("<p class=\"description\" id=\"description\">")
                    .append(escape(c.description()))
                    .append("</p>");
        }
    }

    private static void cardItem(StringBuilder page, Card card, String note) {
        page.append("<li><button type=\"button\" class=\"use-card\" id=\"use-")
                .append(card.number())
                .append("\" data-card=\"")
                .append(card.number())
                .append("\">")
                .append(grouped(card.number()))
                .append("</button> — ")
                .append(escape(note))
                .append("</li>");
    }

    private static String grouped(String number) {
        return number.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
    }

    private static String input(String id, String name, String value, String mode, String placeholder) {
        return "<input type=\"text\" id=\"" + id + "\" name=\"" + name + "\" value=\"" + escape(value)
                + "\" inputmode=\"" + mode + "\" placeholder=\"" + escape(placeholder) + "\" autocomplete=\"off\">";
    }
}
