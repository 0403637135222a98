// Times as visitors read them, in the site's time zone and the visitor's language:
// "내일 오전 9:00", "tomorrow 09:00", or a weekday and date further ahead.
import { LOCALES, msg, render } from '/static/common/i18n.js';

const dayOf = (date, timeZone) => new Intl.DateTimeFormat('en-CA', {
  timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

export function when(iso, timeZone = 'Asia/Seoul') {
  const at = new Date(iso);
  return {
    iso,
    render(lang) {
      const locale = LOCALES[lang];
      const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' })
        .format(at);
      const days = (Date.parse(dayOf(at, timeZone)) - Date.parse(dayOf(new Date(), timeZone)))
        / 86400000;
      if (days === 0) return render(msg('time.today', { time }), lang);
      if (days === 1) return render(msg('time.tomorrow', { time }), lang);
      const date = new Intl.DateTimeFormat(locale, {
        timeZone, month: 'long', day: 'numeric', weekday: 'long' }).format(at);
      return render(msg('time.date', { date, time }), lang);
    },
  };
}
